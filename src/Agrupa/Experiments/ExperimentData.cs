using System.Globalization;
using System.IO.Compression;
using Agrupa.Data;

namespace Agrupa.Experiments;

/// <summary>
/// Loads and scales an experiment's data set (<see cref="DataSpec"/>).
/// </summary>
/// <remarks>
/// Bridge for the merge: this branch was written before the data branch (DatasetLoader, DatasetCatalog, the scalers in
/// Agrupa.Data.Scaling) was merged, so it reads only the embedded CSV resources (the same resource names) and plain CSV
/// files with a header and a <c>label</c> column, and scales by itself. At merge the body of <see cref="Load"/> becomes
/// <c>DatasetLoader.Load(spec.Name ?? spec.Path)</c> followed by StandardScaler / MinMaxScaler / PixelScaler, and the
/// private readers below go.
/// </remarks>
public static class ExperimentData
{
    private static readonly Dictionary<string, (string Resource, string[] Classes, ImageShape? Shape)> Embedded = new(StringComparer.OrdinalIgnoreCase)
    {
        ["iris"] = ("iris.csv.gz", ["setosa", "versicolor", "virginica"], null),
        ["wine"] = ("wine.csv.gz", ["cultivar 1", "cultivar 2", "cultivar 3"], null),
        ["synthetic-control"] = ("synthetic-control.csv.gz", ["normal", "cyclic", "increasing trend", "decreasing trend", "upward shift", "downward shift"], null),
        ["digits"] = ("digits.csv.gz", ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], new ImageShape(1, 8, 8)),
    };

    /// <summary>Loads the data set of <paramref name="spec"/>, subsamples and scales it as the spec says.</summary>
    /// <exception cref="FileNotFoundException">No such file or catalogue name.</exception>
    /// <exception cref="DataFormatException">The file is malformed.</exception>
    public static Dataset Load(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Dataset data = spec.Name is { } name ? LoadNamed(name) : ReadCsv(File.OpenRead(spec.Path!), spec.Path!, Path.GetFileNameWithoutExtension(spec.Path!), null, null);
        if (spec.Subsample is { } count) data = data.Subsample(count, spec.SubsampleSeed, stratified: true);
        return Scale(data, spec.Scaling);
    }

    /// <summary>Applies <paramref name="scaling"/> (fitted on <paramref name="data"/> itself).</summary>
    public static Dataset Scale(Dataset data, DataScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (scaling == DataScaling.None) return data;
        int n = data.Count, d = data.FeatureCount;
        float[] source = data.FeatureArray;
        var scaled = new float[source.Length];
        var offset = new double[d];
        var factor = new double[d];
        for (int j = 0; j < d; j++)
        {
            if (scaling == DataScaling.Pixel) { offset[j] = 0; factor[j] = 1.0 / 255.0; continue; }
            double sum = 0, sumSquares = 0, low = double.PositiveInfinity, high = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                double v = source[(long)i * d + j];
                sum += v; sumSquares += v * v; low = Math.Min(low, v); high = Math.Max(high, v);
            }
            if (scaling == DataScaling.ZScore)
            {
                double mean = sum / n, deviation = Math.Sqrt(Math.Max(0, sumSquares / n - mean * mean));
                offset[j] = mean;
                factor[j] = deviation > 0 ? 1 / deviation : 0;
            }
            else
            {
                offset[j] = low;
                factor[j] = high > low ? 1 / (high - low) : 0;
            }
        }
        for (long i = 0; i < source.Length; i++)
        {
            int j = (int)(i % d);
            scaled[i] = (float)((source[i] - offset[j]) * factor[j]);
        }
        return data.WithFeatures(scaled, d, keepImageShape: true);
    }

    private static Dataset LoadNamed(string name)
    {
        if (!Embedded.TryGetValue(name, out var set))
            throw new FileNotFoundException($"no data set named '{name}' (embedded: {string.Join(", ", Embedded.Keys)}; other catalogue sets need Agrupa's data catalogue).");
        string resource = $"Agrupa.Data.Embedded.{set.Resource}";
        Stream stream = typeof(ExperimentData).Assembly.GetManifestResourceStream(resource)
            ?? throw new FileNotFoundException($"the embedded data set '{name}' (resource {resource}) is not in this build of Agrupa.");
        return ReadCsv(new GZipStream(stream, CompressionMode.Decompress), $"embedded:{set.Resource}", name.ToLowerInvariant(), set.Classes, set.Shape);
    }

    private static Dataset ReadCsv(Stream input, string path, string name, string[]? classes, ImageShape? shape)
    {
        using var reader = new StreamReader(input);
        string header = reader.ReadLine() ?? throw new DataFormatException(path, "the file is empty; expected a header line");
        string[] columns = header.Split(',');
        int labelColumn = Array.IndexOf(columns, "label");
        var features = new List<float>();
        var labels = new List<int>();
        int d = columns.Length - (labelColumn >= 0 ? 1 : 0);
        int line = 1;
        for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Length == 0) continue;
            string[] cells = text.Split(',');
            if (cells.Length != columns.Length) throw new DataFormatException(path, $"expected {columns.Length} fields, got {cells.Length}", line);
            for (int c = 0; c < cells.Length; c++)
            {
                if (c == labelColumn)
                {
                    if (!int.TryParse(cells[c], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) || label < 0)
                        throw new DataFormatException(path, $"expected a class label (integer ≥ 0), got \"{cells[c]}\"", line, c + 1);
                    labels.Add(label);
                }
                else if (float.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value)) features.Add(value);
                else throw new DataFormatException(path, $"expected a number, got \"{cells[c]}\"", line, c + 1);
            }
        }
        if (features.Count == 0) throw new DataFormatException(path, "the file has a header but no rows");
        return new Dataset(name, features.ToArray(), d, labelColumn >= 0 ? labels.ToArray() : null, classes, shape,
            columns.Where((_, c) => c != labelColumn).ToArray());
    }
}
