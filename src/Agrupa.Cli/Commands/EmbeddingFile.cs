using System.Globalization;
using System.Text;
using Agrupa.Data;

namespace Agrupa.Cli.Commands;

/// <summary>
/// Writes an embedding (or any data set's features) for <c>reduce</c> and <c>embed</c>: <c>.npy</c> as float32 n×d
/// (<see cref="NpyWriter"/>), <c>.csv</c> with a header dim_1..dim_d plus a <c>label</c> column when the rows have labels.
/// Both are written atomically.
/// </summary>
internal static class EmbeddingFile
{
    /// <summary>Throws <see cref="UsageException"/> unless <paramref name="path"/> ends in .npy or .csv.</summary>
    public static void CheckExtension(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".npy" or ".csv")) throw new UsageException($"--out must end in .npy or .csv, got '{Path.GetFileName(path)}'.");
    }

    /// <summary>Writes <paramref name="embedding"/> to <paramref name="path"/> (.npy or .csv).</summary>
    public static void Write(Dataset embedding, string path)
    {
        CheckExtension(path);
        if (Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase)) NpyWriter.Write(path, embedding);
        else AtomicFile.Write(path, stream => WriteCsv(embedding, stream));
    }

    private static void WriteCsv(Dataset embedding, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        int d = embedding.FeatureCount;
        bool labels = embedding.Labels is not null;
        writer.WriteLine(string.Join(',', Enumerable.Range(1, d).Select(i => $"dim_{i}")) + (labels ? ",label" : ""));
        var line = new StringBuilder();
        for (int i = 0; i < embedding.Count; i++)
        {
            line.Clear();
            var row = embedding.Row(i);
            for (int j = 0; j < d; j++)
            {
                if (j > 0) line.Append(',');
                line.Append(row[j].ToString("R", CultureInfo.InvariantCulture));
            }
            if (labels) line.Append(',').Append(embedding.Labels![i].ToString(CultureInfo.InvariantCulture));
            writer.WriteLine(line);
        }
    }
}
