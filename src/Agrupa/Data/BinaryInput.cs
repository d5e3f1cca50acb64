using System.Buffers.Binary;
using System.IO.Compression;

namespace Agrupa.Data;

/// <summary>
/// A binary data file opened for sequential reading, transparently gunzipped when it starts with the gzip magic
/// (1f 8b). Every short read, corrupt gzip stream or size that disagrees with the file becomes a
/// <see cref="DataFormatException"/> naming the file and the (uncompressed) byte offset.
/// </summary>
internal sealed class BinaryInput : IDisposable
{
    private const int ChunkSize = 1 << 20;
    private readonly Stream _stream;
    private readonly FileStream _file;

    private BinaryInput(string path, FileStream file, Stream stream, bool compressed)
    {
        Path = path;
        _file = file;
        _stream = stream;
        IsCompressed = compressed;
    }

    /// <summary>The file as the user named it (used in every error).</summary>
    public string Path { get; }

    /// <summary>True when the file is gzip-compressed.</summary>
    public bool IsCompressed { get; }

    /// <summary>Bytes consumed so far (uncompressed).</summary>
    public long Position { get; private set; }

    /// <summary>Bytes left, when known (plain files); null for gzip streams.</summary>
    public long? Remaining => IsCompressed ? null : _file.Length - Position;

    /// <summary>Length of the file on disk (compressed length for gzip).</summary>
    public long FileLength => _file.Length;

    /// <summary>Opens <paramref name="path"/>; a missing file raises <see cref="FileNotFoundException"/>.</summary>
    public static BinaryInput Open(string path)
    {
        if (Directory.Exists(path)) throw new DataFormatException(path, "is a folder, expected a file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            bool gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
            return new BinaryInput(path, file, stream, gzip);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes or throws "file ends early" naming <paramref name="what"/>.</summary>
    public void ReadExactly(Span<byte> buffer, string what)
    {
        long start = Position;
        int got = Fill(buffer);
        if (got < buffer.Length)
            throw new DataFormatException(Path, $"file ends early: expected {buffer.Length} bytes of {what}, found {got}.", offset: start + got);
    }

    /// <summary>A big-endian 32-bit integer.</summary>
    public int ReadInt32BigEndian(string what)
    {
        Span<byte> bytes = stackalloc byte[4];
        ReadExactly(bytes, what);
        return BinaryPrimitives.ReadInt32BigEndian(bytes);
    }

    /// <summary>
    /// Reads the payload of <paramref name="byteCount"/> declared bytes that must end the file exactly. For plain
    /// files the declared size is compared with the file length before anything is allocated; for gzip streams the
    /// buffer grows only as real data arrives, so a huge declared size cannot allocate more than the data holds.
    /// </summary>
    public byte[] ReadPayload(long byteCount, string what, bool allowTrailing = false)
    {
        long start = Position;
        if (byteCount < 0 || byteCount > Array.MaxLength)
            throw new DataFormatException(Path, $"declared {what} size of {byteCount:N0} bytes is not readable (at most {Array.MaxLength:N0}).", offset: start);
        if (Remaining is { } remaining)
        {
            if (remaining < byteCount)
                throw new DataFormatException(Path, $"the header declares {byteCount:N0} bytes of {what} but only {remaining:N0} bytes follow (truncated file or wrong header).", offset: start);
            if (remaining > byteCount && !allowTrailing)
                throw new DataFormatException(Path, $"the header declares {byteCount:N0} bytes of {what} but {remaining:N0} bytes follow (trailing data or wrong header).", offset: start + byteCount);
            var data = new byte[byteCount];
            ReadExactly(data, what);
            return data;
        }
        var chunks = new List<byte[]>();
        long total = 0;
        while (total < byteCount)
        {
            var chunk = new byte[(int)Math.Min(ChunkSize, byteCount - total)];
            int got = Fill(chunk);
            if (got < chunk.Length)
                throw new DataFormatException(Path, $"the header declares {byteCount:N0} bytes of {what} but the (decompressed) file ends after {total + got:N0} (truncated file or wrong header).", offset: start + total + got);
            chunks.Add(chunk);
            total += got;
        }
        if (!allowTrailing)
        {
            Span<byte> probe = stackalloc byte[1];
            if (Fill(probe) > 0)
                throw new DataFormatException(Path, $"the header declares {byteCount:N0} bytes of {what} but more data follows (trailing data or wrong header).", offset: start + byteCount);
        }
        if (chunks.Count == 1) return chunks[0];
        var result = new byte[byteCount];
        long at = 0;
        foreach (byte[] chunk in chunks)
        {
            Array.Copy(chunk, 0, result, at, chunk.Length);
            at += chunk.Length;
        }
        return result;
    }

    /// <summary>Reads everything left, growing only as data arrives; more than <paramref name="maxBytes"/> is refused.</summary>
    public byte[] ReadToEnd(long maxBytes, string what)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[1 << 16];
        while (true)
        {
            int got = Fill(buffer);
            if (got == 0) break;
            memory.Write(buffer, 0, got);
            if (memory.Length > maxBytes)
                throw new DataFormatException(Path, $"the (decompressed) {what} exceeds {maxBytes:N0} bytes, more than this reader accepts.", offset: maxBytes);
        }
        return memory.ToArray();
    }

    private int Fill(Span<byte> buffer)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int got = _stream.Read(buffer[total..]);
                if (got == 0) break;
                total += got;
            }
        }
        catch (InvalidDataException exception)
        {
            throw new DataFormatException(Path, $"corrupt gzip stream ({exception.Message})", offset: Position + total, inner: exception);
        }
        Position += total;
        return total;
    }

    public void Dispose()
    {
        if (!ReferenceEquals(_stream, _file)) _stream.Dispose();
        _file.Dispose();
    }
}
