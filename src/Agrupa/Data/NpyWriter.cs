using System.Buffers.Binary;
using System.Text;

namespace Agrupa.Data;

/// <summary>
/// Writes NumPy <c>.npy</c> files (format 1.0, little-endian, C order; header padded to 64 bytes as NumPy does),
/// atomically: a temporary file beside the target, then a move, so a crash never leaves half a file.
/// </summary>
public static class NpyWriter
{
    /// <summary>Writes float32 values with the given shape (product of the shape = number of values).</summary>
    public static void Write(string path, ReadOnlySpan<float> values, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long product = 1;
        foreach (int dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            product *= dimension;
        }
        if (product != values.Length)
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) holds {product} values but {values.Length} were given.", nameof(shape));
        var payload = new byte[(long)values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4, 4), values[i]);
        WriteFile(path, "<f4", shape, payload);
    }

    /// <summary>Writes a data set's features as an n×d float32 array (images are written flat too).</summary>
    public static void Write(string path, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Write(path, data.Features.Span, [data.Count, data.FeatureCount]);
    }

    /// <summary>Writes integer labels (e.g. cluster assignments) as a 1-D int32 array.</summary>
    public static void WriteLabels(string path, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var payload = new byte[(long)labels.Count * 4];
        for (int i = 0; i < labels.Count; i++) BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(i * 4, 4), labels[i]);
        WriteFile(path, "<i4", [labels.Count], payload);
    }

    private static void WriteFile(string path, string descr, IReadOnlyList<int> shape, byte[] payload)
    {
        string shapeText = shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int unpadded = 6 + 2 + 2 + dict.Length + 1;
        int padding = (64 - unpadded % 64) % 64;
        string header = dict + new string(' ', padding) + "\n";
        byte[] headerBytes = Encoding.ASCII.GetBytes(header);
        AtomicFile.Write(path, stream =>
        {
            stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerBytes.Length);
            stream.Write(length);
            stream.Write(headerBytes);
            stream.Write(payload);
        });
    }
}
