using System.Globalization;
using System.Text;

namespace Agrupa.Experiments;

/// <summary>
/// The files of an experiment's output folder: <c>spec.json</c>, <c>results.csv</c>, <c>summary.md</c>,
/// <c>summary.csv</c>, <c>view.csv</c> (the shared 2-D view), <c>report.html</c>, <c>plots/*.png</c> and per run
/// <c>runs/&lt;pipeline&gt;/seed-&lt;seed&gt;/</c> with <c>labels.csv</c>, <c>history.csv</c> and (2-D reducers) <c>embedding.csv</c>.
/// </summary>
/// <param name="Directory">The output folder.</param>
public sealed record ExperimentLayout(string Directory)
{
    /// <summary>The spec as run.</summary>
    public string SpecPath => Path.Combine(Directory, "spec.json");

    /// <summary>One row per run.</summary>
    public string ResultsPath => Path.Combine(Directory, "results.csv");

    /// <summary>Mean ± std per pipeline, Markdown.</summary>
    public string SummaryMarkdownPath => Path.Combine(Directory, "summary.md");

    /// <summary>Mean and std per pipeline, CSV.</summary>
    public string SummaryCsvPath => Path.Combine(Directory, "summary.csv");

    /// <summary>The shared 2-D view of the plotted rows: index, x, y.</summary>
    public string ViewPath => Path.Combine(Directory, "view.csv");

    /// <summary>The self-contained HTML report.</summary>
    public string ReportPath => Path.Combine(Directory, "report.html");

    /// <summary>Folder of the report's PNG files.</summary>
    public string PlotDirectory => Path.Combine(Directory, "plots");

    /// <summary>Folder of one run's files.</summary>
    public string RunDirectory(string pipeline, int seed) =>
        Path.Combine(Directory, "runs", Slug(pipeline), "seed-" + seed.ToString(CultureInfo.InvariantCulture));

    /// <summary>A run's predicted labels, one per row (header "cluster").</summary>
    public string LabelsPath(string pipeline, int seed) => Path.Combine(RunDirectory(pipeline, seed), "labels.csv");

    /// <summary>A run's training history (see <see cref="TrainingHistory"/>).</summary>
    public string HistoryPath(string pipeline, int seed) => Path.Combine(RunDirectory(pipeline, seed), "history.csv");

    /// <summary>A run's own 2-D embedding of the plotted rows (only for 2-D reducers): index, x, y.</summary>
    public string EmbeddingPath(string pipeline, int seed) => Path.Combine(RunDirectory(pipeline, seed), "embedding.csv");

    /// <summary>A file-name-safe form of a label: letters and digits kept, '+' → "_plus_", others → '-'.</summary>
    public static string Slug(string label)
    {
        var text = new StringBuilder();
        foreach (char c in label.Trim())
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') text.Append(char.ToLowerInvariant(c));
            else if (c == '+') text.Append("_plus_");
            else text.Append('-');
        }
        string slug = text.ToString().Trim('.');
        return slug.Length == 0 ? "pipeline" : slug;
    }

    internal static void WritePoints(string path, IReadOnlyList<int> indices, float[] xy)
    {
        var text = new StringBuilder("index,x,y\n");
        for (int i = 0; i < indices.Count; i++)
            text.Append(Csv.Number(indices[i])).Append(',').Append(Csv.Number(xy[2 * i])).Append(',').Append(Csv.Number(xy[2 * i + 1])).Append('\n');
        Csv.WriteAtomic(path, text.ToString());
    }

    /// <summary>Reconstructions of a few rows by the run's autoencoder (image data only).</summary>
    public string ReconstructionsPath(string pipeline, int seed) => Path.Combine(RunDirectory(pipeline, seed), "reconstructions.csv");

    internal static void WriteRows(string path, IReadOnlyList<int> indices, Data.Dataset rows)
    {
        var text = new StringBuilder("index,values\n");
        for (int i = 0; i < indices.Count; i++)
        {
            text.Append(Csv.Number(indices[i]));
            foreach (float value in rows.Row(i)) text.Append(',').Append(Csv.Number(value));
            text.Append('\n');
        }
        Csv.WriteAtomic(path, text.ToString());
    }

    /// <summary>
    /// Reads a rows file (index, then <paramref name="width"/> values per line); null when absent or malformed.
    /// </summary>
    public static (int[] Indices, float[] Values)? ReadRows(string path, int width)
    {
        if (!File.Exists(path)) return null;
        var indices = new List<int>();
        var values = new List<float>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] cells = line.Split(',');
            if (cells.Length != width + 1 || !int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)) return null;
            indices.Add(index);
            for (int j = 1; j < cells.Length; j++)
            {
                if (!float.TryParse(cells[j], NumberStyles.Float, CultureInfo.InvariantCulture, out float value)) return null;
                values.Add(value);
            }
        }
        return (indices.ToArray(), values.ToArray());
    }

    /// <summary>Reads a points file (index, x, y); null when absent.</summary>
    public static (int[] Indices, double[] X, double[] Y)? ReadPoints(string path)
    {
        if (!File.Exists(path)) return null;
        var indices = new List<int>();
        var x = new List<double>();
        var y = new List<double>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] cells = line.Split(',');
            if (cells.Length != 3) continue;
            indices.Add(int.Parse(cells[0], CultureInfo.InvariantCulture));
            x.Add(double.Parse(cells[1], CultureInfo.InvariantCulture));
            y.Add(double.Parse(cells[2], CultureInfo.InvariantCulture));
        }
        return (indices.ToArray(), x.ToArray(), y.ToArray());
    }

    internal static void WriteLabels(string path, IReadOnlyList<int> labels)
    {
        var text = new StringBuilder("cluster\n");
        foreach (int label in labels) text.Append(Csv.Number(label)).Append('\n');
        Csv.WriteAtomic(path, text.ToString());
    }

    /// <summary>Reads a labels file; null when absent or not one label per row of a data set of <paramref name="count"/> rows.</summary>
    public static int[]? ReadLabels(string path, int count)
    {
        if (!File.Exists(path)) return null;
        string[] lines = File.ReadAllLines(path);
        if (lines.Length - 1 != count) return null;
        var labels = new int[count];
        for (int i = 0; i < count; i++)
            if (!int.TryParse(lines[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out labels[i])) return null;
        return labels;
    }
}
