using PureHDF;
using PureHDF.VOL.Native;

namespace Agrupa.Data;

/// <summary>
/// Reads a numeric data set from an HDF5 file through PureHDF (managed; no native HDF5 library), e.g. USPS's
/// <c>/train/data</c> with labels <c>/train/target</c>. Supported element types: float32/64 and 8–64-bit signed or
/// unsigned integers. Shapes follow <see cref="NpyReader"/>: (n), (n, d), (n, h, w) → grey images, (n, c, h, w).
/// A missing path, an unsupported type or a corrupt file throws only <see cref="DataFormatException"/>.
/// </summary>
public static class Hdf5Reader
{
    /// <summary>Largest expansion assumed for compressed (chunked, filtered) data: deflate's bound is about 1,032:1.</summary>
    private const long MaxCompressionRatio = 1100;

    /// <summary>Names tried, beside the features, for the labels when none is given.</summary>
    public static IReadOnlyList<string> LabelNames { get; } = ["target", "targets", "label", "labels", "y"];

    /// <summary>Reads <paramref name="datasetPath"/> as features and, optionally, labels.</summary>
    /// <param name="path">The .h5/.hdf5 file.</param>
    /// <param name="datasetPath">Path of the features inside the file, e.g. "/train/data".</param>
    /// <param name="labelsPath">Path of the labels; null tries a sibling named target, targets, label, labels or y;
    /// "" reads no labels.</param>
    /// <param name="allowNonFinite">Keep NaN/±∞ instead of rejecting the file.</param>
    public static Dataset Read(string path, string datasetPath, string? labelsPath = null, bool allowNonFinite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetPath);
        if (Directory.Exists(path)) throw new DataFormatException(path, "is a folder, expected an HDF5 file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
        long fileLength = new FileInfo(path).Length;
        return Guard(path, () =>
        {
            using var file = Open(path, fileLength);
            (float[] values, ulong[] dims) = ReadNumeric(file, path, datasetPath, fileLength);
            long[] shape = dims.Select(d => (long)d).ToArray();
            (int rows, int features, ImageShape? image) = ReaderChecks.Interpret(shape, $"{path}:{datasetPath}", null);
            if (!allowNonFinite) ReaderChecks.RejectNonFinite(values, features, $"{path}:{datasetPath}", null, 0);
            string? labelsName = labelsPath ?? FindLabels(file, datasetPath);
            int[]? labels = null;
            if (!string.IsNullOrEmpty(labelsName))
            {
                (float[] raw, ulong[] labelDims) = ReadNumeric(file, path, labelsName, fileLength);
                if (labelDims.Length is 0 or > 2 || (labelDims.Length == 2 && labelDims[1] != 1))
                    throw new DataFormatException(path, $"labels '{labelsName}' must be 1-D, found shape ({string.Join(", ", labelDims)}).");
                if (raw.Length != rows)
                    throw new DataFormatException(path, $"labels '{labelsName}' hold {raw.Length:N0} values but '{datasetPath}' has {rows:N0} rows.");
                labels = new int[raw.Length];
                for (int i = 0; i < raw.Length; i++)
                {
                    if (!(raw[i] >= -1 && raw[i] < 1 << 24) || raw[i] != MathF.Floor(raw[i]))
                        throw new DataFormatException(path, $"label {i} of '{labelsName}' is {raw[i]}; expected a whole number ≥ −1.");
                    labels[i] = (int)raw[i];
                }
            }
            string name = System.IO.Path.GetFileNameWithoutExtension(path);
            return new Dataset(name, values, features, labels, imageShape: image);
        });
    }

    /// <summary>Paths of every numeric data set in the file (for messages and <c>agrupa inspect</c>).</summary>
    public static IReadOnlyList<string> ListDatasets(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
        return Guard(path, () =>
        {
            using var file = Open(path, new FileInfo(path).Length);
            var found = new List<string>();
            Walk(file, "", found, 0);
            return (IReadOnlyList<string>)found;
        });
    }

