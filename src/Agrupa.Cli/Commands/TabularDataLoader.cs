using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using Agrupa.Data;

namespace Agrupa.Cli.Commands;

/// <summary>
/// STOPGAP for the neural commands until the data branch's readers are merged — LEAD: replace every call with the
/// library's data-set catalogue / readers and delete this file. Reads "digits" (the embedded resource, when the
/// assembly has it) or a numeric CSV file (optionally .gz) with a header row; a column named "label" becomes the
/// labels. Errors are <see cref="DataFormatException"/>s naming the file and line.
/// </summary>
internal static class TabularDataLoader
{
    public static Dataset Load(string source)
    {
        if (!source.Contains('/') && !source.Contains('.') && typeof(Dataset).Assembly.GetManifestResourceStream($"Agrupa.Data.Embedded.{source}.csv.gz") is { } resource)
        {
            using var gzip = new GZipStream(resource, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return Parse(reader, source, source);
        }
        if (!File.Exists(source)) throw new FileNotFoundException($"file not found: {source}", source);
        using Stream stream = source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(File.OpenRead(source), CompressionMode.Decompress)
            : File.OpenRead(source);
        using var text = new StreamReader(stream);
        return Parse(text, source, Path.GetFileNameWithoutExtension(source.Replace(".gz", "", StringComparison.OrdinalIgnoreCase)));
    }

    private static Dataset Parse(TextReader reader, string path, string name)
    {
        string header = reader.ReadLine() ?? throw new DataFormatException(path, "the file is empty.", line: 1);
        string[] columns = header.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
        int labelColumn = Array.FindIndex(columns, c => c.Equals("label", StringComparison.OrdinalIgnoreCase));
        int width = columns.Length - (labelColumn >= 0 ? 1 : 0);
        if (width < 1) throw new DataFormatException(path, "no feature columns.", line: 1);
        var features = new List<float>();
        var labels = new List<int>();
        long lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] cells = line.Split(',');
            if (cells.Length != columns.Length)
                throw new DataFormatException(path, $"expected {columns.Length} values, found {cells.Length}.", line: lineNumber);
            for (int c = 0; c < cells.Length; c++)
            {
                if (!float.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
                    throw new DataFormatException(path, $"'{cells[c]}' is not a finite number.", line: lineNumber, column: c + 1);
                if (c == labelColumn)
                {
                    if (value < 0 || value != MathF.Floor(value)) throw new DataFormatException(path, $"label '{cells[c]}' is not a non-negative integer.", line: lineNumber, column: c + 1);
                    labels.Add((int)value);
                }
                else features.Add(value);
            }
        }
        if (features.Count == 0) throw new DataFormatException(path, "the file has no data rows.", line: lineNumber);
        return new Dataset(name, features.ToArray(), width, labelColumn >= 0 ? labels.ToArray() : null,
            featureNames: columns.Where((_, i) => i != labelColumn).ToArray());
    }
}
