using System.Globalization;
using Agrupa.Data;

namespace Agrupa.Cli;

/// <summary>
/// Reads a list of integer labels: one per line, or one column of a CSV file (comma, tab or semicolon, detected from the
/// first line). Integral decimals such as NumPy's <c>3.000000000000000000e+00</c> are accepted. Bad content raises a
/// <see cref="DataFormatException"/> naming the file, line and column (exit code 1); a column choice that does not fit the
/// file raises a <see cref="UsageException"/> naming the file (exit code 2).
/// </summary>
internal static class LabelFile
{
    /// <summary>
    /// The labels in <paramref name="path"/>. <paramref name="column"/> null: one label per line (a first line that is
    /// not a number is taken as a header). Otherwise a header name, or a 0-based column index.
    /// </summary>
    public static int[] Read(string path, string? column)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"label file not found: {path}", path);
        string[] lines = File.ReadAllLines(path);
        int last = lines.Length;
        while (last > 0 && string.IsNullOrWhiteSpace(lines[last - 1])) last--;
        if (last == 0) throw new DataFormatException(path, "the file holds no labels.");
        char delimiter = DetectDelimiter(lines[0]);
        int index = 0;
        int first = 0;
        if (column is null)
        {
            if (Split(lines[0], delimiter).Length > 1)
                throw new UsageException($"{path}:1: the file has {Split(lines[0], delimiter).Length} columns; choose one with --truth-column/--pred-column (a header name or a 0-based index).");
            if (!TryParse(lines[0].Trim(), out _)) first = 1;   // a header such as "label"
        }
        else
        {
            string[] header = Split(lines[0], delimiter);
            int named = Array.FindIndex(header, h => string.Equals(h.Trim().Trim('"'), column, StringComparison.OrdinalIgnoreCase));
            if (named >= 0) (index, first) = (named, 1);
            else if (int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out int position))
            {
                if (position >= header.Length)
                    throw new UsageException($"{path}:1: column {position} does not exist: the file has {header.Length} columns (indices are 0-based).");
                index = position;
                if (!TryParse(header[index].Trim().Trim('"'), out _)) first = 1;
            }
            else
                throw new UsageException($"{path}:1: no column named '{column}' in the header ({string.Join(", ", header.Select(h => h.Trim()))}).");
        }
        var labels = new List<int>(last);
        for (int i = first; i < last; i++)
        {
            string[] cells = Split(lines[i], delimiter);
            if (index >= cells.Length)
                throw new DataFormatException(path, $"expected at least {index + 1} columns, found {cells.Length}.", i + 1);
            string cell = cells[index].Trim().Trim('"');
            if (!TryParse(cell, out int label))
                throw new DataFormatException(path, cell.Length == 0 ? "missing label (empty value)." : $"expected an integer label, found '{cell}'.", i + 1, index + 1);
            labels.Add(label);
        }
        if (labels.Count == 0) throw new DataFormatException(path, "the file holds a header but no labels.");
        return [.. labels];
    }

    private static char DetectDelimiter(string line) =>
        line.Contains('\t') ? '\t' : line.Contains(';') ? ';' : ',';

    private static string[] Split(string line, char delimiter) => line.Split(delimiter);

    private static bool TryParse(string text, out int label)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out label)) return true;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && value == Math.Round(value) && value >= int.MinValue && value <= int.MaxValue)
        {
            label = (int)value;
            return true;
        }
        return false;
    }
}