    /// <summary>
    /// Opens the file through PureHDF's stream driver over a <see cref="ReadLimitStream"/>: reading more than
    /// 64 × the file (+ 64 MiB) means a looping structure, and stops with a <see cref="DataFormatException"/>
    /// instead of hanging. (The stream driver also failed fast on the corrupt files where the file-handle
    /// driver looped or reserved gigabytes; see docs/formats.md.)
    /// </summary>
    private static NativeFile Open(string path, long fileLength)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return H5File.Open(new ReadLimitStream(stream, path, 64 * fileLength + (64L << 20)), leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static void Walk(IH5Group group, string prefix, List<string> found, int depth)
    {
        if (depth > 16 || found.Count > 1000) return;
        foreach (IH5Object child in group.Children())
        {
            string childPath = $"{prefix}/{child.Name}";
            if (child is IH5Dataset) found.Add(childPath);
            else if (child is IH5Group sub) Walk(sub, childPath, found, depth + 1);
        }
    }

    private static string? FindLabels(IH5Group file, string datasetPath)
    {
        string trimmed = datasetPath.TrimEnd('/');
        int slash = trimmed.LastIndexOf('/');
        string parent = slash <= 0 ? "" : trimmed[..slash];
        foreach (string candidate in LabelNames)
        {
            string labelsPath = $"{parent}/{candidate}";
            if (labelsPath == (trimmed.StartsWith('/') ? trimmed : "/" + trimmed)) continue;
            if (Exists(file, labelsPath)) return labelsPath;
        }
        return null;
    }

    private static bool Exists(IH5Group file, string objectPath)
    {
        IH5Group group = file;
        string[] parts = objectPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            if (!group.LinkExists(parts[i])) return false;
            if (i == parts.Length - 1) return true;
            if (group.Get(parts[i]) is not IH5Group next) return false;
            group = next;
        }
        return parts.Length > 0;
    }

    private static (float[] Values, ulong[] Dimensions) ReadNumeric(IH5Group file, string path, string datasetPath, long fileLength)
    {
        if (!Exists(file, datasetPath))
        {
            var available = new List<string>();
            Walk(file, "", available, 0);
            throw new DataFormatException(path, $"no data set '{datasetPath}' in the file; it holds: {(available.Count == 0 ? "(no data sets)" : string.Join(", ", available.Take(20)))}.");
        }
        if (file.Get(datasetPath.TrimStart('/')) is not IH5Dataset dataset)
            throw new DataFormatException(path, $"'{datasetPath}' is a group, not a data set.");
        IH5DataType type = dataset.Type;
        ulong[] dims = dataset.Space.Dimensions;
        if (dataset.Space.Type != H5DataspaceType.Simple || dims.Length == 0)
            throw new DataFormatException(path, $"'{datasetPath}' is not an array (dataspace {dataset.Space.Type}).");
        long[] shape = dims.Select(d => d > long.MaxValue ? -1 : (long)d).ToArray();
        long count = ReaderChecks.CheckedProduct(shape, $"{path}:{datasetPath}", null, "HDF5 data set");
        long bytes = count * type.Size;
        bool compressed = dataset.Layout.Class == H5DataLayoutClass.Chunked;
        long bound = compressed ? fileLength * MaxCompressionRatio : fileLength;
        if (bytes > bound)
            throw new DataFormatException(path, $"'{datasetPath}' declares shape ({string.Join(", ", dims)}) = {bytes:N0} bytes, more than a {fileLength:N0}-byte file can hold.");
        float[] values = (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => dataset.Read<float[]>(),
            (H5DataTypeClass.FloatingPoint, 8) => Array.ConvertAll(dataset.Read<double[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 1) when type.FixedPoint.IsSigned => Array.ConvertAll(dataset.Read<sbyte[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 1) => Array.ConvertAll(dataset.Read<byte[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 2) when type.FixedPoint.IsSigned => Array.ConvertAll(dataset.Read<short[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 2) => Array.ConvertAll(dataset.Read<ushort[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 4) when type.FixedPoint.IsSigned => Array.ConvertAll(dataset.Read<int[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 4) => Array.ConvertAll(dataset.Read<uint[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 8) when type.FixedPoint.IsSigned => Array.ConvertAll(dataset.Read<long[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 8) => Array.ConvertAll(dataset.Read<ulong[]>(), v => (float)v),
            _ => throw new DataFormatException(path, $"'{datasetPath}' has element type {type.Class} of {type.Size} bytes; supported: float32/64 and 8–64-bit integers."),
        };
        if (values.LongLength != count)
            throw new DataFormatException(path, $"'{datasetPath}' returned {values.LongLength:N0} values for shape ({string.Join(", ", dims)}).");
        return (values, dims);
    }

    /// <summary>
    /// Runs PureHDF and turns whatever its parser throws on a corrupt file into a <see cref="DataFormatException"/>
    /// (PureHDF is a third-party parser whose exceptions are not part of a contract).
    /// </summary>
    private static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DataFormatException)
        {
            throw;
        }
        catch (Exception exception) when (exception is not (FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or OperationCanceledException))
        {
            throw new DataFormatException(path, $"not a readable HDF5 file or data set ({exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}).", inner: exception);
        }
    }
}
