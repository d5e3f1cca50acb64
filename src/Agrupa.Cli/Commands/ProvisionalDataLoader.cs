using System.Globalization;
using System.IO.Compression;
using Agrupa.Data;

namespace Agrupa.Cli.Commands;

/// <summary>
/// PROVISIONAL: a minimal loader for the <c>--data</c> argument of <c>cluster</c> and <c>choose-k</c> until the shared
/// data-argument helper and the readers (CSV, NPY, IDX, embedded sets) land on main; the lead replaces every call of
/// <see cref="Load"/> with that helper when merging. Reads a numeric CSV file (optionally .csv.gz), comma separated,
/// with or without a header line; a column named "label" holds integer class labels (kept for reporting, never used
/// for fitting).
/// </summary>
internal static class ProvisionalDataLoader
{
    public static Dataset Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"data file not found: {path} (this build reads CSV files; named data sets come with the data readers)", path);
        using Stream file = File.OpenRead(path);
        using Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(input);
        var values = new List<float>();
        var labels = new List<int>();
        int columns = -1, labelColumn = -1, lineNumber = 0;
        string[]? names = null;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] fields = line.Split(',');
            if (columns < 0)
            {
                columns = fields.Length;
                if (!fields.All(f => float.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                {
                    names = fields.Select(f => f.Trim().Trim('"')).ToArray();
                    labelColumn = Array.FindIndex(names, n => n.Equals("label", StringComparison.OrdinalIgnoreCase));
                    continue;
                }
            }
            if (fields.Length != columns)
                throw new DataFormatException(path, $"expected {columns} fields, got {fields.Length}", lineNumber);
            for (int c = 0; c < fields.Length; c++)
            {
                if (c == labelColumn)
                {
                    if (!int.TryParse(fields[c], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) || label < -1)
                        throw new DataFormatException(path, $"expected an integer label ≥ -1, got '{fields[c]}'", lineNumber, c + 1);
                    labels.Add(label);
                    continue;
                }
                if (!float.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
                    throw new DataFormatException(path, $"expected a number, got '{fields[c]}'", lineNumber, c + 1);
                values.Add(value);
            }
        }
        int features = columns - (labelColumn >= 0 ? 1 : 0);
        if (columns < 0 || values.Count == 0 || features < 1)
            throw new DataFormatException(path, "no numeric rows found");
        string[]? featureNames = names?.Where((_, c) => c != labelColumn).ToArray();
        return new Dataset(Path.GetFileNameWithoutExtension(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path),
            values.ToArray(), features, labelColumn >= 0 ? labels.ToArray() : null, featureNames: featureNames);
    }
}
