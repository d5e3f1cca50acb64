namespace Agrupa.Data;

/// <summary>Checks shared by the binary readers (NPY, IDX, HDF5, CIFAR).</summary>
internal static class ReaderChecks
{
    /// <summary>Largest number of values (rows × features) one data set may hold: the float array limit.</summary>
    public const long MaxValues = 0x7FFFFFC7;

    /// <summary>
    /// Throws when a value is NaN or ±∞ (the readers' default policy, see docs/formats.md), naming the row, the
    /// column and, when the element size is known, the byte offset of the value in the (uncompressed) file.
    /// </summary>
    public static void RejectNonFinite(ReadOnlySpan<float> values, int featureCount, string path, long? payloadOffset, int elementSize)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsFinite(values[i])) continue;
            long? offset = payloadOffset is { } start ? start + (long)i * elementSize : null;
            string kind = float.IsNaN(values[i]) ? "NaN" : "an infinite value";
            throw new DataFormatException(path,
                $"row {i / featureCount}, column {i % featureCount} (0-based) holds {kind}; features must be finite (allow them with the AllowNonFinite option / --allow-nan).",
                offset: offset);
        }
    }

    /// <summary>Multiplies declared dimensions, rejecting non-positive ones and products beyond <see cref="MaxValues"/>.</summary>
    public static long CheckedProduct(IReadOnlyList<long> dimensions, string path, long? offset, string what)
    {
        long product = 1;
        foreach (long dimension in dimensions)
        {
            if (dimension < 0) throw new DataFormatException(path, $"{what}: negative dimension {dimension}.", offset: offset);
            if (dimension == 0) return 0;
            if (product > MaxValues / dimension)
                throw new DataFormatException(path, $"{what}: declared shape ({string.Join(", ", dimensions)}) holds more than {MaxValues:N0} values, more than one data set can hold.", offset: offset);
            product *= dimension;
        }
        return product;
    }

    /// <summary>
    /// Maps a shape (rows, …) to a feature count and image shape: (n) → 1 feature; (n, d) → d; (n, h, w) → a grey
    /// image 1×h×w; (n, c, h, w) → c×h×w; higher ranks are flattened without an image shape.
    /// </summary>
    public static (int Rows, int Features, ImageShape? Image) Interpret(IReadOnlyList<long> shape, string path, long? offset)
    {
        if (shape.Count == 0) throw new DataFormatException(path, "the array is a scalar (shape ()); expected rows × features.", offset: offset);
        long total = CheckedProduct(shape, path, offset, "array");
        long rows = shape[0];
        if (rows == 0) throw new DataFormatException(path, $"the array has 0 rows (shape ({string.Join(", ", shape)})); expected at least one.", offset: offset);
        if (total == 0) throw new DataFormatException(path, $"the rows have 0 features (shape ({string.Join(", ", shape)})); expected at least one.", offset: offset);
        int features = (int)(total / rows);
        ImageShape? image = shape.Count switch
        {
            3 => new ImageShape(1, (int)shape[1], (int)shape[2]),
            4 => new ImageShape((int)shape[1], (int)shape[2], (int)shape[3]),
            _ => null,
        };
        return ((int)rows, features, image);
    }
}
