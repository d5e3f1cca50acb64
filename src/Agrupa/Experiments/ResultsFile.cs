using System.Globalization;
using System.Text;
using Agrupa.Data;

namespace Agrupa.Experiments;

/// <summary>
/// <c>results.csv</c>: one row per run, fixed columns then one column per metric. The whole file is rewritten
/// atomically (temporary file, then move) each time a run finishes, so a kill never leaves half a row.
/// </summary>
public static class ResultsFile
{
    private static readonly string[] FixedColumns =
    [
        "pipeline", "method", "seed", "status", "clusters_requested", "clusters_found", "noise_fraction",
        "reduce_s", "cluster_s", "evaluate_s", "total_s", "peak_rss_mb", "allocated_mb", "finished_utc", "configuration", "message",
    ];

    /// <summary>Reads the rows of <paramref name="path"/>; an absent file has none.</summary>
    /// <exception cref="DataFormatException">The file is not a results file (wrong header, bad value), naming line and column.</exception>
    public static IReadOnlyList<RunRecord> Read(string path)
    {
        if (!File.Exists(path)) return [];
        string[] lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0) return [];
        List<string> header = Csv.SplitLine(lines[0]);
        foreach (string column in FixedColumns)
            if (!header.Contains(column)) throw new DataFormatException(path, $"not an Agrupa results file: column \"{column}\" is missing from the header", 1);
        var records = new List<RunRecord>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            List<string> cells = Csv.SplitLine(lines[i]);
            if (cells.Count != header.Count) throw new DataFormatException(path, $"expected {header.Count} fields, got {cells.Count}", i + 1);
            string Cell(string name) => cells[header.IndexOf(name)];
            double Number(string name)
            {
                string text = Cell(name);
                if (text.Length == 0) return double.NaN;
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                    ? value : throw new DataFormatException(path, $"expected a number in column \"{name}\", got \"{text}\"", i + 1, header.IndexOf(name) + 1);
            }
            var metrics = new Dictionary<string, double>();
            foreach (string column in header.Where(c => !FixedColumns.Contains(c)))
            {
                double value = Number(column);
                if (!double.IsNaN(value)) metrics[column] = value;
            }
            records.Add(new RunRecord
            {
                Pipeline = Cell("pipeline"), Method = Cell("method"), Seed = (int)Number("seed"), Status = Cell("status"),
                Configuration = Cell("configuration"), ClustersRequested = (int)Number("clusters_requested"),
                ClustersFound = (int)Number("clusters_found"), NoiseFraction = Number("noise_fraction"), Metrics = metrics,
                ReduceSeconds = Number("reduce_s"), ClusterSeconds = Number("cluster_s"), EvaluateSeconds = Number("evaluate_s"),
                TotalSeconds = Number("total_s"), PeakMemoryMegabytes = Number("peak_rss_mb"), AllocatedMegabytes = Number("allocated_mb"),
                Finished = DateTimeOffset.TryParse(Cell("finished_utc"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var finished) ? finished : default,
                Message = Cell("message"),
            });
        }
        return records;
    }

    /// <summary>Writes all <paramref name="records"/> atomically; metric columns follow <paramref name="metricOrder"/>, then any others.</summary>
    public static void Write(string path, IReadOnlyList<RunRecord> records, IReadOnlyList<string> metricOrder)
    {
        var metrics = metricOrder.Concat(records.SelectMany(r => r.Metrics.Keys).Where(k => !metricOrder.Contains(k)).Distinct().Order()).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', FixedColumns.Concat(metrics)));
        foreach (RunRecord r in records)
        {
            var cells = new List<string>
            {
                r.Pipeline, r.Method, Csv.Number(r.Seed), r.Status, Csv.Number(r.ClustersRequested), Csv.Number(r.ClustersFound),
                Csv.Number(r.NoiseFraction), Csv.Number(r.ReduceSeconds), Csv.Number(r.ClusterSeconds), Csv.Number(r.EvaluateSeconds),
                Csv.Number(r.TotalSeconds), Csv.Number(r.PeakMemoryMegabytes), Csv.Number(r.AllocatedMegabytes),
                r.Finished.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), r.Configuration, r.Message,
            };
            cells.AddRange(metrics.Select(m => r.Metrics.TryGetValue(m, out double v) ? Csv.Number(v) : ""));
            text.AppendLine(string.Join(',', cells.Select(Csv.Quote)));
        }
        Csv.WriteAtomic(path, text.ToString());
    }
}
