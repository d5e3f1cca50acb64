using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Agrupa.Data;

/// <summary>
/// Reads NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0; NEP 1): dtypes float16/32/64, int8–64 and
/// uint8–64 in little or big endian, C or Fortran order. Shape (n) is n×1, (n, d) is n×d, (n, h, w) becomes grey
/// images 1×h×w, (n, c, h, w) images c×h×w, higher ranks are flattened. A gzip-compressed file (<c>.npy.gz</c>) is
/// read too. Malformed content throws only <see cref="DataFormatException"/>.
/// </summary>
public static partial class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads the array as a data set without labels named after the file.</summary>
    /// <param name="path">The .npy file.</param>
    /// <param name="allowNonFinite">Keep NaN/±∞ values instead of rejecting the file.</param>
    public static Dataset Read(string path, bool allowNonFinite = false)
    {
        (float[] values, long[] shape, long payloadOffset, int elementSize) = ReadArray(path);
        (int rows, int features, ImageShape? image) = ReaderChecks.Interpret(shape, path, payloadOffset);
        if (!allowNonFinite) ReaderChecks.RejectNonFinite(values, features, path, payloadOffset, elementSize);
        return new Dataset(System.IO.Path.GetFileNameWithoutExtension(path), values, features, imageShape: image);
    }

    /// <summary>
    /// Reads a 1-D (or n×1) array of integers (any integer dtype, or floats holding whole numbers) as class labels;
    /// values must be ≥ −1 (−1 = unknown).
    /// </summary>
    public static int[] ReadLabels(string path)
    {
        (float[] values, long[] shape, long payloadOffset, int elementSize) = ReadArray(path, exactIntegers: true);
        if (shape.Length == 0 || shape.Length > 2 || (shape.Length == 2 && shape[1] != 1))
            throw new DataFormatException(path, $"labels must be a 1-D array (or n×1), found shape ({string.Join(", ", shape)}).", offset: payloadOffset);
        var labels = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (!(v >= -1 && v <= int.MaxValue) || v != MathF.Round(v))
                throw new DataFormatException(path, $"label {i} is {v.ToString(CultureInfo.InvariantCulture)}; expected a whole number ≥ −1.", offset: payloadOffset + (long)i * elementSize);
            labels[i] = (int)v;
        }
        return labels;
    }

    /// <summary>Reads the raw array: values in C order, the shape, the payload's byte offset and the element size.</summary>
    internal static (float[] Values, long[] Shape, long PayloadOffset, int ElementSize) ReadArray(string path, bool exactIntegers = false)
    {
        using BinaryInput input = BinaryInput.Open(path);
        Span<byte> prefix = stackalloc byte[8];
        input.ReadExactly(prefix, "the NPY magic string and version");
        if (!prefix[..6].SequenceEqual(Magic))
            throw new DataFormatException(path, "not a NumPy .npy file: expected the magic string \\x93NUMPY at the start.", offset: 0);
        byte major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            Span<byte> length = stackalloc byte[2];
            input.ReadExactly(length, "the NPY header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(length);
        }
        else if (major is 2 or 3)
        {
            Span<byte> length = stackalloc byte[4];
            input.ReadExactly(length, "the NPY header length");
            uint declared = BinaryPrimitives.ReadUInt32LittleEndian(length);
            if (declared > 1 << 20) throw new DataFormatException(path, $"NPY header length {declared:N0} is implausible (at most 1 MiB).", offset: 8);
            headerLength = (int)declared;
        }
        else throw new DataFormatException(path, $"unsupported NPY format version {major}.{prefix[7]}; expected 1.0, 2.0 or 3.0.", offset: 6);
        long headerOffset = input.Position;
        if (input.Remaining is { } left && left < headerLength)
            throw new DataFormatException(path, $"file ends inside the NPY header: {headerLength} header bytes declared, {left} present.", offset: headerOffset);
        var headerBytes = new byte[headerLength];
        input.ReadExactly(headerBytes, "the NPY header");
        string header;
        try
        {
            header = new UTF8Encoding(false, true).GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw new DataFormatException(path, "the NPY header is not text (expected a Python dict literal in ASCII/UTF-8).", offset: headerOffset);
        }
        (string descr, bool fortran, long[] shape) = ParseHeader(header, path, headerOffset);
        (char order, char kind, int size) = ParseDescr(descr, path, headerOffset);
        long payloadOffset = input.Position;
        long count = ReaderChecks.CheckedProduct(shape, path, headerOffset, "NPY array");
        if (count > long.MaxValue / size) throw new DataFormatException(path, "declared array size overflows.", offset: headerOffset);
        byte[] payload = input.ReadPayload(count * size, "array data");
        var values = new float[count];
        Convert(payload, values, order, kind, size, path, payloadOffset, exactIntegers);
        if (fortran && shape.Length > 1) values = FortranToC(values, shape);
        return (values, shape, payloadOffset, size);
    }

    private static (string Descr, bool Fortran, long[] Shape) ParseHeader(string header, string path, long offset)
    {
        string text = header.TrimEnd('\n', ' ', '\0', '\r');
        if (!text.StartsWith('{') || !text.EndsWith('}'))
            throw new DataFormatException(path, $"the NPY header is not a Python dict literal: '{Shorten(text)}'.", offset: offset);
        Match descr = DescrPattern().Match(text);
        if (!descr.Success) throw new DataFormatException(path, "the NPY header has no 'descr' string (a structured or object dtype is not supported).", offset: offset);
        Match fortran = FortranPattern().Match(text);
        if (!fortran.Success) throw new DataFormatException(path, "the NPY header has no 'fortran_order': True/False.", offset: offset);
        Match shape = ShapePattern().Match(text);
        if (!shape.Success) throw new DataFormatException(path, "the NPY header has no 'shape' tuple.", offset: offset);
        var dimensions = new List<long>();
        foreach (string part in shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string digits = part.TrimEnd('L');
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long dimension))
                throw new DataFormatException(path, $"the NPY shape holds '{Shorten(part)}', expected a non-negative integer.", offset: offset);
            dimensions.Add(dimension);
        }
        return (descr.Groups[1].Value, fortran.Groups[1].Value == "True", dimensions.ToArray());
    }

    private static (char Order, char Kind, int Size) ParseDescr(string descr, string path, long offset)
    {
        if (descr.Length < 3 || "<>|=".IndexOf(descr[0]) < 0 || !int.TryParse(descr.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int size))
            throw new DataFormatException(path, $"unsupported NPY dtype '{Shorten(descr)}'; expected e.g. '<f4', '<f8', '|u1', '<i8'.", offset: offset);
        char kind = descr[1];
        bool supported = kind switch
        {
            'f' => size is 2 or 4 or 8,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            _ => false,
        };
        if (!supported)
            throw new DataFormatException(path, $"unsupported NPY dtype '{descr}'; supported: float16/32/64, int8–64, uint8–64.", offset: offset);
        char order = descr[0] == '=' ? '<' : descr[0];
        return (order, kind, size);
    }

    private static void Convert(byte[] payload, float[] values, char order, char kind, int size, string path, long payloadOffset, bool exactIntegers)
    {
        bool big = order == '>';
        ReadOnlySpan<byte> bytes = payload;
        if (kind == 'f' && size == 4 && big != BitConverter.IsLittleEndian)
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
            return;
        }
        if (kind == 'u' && size == 1)
        {
            for (int i = 0; i < values.Length; i++) values[i] = bytes[i];
            return;
        }
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<byte> b = bytes.Slice(i * size, size);
            values[i] = (kind, size) switch
            {
                ('f', 2) => (float)(big ? BinaryPrimitives.ReadHalfBigEndian(b) : BinaryPrimitives.ReadHalfLittleEndian(b)),
                ('f', 4) => big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
                ('f', 8) => NarrowDouble(big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b)),
                ('i', 1) => (sbyte)b[0],
                ('u', 1) => b[0],
                ('i', 2) => big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
                ('u', 2) => big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
                ('i', 4) => big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
                ('u', 4) => big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
                ('i', 8) => big ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
                _ => big ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b),
            };
            if (exactIntegers && kind != 'f' && size >= 4 && !IsExactInt(b, kind, size, big))
                throw new DataFormatException(path, $"label {i} is out of the int32 range.", offset: payloadOffset + (long)i * size);
        }
    }

    private static bool IsExactInt(ReadOnlySpan<byte> b, char kind, int size, bool big)
    {
        long value = (kind, size) switch
        {
            ('i', 4) => big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
            ('u', 4) => big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
            ('i', 8) => big ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
            _ => (long)Math.Min(big ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b), (ulong)long.MaxValue),
        };
        return value is >= -1 and <= 1 << 24;
    }

    /// <summary>float64 → float32; values beyond the float32 range become ±∞ (and are then rejected unless allowed).</summary>
    private static float NarrowDouble(double value) => (float)value;

    private static float[] FortranToC(float[] fortran, long[] shape)
    {
        int rank = shape.Length;
        var result = new float[fortran.Length];
        var fortranStrides = new long[rank];
        long stride = 1;
        for (int k = 0; k < rank; k++)
        {
            fortranStrides[k] = stride;
            stride *= shape[k];
        }
        var index = new long[rank];
        for (long c = 0; c < result.Length; c++)
        {
            long source = 0;
            for (int k = 0; k < rank; k++) source += index[k] * fortranStrides[k];
            result[c] = fortran[source];
            for (int k = rank - 1; k >= 0; k--)
            {
                if (++index[k] < shape[k]) break;
                index[k] = 0;
            }
        }
        return result;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
