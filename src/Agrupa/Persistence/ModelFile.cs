using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agrupa.Data;

namespace Agrupa.Persistence;

/// <summary>
/// Reads and writes Agrupa model files: one versioned, checksummed binary container for any fitted model (and for
/// training checkpoints). Data only: reading never instantiates types named by the file (no BinaryFormatter, no
/// pickle), every declared size is checked against the bytes that are really there before anything is allocated, and
/// every failure is a <see cref="DataFormatException"/> naming the file, the byte offset and what was wrong.
/// </summary>
/// <remarks>
/// Byte layout (all integers little-endian; documented again in docs/formats.md, "Model files"):
/// <code>
/// offset  size  field
///      0     8  magic: 0x89 'A' 'G' 'R' 'U' 'P' 'A' 0x0A   (0x89 catches 7-bit transfers, 0x0A line-ending mangling)
///      8     2  format version (uint16), currently 1
///     10     2  oldest format version able to read this file (uint16); readers older than that refuse the file
///     12     4  flags (uint32), 0; readers reject unknown bits
///     16     8  payload length P in bytes (uint64); must equal file length − 56
///     24    32  SHA-256 of the P payload bytes
///     56     P  payload:
///                 4  header length H (uint32, at most 16 MiB)
///                 H  header: UTF-8 JSON object; "kind" (string) and "agrupaVersion" (string) always present,
///                    the rest is the model's (options, data shape, scaler, training history, …)
///                 4  array count N (uint32, at most 65,536)
///                 N × array:
///                     2  name length L (uint16, 1..1024)
///                     L  name, UTF-8 (unique within the file), e.g. "network.encoder.0.weight"
///                     1  element type (1 float32, 2 int32, 3 uint8)
///                     1  rank R (0..8)
///                   8·R  dimensions (int64 each, ≥ 0)
///                     .  values, row-major, element size × product of dimensions bytes
///               the payload ends exactly after the last array
/// </code>
/// A file written by a newer Agrupa is read when its "oldest reader" field is ≤ <see cref="FormatVersion"/> and is
/// refused with a message otherwise. Files are written to a temporary file beside the target and moved over it, so a
/// crash leaves either the old file or the new one.
/// </remarks>
public static class ModelFile
{
    /// <summary>The format version this build writes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>The oldest reader version able to read what this build writes.</summary>
    public const ushort OldestReaderVersion = 1;

    /// <summary>Bytes before the payload.</summary>
    public const int PreambleSize = 56;

    internal const int MaximumRank = 8;
    internal const int MaximumHeaderBytes = 16 << 20;
    internal const int MaximumArrays = 65_536;
    internal const int MaximumNameBytes = 1024;
    internal const long MaximumFileBytes = int.MaxValue;

    private static ReadOnlySpan<byte> Magic => [0x89, (byte)'A', (byte)'G', (byte)'R', (byte)'U', (byte)'P', (byte)'A', 0x0A];

