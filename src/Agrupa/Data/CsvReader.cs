using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Agrupa.Data;

/// <summary>
/// Reads delimited text (CSV, TSV, whitespace-separated) into a <see cref="Dataset"/>: UTF-8 (BOM optional; a
/// <c>.gz</c> file is decompressed), LF or CRLF line ends, blank lines skipped, RFC 4180 double quotes for fields.
/// Every feature must be a number (invariant culture); a missing or non-numeric value, a ragged row, a value outside
/// the float32 range or (unless allowed) NaN/∞ throws a <see cref="DataFormatException"/> naming line and column.
/// Labels: integers 0…k−1 are kept as class ids; any other labels (names, or numbers such as 1–3) are mapped to
/// ids in sorted order and their texts become <see cref="Dataset.ClassNames"/>.
/// </summary>
public static class CsvReader
{
    /// <summary>Largest CSV file read (text must fit in memory twice): 1 GiB.</summary>
    public const long MaxFileBytes = 1L << 30;

    private const int SampleLines = 20;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static Dataset Read(string path, CsvReadOptions? options = null)
    {
        options ??= new CsvReadOptions();
        Validate(options);
        if (Directory.Exists(path)) throw new DataFormatException(path, "is a folder, expected a CSV file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
        byte[] bytes;
        using (BinaryInput input = BinaryInput.Open(path))
        {
            if (!input.IsCompressed && input.FileLength > MaxFileBytes)
                throw new DataFormatException(path, $"the file has {input.FileLength:N0} bytes; CSV files up to {MaxFileBytes:N0} bytes are read (use NPY for larger data).");
            bytes = input.IsCompressed ? input.ReadToEnd(MaxFileBytes, "text") : input.ReadPayload(input.FileLength, "text");
        }
        return Parse(bytes, path, options);
    }

    /// <summary>Reads CSV bytes from a stream (e.g. an embedded resource); <paramref name="displayPath"/> names it in errors.</summary>
    public static Dataset Read(Stream stream, string displayPath, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new CsvReadOptions();
        Validate(options);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Parse(memory.ToArray(), displayPath, options);
    }

    private static void Validate(CsvReadOptions options)
    {
        int set = (options.LabelColumn is not null ? 1 : 0) + (options.LabelColumnIndex is not null ? 1 : 0) + (options.NoLabels ? 1 : 0);
        if (set > 1) throw new ArgumentException("Give at most one of LabelColumn, LabelColumnIndex and NoLabels.", nameof(options));
        if (options.Delimiter is { } d && d is not (',' or ';' or '\t' or ' '))
            throw new ArgumentOutOfRangeException(nameof(options), d, "Delimiter must be ',', ';', '\\t' or ' ' (whitespace).");
        if (options.LabelColumn is { Length: 0 }) throw new ArgumentException("LabelColumn must not be empty.", nameof(options));
    }

    private static Dataset Parse(byte[] bytes, string path, CsvReadOptions options)
    {
        string text = Decode(bytes, path);
        bytes = [];
        List<(int Number, int Start, int Length)> lines = SplitLines(text);
        if (lines.Count == 0) throw new DataFormatException(path, "the file holds no data (empty or only blank lines).", line: 1);
        string LineText(int index) => text.Substring(lines[index].Start, lines[index].Length);

        // Only the first lines are kept as fields for detection; the rest are split and parsed one at a time.
        var sample = Enumerable.Range(0, Math.Min(SampleLines, lines.Count)).Select(i => (lines[i].Number, Text: LineText(i))).ToList();
        char delimiter = options.Delimiter ?? DetectDelimiter(sample);
        var sampleRows = sample.Take(2).Select(l => (l.Number, Fields: SplitFields(l.Text, delimiter, path, l.Number))).ToList();
        bool header = options.HasHeader ?? DetectHeader(sampleRows);
        string[]? names = header ? sampleRows[0].Fields : null;
        int firstData = header ? 1 : 0;
        int width = sampleRows[0].Fields.Length;
        int headerLine = lines[0].Number;
        if (lines.Count <= firstData)
            throw new DataFormatException(path, "the file has a header but no data rows; expected at least one row.", line: headerLine + 1);

        int labelColumn = FindLabelColumn(options, names, width, path, headerLine);
        int featureCount = width - (labelColumn >= 0 ? 1 : 0);
        if (featureCount < 1)
            throw new DataFormatException(path, "there are no feature columns (the only column is the label).", line: headerLine);
        int count = lines.Count - firstData;
        if ((long)count * featureCount > ReaderChecks.MaxValues)
            throw new DataFormatException(path, "too many values for one data set.");

        var features = new float[(long)count * featureCount];
        var labelTexts = labelColumn >= 0 ? new string[count] : null;
        for (int r = 0; r < count; r++)
        {
            int number = lines[firstData + r].Number;
            ReadOnlySpan<char> span = text.AsSpan(lines[firstData + r].Start, lines[firstData + r].Length);
            if (delimiter != ' ' && !span.Contains('"'))
            {
                ParseSimpleRow(span, delimiter, width, headerLine, labelColumn, options.AllowNonFinite, path, number, names,
                    features.AsSpan((int)((long)r * featureCount), featureCount), labelTexts, r);
                continue;
            }
            string[] fields = SplitFields(LineText(firstData + r), delimiter, path, number);
            if (fields.Length != width)
                throw new DataFormatException(path, $"expected {width} fields (as in line {headerLine}), found {fields.Length}.", line: number);
            int f = 0;
            for (int c = 0; c < width; c++)
            {
                string field = fields[c];
                if (c == labelColumn)
                {
                    if (field.Length == 0) throw new DataFormatException(path, $"missing label{ColumnName(names, c)}.", line: number, column: c + 1);
                    labelTexts![r] = field;
                    continue;
                }
                features[(long)r * featureCount + f++] = ParseValue(field, options.AllowNonFinite, path, number, c, names);
            }
        }
        (int[]? labels, IReadOnlyList<string>? classNames) = labelTexts is null ? (null, null) : MapLabels(labelTexts);
        IReadOnlyList<string>? featureNames = names?.Where((_, c) => c != labelColumn).ToArray();
        string name = options.Name ?? DatasetName(path);
        return new Dataset(name, features, featureCount, labels, classNames, featureNames: featureNames);
    }

    /// <summary>The fast path for a row without quotes: fields are spans, only a label becomes a string.</summary>
    private static void ParseSimpleRow(ReadOnlySpan<char> line, char delimiter, int width, int headerLine, int labelColumn, bool allowNonFinite,
        string path, int number, string[]? names, Span<float> row, string[]? labelTexts, int rowIndex)
    {
        int found = line.Count(delimiter) + 1;
        if (found != width)
            throw new DataFormatException(path, $"expected {width} fields (as in line {headerLine}), found {found}.", line: number);
        int f = 0;
        for (int c = 0; c < width; c++)
        {
            int next = line.IndexOf(delimiter);
            ReadOnlySpan<char> field = (next < 0 ? line : line[..next]).Trim();
            line = next < 0 ? [] : line[(next + 1)..];
            if (c == labelColumn)
            {
                if (field.IsEmpty) throw new DataFormatException(path, $"missing label{ColumnName(names, c)}.", line: number, column: c + 1);
                labelTexts![rowIndex] = field.ToString();
                continue;
            }
            if (!field.IsEmpty && double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                && double.IsFinite(value) && float.IsFinite((float)value))
                row[f++] = (float)value;
            else
                row[f++] = ParseValue(field.ToString(), allowNonFinite, path, number, c, names);
        }
    }

    private static string Decode(byte[] bytes, string path)
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try
        {
            string text = strict.GetString(bytes, start, bytes.Length - start);
            int nul = text.IndexOf('\0');
            if (nul >= 0) throw new DataFormatException(path, "the file holds a NUL character: binary data, not text.", offset: start + strict.GetByteCount(text.AsSpan(0, nul)));
            return text;
        }
        catch (DecoderFallbackException exception)
        {
            long offset = start + Math.Max(0, exception.Index);
            int bad = exception.BytesUnknown is { Length: > 0 } unknown ? unknown[0] : -1;
            long line = 1 + bytes.AsSpan(0, (int)Math.Min(offset, bytes.Length)).Count((byte)'\n');
            throw new DataFormatException(path, $"not UTF-8 text{(bad >= 0 ? $" (byte 0x{bad:x2})" : "")}; save the file as UTF-8.", line: line, offset: offset);
        }
    }

