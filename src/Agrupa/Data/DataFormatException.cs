namespace Agrupa.Data;

/// <summary>
/// A data file (or model file) could not be read: the message names the file, the place (line and column, or byte
/// offset) and what was expected. Every reader throws only this type for malformed content.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception; the message is composed as "path[:line[:column]][ (offset N)]: detail".</summary>
    public DataFormatException(string path, string detail, long? line = null, long? column = null, long? offset = null, Exception? inner = null)
        : base(Compose(path, detail, line, column, offset), inner)
    {
        Path = path;
        Detail = detail;
        Line = line;
        Column = column;
        Offset = offset;
    }

    /// <summary>The file (or resource) that was being read.</summary>
    public string Path { get; }

    /// <summary>What was wrong, without the location.</summary>
    public string Detail { get; }

    /// <summary>1-based line, when the format has lines.</summary>
    public long? Line { get; }

    /// <summary>1-based column, when known.</summary>
    public long? Column { get; }

    /// <summary>0-based byte offset, for binary formats.</summary>
    public long? Offset { get; }

    private static string Compose(string path, string detail, long? line, long? column, long? offset)
    {
        string where = path;
        if (line is { } l) where += $":{l}" + (column is { } c ? $":{c}" : "");
        if (offset is { } o) where += $" (byte offset {o})";
        return $"{where}: {detail}";
    }
}
