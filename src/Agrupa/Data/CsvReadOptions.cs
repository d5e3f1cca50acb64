namespace Agrupa.Data;

/// <summary>Options for <see cref="CsvReader"/>. Every default is "detect" so a plain numeric CSV needs none.</summary>
public sealed record CsvReadOptions
{
    /// <summary>
    /// Field delimiter: ',', ';', '\t' or ' ' (any run of spaces and tabs). Null (default) detects it from the first
    /// lines: the first of comma, semicolon, tab that splits every sampled line into the same number (&gt; 1) of
    /// fields, else whitespace.
    /// </summary>
    public char? Delimiter { get; init; }

    /// <summary>
    /// Whether the first line is a header. Null (default) detects it: a header when some field of the first line is
    /// not a number while the same field of the second line is (or, for a one-line file, when any field is not a number).
    /// </summary>
    public bool? HasHeader { get; init; }

    /// <summary>
    /// Name of the label column (needs a header). Null (default): a column named "label" (case-insensitive) when the
    /// header has one, else no labels. Conflicts with <see cref="LabelColumnIndex"/> and <see cref="NoLabels"/>.
    /// </summary>
    public string? LabelColumn { get; init; }

    /// <summary>0-based index of the label column; negative values count from the end (−1 = last column).</summary>
    public int? LabelColumnIndex { get; init; }

    /// <summary>Read every column as a feature, even one named "label".</summary>
    public bool NoLabels { get; init; }

    /// <summary>Keep NaN and ±∞ ("nan", "inf") as feature values instead of rejecting the file. Default false.</summary>
    public bool AllowNonFinite { get; init; }

    /// <summary>Data set name; default: the file name without extension.</summary>
    public string? Name { get; init; }
}