    /// <summary>The Agrupa version written into headers.</summary>
    public static string AgrupaVersion { get; } =
        typeof(ModelFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically (temporary file, then move).</summary>
    public static void Write(string path, ModelFileContent content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(content);
        content.Header["agrupaVersion"] ??= AgrupaVersion;
        byte[] payload = EncodePayload(content);
        var preamble = new byte[PreambleSize];
        Magic.CopyTo(preamble);
        BinaryPrimitives.WriteUInt16LittleEndian(preamble.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(preamble.AsSpan(10), OldestReaderVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(preamble.AsSpan(12), 0);
        BinaryPrimitives.WriteUInt64LittleEndian(preamble.AsSpan(16), (ulong)payload.LongLength);
        SHA256.HashData(payload, preamble.AsSpan(24, 32));
        Data.AtomicFile.Write(path, stream =>
        {
            stream.Write(preamble);
            stream.Write(payload);
        });
    }

    /// <summary>
    /// Reads a model file. Throws <see cref="DataFormatException"/> for a truncated, corrupted, foreign or too-new file
    /// (or, with <paramref name="expectedKind"/>, a file holding another kind of model), and the usual
    /// <see cref="FileNotFoundException"/>/<see cref="IOException"/> when it cannot be opened.
    /// </summary>
    public static ModelFileContent Read(string path, string? expectedKind = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            if (stream.Length > MaximumFileBytes)
                throw new DataFormatException(path, $"the file has {stream.Length:N0} bytes; model files are limited to {MaximumFileBytes:N0}.");
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        ModelFileContent content = Parse(bytes, path);
        if (expectedKind is not null && content.Kind != expectedKind)
            throw new DataFormatException(path, $"the file holds a '{content.Kind}' model, expected '{expectedKind}'.");
        return content;
    }

    /// <summary>Parses the bytes of a model file; <paramref name="path"/> is used in error messages only.</summary>
    public static ModelFileContent Parse(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            if (bytes.Length < Magic.Length && Magic.StartsWith(bytes))
                throw new DataFormatException(path, $"truncated model file: {bytes.Length} bytes, the preamble alone has {PreambleSize}.", offset: bytes.Length);
            throw new DataFormatException(path, "not an Agrupa model file (the first 8 bytes are not the model-file magic).", offset: 0);
        }
        if (bytes.Length < PreambleSize)
            throw new DataFormatException(path, $"truncated model file: {bytes.Length} bytes, the preamble alone has {PreambleSize}.", offset: bytes.Length);
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
        ushort oldestReader = BinaryPrimitives.ReadUInt16LittleEndian(bytes[10..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        ulong payloadLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        if (version == 0 || oldestReader == 0 || oldestReader > version)
            throw new DataFormatException(path, $"invalid format version {version} (oldest reader {oldestReader}).", offset: 8);
        if (oldestReader > FormatVersion)
            throw new DataFormatException(path, $"the file uses model-file format {version}, which needs a reader of version {oldestReader} or newer; this Agrupa ({AgrupaVersion}) reads format {FormatVersion}. Upgrade Agrupa to load it.", offset: 8);
        if (flags != 0)
            throw new DataFormatException(path, $"unknown flags 0x{flags:X8} in the preamble.", offset: 12);
        long actual = bytes.Length - PreambleSize;
        if (payloadLength > (ulong)actual)
            throw new DataFormatException(path, $"truncated model file: the preamble declares {payloadLength:N0} payload bytes, only {actual:N0} are present.", offset: bytes.Length);
        if (payloadLength < (ulong)actual)
            throw new DataFormatException(path, $"{actual - (long)payloadLength:N0} unexpected bytes after the declared payload of {payloadLength:N0} bytes.", offset: PreambleSize + (long)payloadLength);
        ReadOnlySpan<byte> payload = bytes[PreambleSize..];
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(payload, hash);
        if (!hash.SequenceEqual(bytes.Slice(24, 32)))
            throw new DataFormatException(path, "checksum mismatch: the file is corrupted (SHA-256 of the payload differs from the one stored).", offset: 24);
        return DecodePayload(payload, path);
    }

    private static byte[] EncodePayload(ModelFileContent content)
    {
        byte[] header = JsonSerializer.SerializeToUtf8Bytes(content.Header);
        if (header.Length > MaximumHeaderBytes) throw new ArgumentException($"The JSON header has {header.Length:N0} bytes; at most {MaximumHeaderBytes:N0} are allowed.", nameof(content));
        if (content.Arrays.Count > MaximumArrays) throw new ArgumentException($"At most {MaximumArrays} arrays are allowed, got {content.Arrays.Count}.", nameof(content));
        using var memory = new MemoryStream();
        using var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true);
        writer.Write((uint)header.Length);
        writer.Write(header);
        writer.Write((uint)content.Arrays.Count);
        foreach (var (name, array) in content.Arrays.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            byte[] nameBytes = Encoding.UTF8.GetBytes(name);
            if (nameBytes.Length is 0 or > MaximumNameBytes) throw new ArgumentException($"Array name '{name}' must have 1 to {MaximumNameBytes} UTF-8 bytes.", nameof(content));
            writer.Write((ushort)nameBytes.Length);
            writer.Write(nameBytes);
            writer.Write((byte)array.Type);
            writer.Write((byte)array.Shape.Count);
            foreach (long d in array.Shape) writer.Write(d);
            ReadOnlySpan<byte> raw = array.Values switch
            {
                float[] f => MemoryMarshal.AsBytes(f.AsSpan()),
                int[] i => MemoryMarshal.AsBytes(i.AsSpan()),
                byte[] b => b,
                _ => throw new InvalidOperationException("Unsupported array type."),
            };
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Model files are written on little-endian machines only.");
            writer.Write(raw);
        }
        writer.Flush();
        return memory.ToArray();
    }

    private static ModelFileContent DecodePayload(ReadOnlySpan<byte> payload, string path)
    {
        var reader = new BoundedReader(payload, path, PreambleSize);
        uint headerLength = reader.UInt32("header length");
        if (headerLength > MaximumHeaderBytes)
            throw reader.Error($"the JSON header declares {headerLength:N0} bytes; at most {MaximumHeaderBytes:N0} are allowed.", -4);
        long headerOffset = reader.Offset;
        ReadOnlySpan<byte> headerBytes = reader.Bytes((int)headerLength, "JSON header");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject
                ?? throw new DataFormatException(path, "the header is not a JSON object.", offset: headerOffset);
        }
        catch (JsonException exception)
        {
            throw new DataFormatException(path, $"the JSON header is malformed: {exception.Message}", offset: headerOffset, inner: exception);
        }
        if (header["kind"] is not JsonValue kindValue || !kindValue.TryGetValue(out string? kind) || string.IsNullOrWhiteSpace(kind))
            throw new DataFormatException(path, "the JSON header has no \"kind\" string.", offset: headerOffset);
        uint count = reader.UInt32("array count");
        if (count > MaximumArrays)
            throw reader.Error($"the file declares {count:N0} arrays; at most {MaximumArrays:N0} are allowed.", -4);
        var arrays = new Dictionary<string, ModelArray>((int)Math.Min(count, 1024), StringComparer.Ordinal);
        for (uint a = 0; a < count; a++)
        {
            long start = reader.Offset;
            ushort nameLength = reader.UInt16("array name length");
            if (nameLength is 0 or > MaximumNameBytes)
                throw reader.Error($"array {a}: name length {nameLength} is outside 1..{MaximumNameBytes}.", -2);
            string name;
            try
            {
                name = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(reader.Bytes(nameLength, $"array {a} name"));
            }
            catch (DecoderFallbackException exception)
            {
                throw new DataFormatException(path, $"array {a}: the name is not valid UTF-8.", offset: start + 2, inner: exception);
            }
            if (arrays.ContainsKey(name)) throw new DataFormatException(path, $"array '{name}' appears twice.", offset: start);
            byte typeCode = reader.Byte($"array '{name}' element type");
            if (typeCode is < 1 or > 3) throw reader.Error($"array '{name}': unknown element type code {typeCode}.", -1);
            var type = (ModelArrayType)typeCode;
            int elementSize = type == ModelArrayType.UInt8 ? 1 : 4;
            byte rank = reader.Byte($"array '{name}' rank");
            if (rank > MaximumRank) throw reader.Error($"array '{name}': rank {rank} exceeds {MaximumRank}.", -1);
            var shape = new long[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++)
            {
                long dimension = reader.Int64($"array '{name}' dimension {d}");
                if (dimension < 0) throw reader.Error($"array '{name}': negative dimension {dimension}.", -8);
                shape[d] = dimension;
                // Bound the product by the bytes left before multiplying further (no overflow, no huge allocation).
                if (dimension != 0 && elements > reader.Remaining / elementSize / dimension)
                    throw reader.Error($"array '{name}': shape [{string.Join(", ", shape.Take(d + 1))}…] needs more bytes than the {reader.Remaining:N0} left in the file.", -8);
                elements *= dimension;
            }
            long byteCount = elements * elementSize;
            ReadOnlySpan<byte> raw = reader.Bytes(byteCount, $"array '{name}' values");
            Array values = type switch
            {
                ModelArrayType.Float32 => MemoryMarshal.Cast<byte, float>(raw).ToArray(),
                ModelArrayType.Int32 => MemoryMarshal.Cast<byte, int>(raw).ToArray(),
                _ => raw.ToArray(),
            };
            arrays.Add(name, ModelArray.Create(type, shape, values));
        }
        if (reader.Remaining != 0)
            throw reader.Error($"{reader.Remaining:N0} bytes after the last array are not part of the format.", 0);
        return new ModelFileContent(kind, header, arrays);
    }

    /// <summary>Sequential reads over the payload that never step past its end; errors carry the file offset.</summary>
    private ref struct BoundedReader(ReadOnlySpan<byte> data, string path, long baseOffset)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly long Offset => baseOffset + _position;
        public readonly long Remaining => _data.Length - _position;

        public readonly DataFormatException Error(string detail, int relative) => new(path, detail, offset: Offset + relative);

        public ReadOnlySpan<byte> Bytes(long count, string what)
        {
            if (count < 0 || count > Remaining)
                throw new DataFormatException(path, $"{what}: {count:N0} bytes declared, only {Remaining:N0} left in the payload.", offset: Offset);
            var slice = _data.Slice(_position, (int)count);
            _position += (int)count;
            return slice;
        }

        public byte Byte(string what) => Bytes(1, what)[0];
        public ushort UInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2, what));
        public uint UInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, what));
        public long Int64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8, what));
    }
}
