using System.Buffers.Binary;

namespace Agrupa.Data;

/// <summary>
/// Reads IDX files (LeCun et al., the MNIST distribution format), plain or gzip-compressed: a big-endian header
/// <c>00 00 type rank</c>, <c>rank</c> int32 dimensions, then the values (type 08 ubyte, 09 sbyte, 0B int16,
/// 0C int32, 0D float32, 0E float64). Images n×h×w become grey images 1×h×w with raw values (0–255 for MNIST;
/// scaling is a separate step). Malformed content throws only <see cref="DataFormatException"/>.
/// </summary>
public static class IdxReader
{
    /// <summary>Reads an images file and, optionally, its labels file (same row count, integer labels).</summary>
    /// <param name="imagesPath">IDX images (n×h×w) or any n×… array.</param>
    /// <param name="labelsPath">IDX labels (n), or null.</param>
    /// <param name="name">Data set name; default: the images file's name.</param>
    /// <param name="allowNonFinite">Keep NaN/±∞ in float IDX files instead of rejecting them.</param>
    public static Dataset Read(string imagesPath, string? labelsPath = null, string? name = null, bool allowNonFinite = false)
    {
        (float[] values, long[] shape, long payloadOffset, int elementSize) = ReadArray(imagesPath);
        (int rows, int features, ImageShape? image) = ReaderChecks.Interpret(shape, imagesPath, 4);
        if (!allowNonFinite) ReaderChecks.RejectNonFinite(values, features, imagesPath, payloadOffset, elementSize);
        int[]? labels = null;
        if (labelsPath is not null)
        {
            labels = ReadLabels(labelsPath);
            if (labels.Length != rows)
                throw new DataFormatException(labelsPath, $"holds {labels.Length:N0} labels but the images file {imagesPath} holds {rows:N0} images.", offset: 4);
        }
        return new Dataset(name ?? BaseName(imagesPath), values, features, labels, imageShape: image);
    }

