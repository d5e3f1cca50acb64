using System.IO.Compression;

namespace Agrupa.Data;

/// <summary>
/// The small data sets compiled into the library as gzip-compressed CSV resources (from ../shared/data, each with a
/// <c>label</c> column), available with no file on disk: iris (Fisher 1936; UCI), wine (Forina et al.; UCI),
/// synthetic-control (Alcock &amp; Manolopoulos 1999; UCI) and digits (Alpaydin &amp; Kaynak 1998; UCI optdigits test
/// set, as scikit-learn's load_digits). Values are the files' raw values (scale them separately).
/// </summary>
public static class EmbeddedDatasets
{
    private static readonly Dictionary<string, (string Resource, string[] ClassNames, ImageShape? Image)> Sets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["iris"] = ("iris.csv.gz", ["setosa", "versicolor", "virginica"], null),
        ["wine"] = ("wine.csv.gz", ["cultivar 1", "cultivar 2", "cultivar 3"], null),
        ["synthetic-control"] = ("synthetic-control.csv.gz", ["normal", "cyclic", "increasing trend", "decreasing trend", "upward shift", "downward shift"], null),
        ["digits"] = ("digits.csv.gz", ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], new ImageShape(1, 8, 8)),
    };

    /// <summary>Names of the embedded sets: iris, wine, synthetic-control, digits.</summary>
    public static IReadOnlyList<string> Names { get; } = ["iris", "wine", "synthetic-control", "digits"];

    /// <summary>True when <paramref name="name"/> is an embedded set (case-insensitive).</summary>
    public static bool Contains(string name) => Sets.ContainsKey(name);

    /// <summary>Loads an embedded set with its labels, class names and (digits) image shape 1×8×8.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static Dataset Load(string name)
    {
        if (!Sets.TryGetValue(name, out var set))
            throw new ArgumentException($"'{name}' is not an embedded data set; known: {string.Join(", ", Names)}.", nameof(name));
        string resource = $"Agrupa.Data.Embedded.{set.Resource}";
        using Stream stream = typeof(EmbeddedDatasets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing from the Agrupa assembly (a build problem).");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        string canonical = Names.First(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        Dataset raw = CsvReader.Read(gzip, $"embedded:{set.Resource}", new CsvReadOptions { Name = canonical, LabelColumn = "label", Delimiter = ',', HasHeader = true });
        float[] features = raw.FeatureArray;
        return new Dataset(canonical, features, raw.FeatureCount, raw.LabelArray, set.ClassNames, set.Image, raw.FeatureNames);
    }
}