    /// <summary>The non-blank lines as (1-based number, start, length) without the line end.</summary>
    private static List<(int Number, int Start, int Length)> SplitLines(string text)
    {
        var lines = new List<(int, int, int)>();
        int number = 0, start = 0;
        while (start <= text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            number++;
            int stop = end;
            if (stop > start && text[stop - 1] == '\r') stop--;
            if (!text.AsSpan(start, stop - start).IsWhiteSpace()) lines.Add((number, start, stop - start));
            start = end + 1;
        }
        return lines;
    }

    private static char DetectDelimiter(List<(int Number, string Text)> lines)
    {
        var sample = lines.Take(SampleLines).Select(l => l.Text).ToList();
        foreach (char candidate in new[] { ',', ';', '\t' })
        {
            int first = CountOutsideQuotes(sample[0], candidate);
            if (first > 0 && sample.All(l => CountOutsideQuotes(l, candidate) == first)) return candidate;
        }
        foreach (char candidate in new[] { ',', ';', '\t' })
            if (sample.All(l => CountOutsideQuotes(l, candidate) > 0)) return candidate;
        return ' ';
    }

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        int count = 0;
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == delimiter && !quoted) count++;
        }
        return count;
    }

    private static string[] SplitFields(string line, char delimiter, string path, int number)
    {
        if (delimiter == ' ') return line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var fields = new List<string>();
        var current = new StringBuilder();
        int i = 0;
        while (true)
        {
            current.Clear();
            while (i < line.Length && line[i] is ' ' or '\t' && line[i] != delimiter) i++;
            if (i < line.Length && line[i] == '"')
            {
                int column = fields.Count + 1;
                i++;
                while (true)
                {
                    if (i >= line.Length) throw new DataFormatException(path, "unterminated quoted field (a \" without its closing \").", line: number, column: column);
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    current.Append(line[i++]);
                }
                while (i < line.Length && line[i] != delimiter)
                {
                    if (!char.IsWhiteSpace(line[i])) throw new DataFormatException(path, "text after a closing quote; expected a delimiter.", line: number, column: column);
                    i++;
                }
                fields.Add(current.ToString());
            }
            else
            {
                int end = line.IndexOf(delimiter, i);
                if (end < 0) end = line.Length;
                fields.Add(line[i..end].Trim());
                i = end;
            }
            if (i >= line.Length) break;
            i++;
            if (i == line.Length) { fields.Add(""); break; }
        }
        return fields.ToArray();
    }

    private static bool DetectHeader(List<(int Number, string[] Fields)> rows)
    {
        string[] first = rows[0].Fields;
        if (rows.Count == 1) return first.Any(f => !IsNumber(f));
        string[] second = rows[1].Fields;
        for (int c = 0; c < Math.Min(first.Length, second.Length); c++)
            if (!IsNumber(first[c]) && IsNumber(second[c])) return true;
        return false;
    }

    private static bool IsNumber(string field) => TryParseNumber(field, out _);

    /// <summary>A number in invariant culture; also the spellings NumPy and R write for non-finite values (nan, inf, -inf, NA is not one).</summary>
    private static bool TryParseNumber(string field, out double value)
    {
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        ReadOnlySpan<char> text = field.AsSpan();
        bool negative = text.Length > 0 && text[0] == '-';
        if (text.Length > 0 && text[0] is '-' or '+') text = text[1..];
        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase)) { value = double.NaN; return true; }
        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase) || text.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        return false;
    }

    private static int FindLabelColumn(CsvReadOptions options, string[]? names, int width, string path, int headerLine)
    {
        if (options.NoLabels) return -1;
        if (options.LabelColumnIndex is { } index)
        {
            int resolved = index < 0 ? width + index : index;
            if (resolved < 0 || resolved >= width)
                throw new DataFormatException(path, $"label column index {index} is outside the {width} columns (0-based; negative counts from the end).", line: headerLine);
            return resolved;
        }
        if (options.LabelColumn is { } wanted)
        {
            if (names is null)
                throw new DataFormatException(path, $"label column '{wanted}' asked for by name, but the file has no header (give the column index instead).", line: headerLine);
            int found = Array.FindIndex(names, n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
            if (found < 0)
                throw new DataFormatException(path, $"no column named '{wanted}'; the header has: {string.Join(", ", names.Take(12))}{(names.Length > 12 ? ", …" : "")}.", line: headerLine);
            return found;
        }
        return names is null ? -1 : Array.FindIndex(names, n => string.Equals(n, "label", StringComparison.OrdinalIgnoreCase));
    }

    private static float ParseValue(string field, bool allowNonFinite, string path, int line, int column, string[]? names)
    {
        if (field.Length == 0)
            throw new DataFormatException(path, $"missing value{ColumnName(names, column)}; expected a number.", line: line, column: column + 1);
        if (!TryParseNumber(field, out double value))
            throw new DataFormatException(path, $"expected a number{ColumnName(names, column)}, found '{Shorten(field)}' (if this is the label column, name it with the LabelColumn option / --label-column).", line: line, column: column + 1);
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            if (allowNonFinite) return (float)value;
            throw new DataFormatException(path, $"{(double.IsNaN(value) ? "NaN" : "an infinite value")}{ColumnName(names, column)}; features must be finite (allow them with the AllowNonFinite option / --allow-nan).", line: line, column: column + 1);
        }
        float narrowed = (float)value;
        if (float.IsInfinity(narrowed))
            throw new DataFormatException(path, $"value '{Shorten(field)}'{ColumnName(names, column)} is outside the float32 range (±3.4e38).", line: line, column: column + 1);
        return narrowed;
    }

    private static (int[] Labels, IReadOnlyList<string>? ClassNames) MapLabels(string[] texts)
    {
        var integers = new int[texts.Length];
        bool allIntegers = true;
        for (int i = 0; i < texts.Length && allIntegers; i++)
            allIntegers = int.TryParse(texts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integers[i]);
        if (allIntegers)
        {
            var distinct = integers.Distinct().Order().ToArray();
            if (distinct[0] == 0 && distinct[^1] == distinct.Length - 1) return (integers, null);
            var byValue = distinct.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
            return (integers.Select(v => byValue[v]).ToArray(), distinct.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray());
        }
        string[] names = texts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var id = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        return (texts.Select(t => id[t]).ToArray(), names);
    }

    private static string ColumnName(string[]? names, int column) =>
        names is not null && column < names.Length ? $" in column '{Shorten(names[column])}'" : "";

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    private static string DatasetName(string path)
    {
        string name = System.IO.Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
        return System.IO.Path.GetFileNameWithoutExtension(name);
    }
}