    /// <summary>
    /// Reads an MNIST-style folder: the training pair (train-images-idx3-ubyte, train-labels-idx1-ubyte) followed by
    /// the test pair (t10k-…), each plain or .gz, and also with a dot before "idx" (train-images.idx3-ubyte).
    /// At least one pair must be present.
    /// </summary>
    public static Dataset ReadFolder(string folder, string name, IReadOnlyList<string>? classNames = null)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"No such folder: {folder}");
        IReadOnlyList<(string Images, string Labels)> pairs = FindPairs(folder);
        if (pairs.Count == 0)
            throw new DataFormatException(folder, "no IDX pair found; expected train-images-idx3-ubyte[.gz] with train-labels-idx1-ubyte[.gz] and/or t10k-images-idx3-ubyte[.gz] with t10k-labels-idx1-ubyte[.gz].");
        var parts = pairs.Select(p => Read(p.Images, p.Labels, name)).ToList();
        Dataset first = parts[0];
        foreach (Dataset part in parts.Skip(1))
            if (part.FeatureCount != first.FeatureCount)
                throw new DataFormatException(folder, $"the IDX pairs disagree: {part.FeatureCount} vs {first.FeatureCount} values per image.");
        long total = parts.Sum(p => (long)p.Count) * first.FeatureCount;
        var features = new float[total];
        var labels = new int[parts.Sum(p => p.Count)];
        long at = 0;
        int row = 0;
        foreach (Dataset part in parts)
        {
            Array.Copy(part.FeatureArray, 0, features, at, part.FeatureArray.LongLength);
            Array.Copy(part.LabelArray!, 0, labels, row, part.Count);
            at += part.FeatureArray.LongLength;
            row += part.Count;
        }
        if (classNames is not null && labels.Any(l => l >= classNames.Count))
            throw new DataFormatException(folder, $"labels reach {labels.Max()} but the data set has {classNames.Count} classes.");
        return new Dataset(name, features, first.FeatureCount, labels, classNames, first.ImageShape);
    }

    /// <summary>The (images, labels) file pairs of an MNIST-style folder, training first.</summary>
    internal static IReadOnlyList<(string Images, string Labels)> FindPairs(string folder)
    {
        var pairs = new List<(string, string)>();
        foreach (string prefix in new[] { "train", "t10k" })
        {
            string? images = FindFile(folder, prefix, "images", "idx3-ubyte");
            string? labels = FindFile(folder, prefix, "labels", "idx1-ubyte");
            if (images is not null && labels is not null) pairs.Add((images, labels));
        }
        return pairs;
    }

    private static string? FindFile(string folder, string prefix, string kind, string suffix)
    {
        foreach (string separator in new[] { "-", "." })
            foreach (string extension in new[] { "", ".gz" })
            {
                string candidate = System.IO.Path.Combine(folder, $"{prefix}-{kind}{separator}{suffix}{extension}");
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>Reads an IDX labels file: a 1-D array of integers ≥ 0.</summary>
    public static int[] ReadLabels(string path)
    {
        (float[] values, long[] shape, long payloadOffset, int elementSize) = ReadArray(path);
        if (shape.Length != 1)
            throw new DataFormatException(path, $"expected a 1-D IDX labels file, found {shape.Length} dimensions ({string.Join("×", shape)}).", offset: 3);
        if (values.Length == 0) throw new DataFormatException(path, "the labels file holds 0 labels.", offset: 4);
        var labels = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (!(v >= 0 && v < 1 << 24) || v != MathF.Floor(v))
                throw new DataFormatException(path, $"label {i} is {v}; expected a whole number ≥ 0.", offset: payloadOffset + (long)i * elementSize);
            labels[i] = (int)v;
        }
        return labels;
    }

    /// <summary>Reads the header and values of any IDX file.</summary>
    internal static (float[] Values, long[] Shape, long PayloadOffset, int ElementSize) ReadArray(string path)
    {
        using BinaryInput input = BinaryInput.Open(path);
        Span<byte> magic = stackalloc byte[4];
        input.ReadExactly(magic, "the IDX magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new DataFormatException(path, $"not an IDX file: the magic number must start with two zero bytes, found {magic[0]:x2} {magic[1]:x2}.", offset: 0);
        int size = magic[2] switch
        {
            0x08 or 0x09 => 1,
            0x0B => 2,
            0x0C or 0x0D => 4,
            0x0E => 8,
            _ => throw new DataFormatException(path, $"unknown IDX data type 0x{magic[2]:x2}; expected 08, 09, 0B, 0C, 0D or 0E.", offset: 2),
        };
        int rank = magic[3];
        if (rank is < 1 or > 8) throw new DataFormatException(path, $"IDX rank {rank} is not supported; expected 1 to 8 dimensions.", offset: 3);
        var shape = new long[rank];
        for (int k = 0; k < rank; k++)
        {
            int dimension = input.ReadInt32BigEndian($"dimension {k + 1}");
            if (dimension < 0) throw new DataFormatException(path, $"dimension {k + 1} is negative ({dimension}).", offset: 4 + 4 * k);
            shape[k] = dimension;
        }
        long payloadOffset = input.Position;
        long count = ReaderChecks.CheckedProduct(shape, path, 4, "IDX array");
        byte[] payload = input.ReadPayload(count * size, "IDX values");
        var values = new float[count];
        ReadOnlySpan<byte> bytes = payload;
        byte type = magic[2];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = type switch
            {
                0x08 => bytes[i],
                0x09 => (sbyte)bytes[i],
                0x0B => BinaryPrimitives.ReadInt16BigEndian(bytes.Slice(i * 2, 2)),
                0x0C => BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(i * 4, 4)),
                0x0D => BinaryPrimitives.ReadSingleBigEndian(bytes.Slice(i * 4, 4)),
                _ => (float)BinaryPrimitives.ReadDoubleBigEndian(bytes.Slice(i * 8, 8)),
            };
        }
        return (values, shape, payloadOffset, size);
    }

    private static string BaseName(string path)
    {
        string name = System.IO.Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
        return System.IO.Path.GetFileNameWithoutExtension(name);
    }
}
