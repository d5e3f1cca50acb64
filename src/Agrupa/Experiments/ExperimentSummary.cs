using System.Globalization;
using System.Text;

namespace Agrupa.Experiments;

/// <summary>The summary table of an experiment: mean ± sample standard deviation per pipeline, as Markdown and CSV.</summary>
public sealed class ExperimentSummary
{
    private ExperimentSummary(IReadOnlyList<SummaryRow> rows, IReadOnlyList<string> metrics)
    {
        Rows = rows;
        Metrics = metrics;
    }

    /// <summary>One row per pipeline, in the spec's order.</summary>
    public IReadOnlyList<SummaryRow> Rows { get; }

    /// <summary>Metric columns, in the spec's order.</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>Summarises <paramref name="records"/> (failed runs are counted, not averaged) for the pipelines in <paramref name="pipelineOrder"/>.</summary>
    public static ExperimentSummary Compute(IEnumerable<RunRecord> records, IReadOnlyList<string> pipelineOrder, IReadOnlyList<string> metrics)
    {
        var byPipeline = records.GroupBy(r => r.Pipeline).ToDictionary(g => g.Key, g => g.ToArray());
        var rows = new List<SummaryRow>();
        foreach (string pipeline in pipelineOrder)
        {
            if (!byPipeline.TryGetValue(pipeline, out RunRecord[]? runs)) continue;
            RunRecord[] ok = runs.Where(r => r.Status == RunRecord.Succeeded).ToArray();
            rows.Add(new SummaryRow
            {
                Pipeline = pipeline, Method = runs[0].Method, Runs = ok.Length, Failures = runs.Length - ok.Length,
                Metrics = metrics.ToDictionary(m => m, m => MeanDeviation.Of(ok.Where(r => r.Metrics.ContainsKey(m)).Select(r => r.Metrics[m]))),
                ClustersFound = MeanDeviation.Of(ok.Select(r => (double)r.ClustersFound)),
                NoiseFraction = MeanDeviation.Of(ok.Select(r => r.NoiseFraction)),
                ReduceSeconds = MeanDeviation.Of(ok.Select(r => r.ReduceSeconds)),
                ClusterSeconds = MeanDeviation.Of(ok.Select(r => r.ClusterSeconds)),
                TotalSeconds = MeanDeviation.Of(ok.Select(r => r.TotalSeconds)),
                PeakMemoryMegabytes = ok.Length == 0 ? double.NaN : ok.Max(r => r.PeakMemoryMegabytes),
            });
        }
        return new ExperimentSummary(rows, metrics);
    }

    /// <summary>A Markdown table: pipeline, runs, each metric as mean ± std, clusters, noise, time.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var header = new List<string> { "pipeline", "runs" };
        header.AddRange(Metrics.Select(m => m.ToUpperInvariant()));
        header.AddRange(["clusters", "noise", "time (s)", "peak RSS (MiB)"]);
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("| --- | ---: |" + string.Concat(Enumerable.Repeat(" ---: |", header.Count - 2)));
        foreach (SummaryRow row in Rows)
        {
            var cells = new List<string> { row.Pipeline, row.Failures == 0 ? Csv.Number(row.Runs) : $"{row.Runs} ({row.Failures} failed)" };
            cells.AddRange(Metrics.Select(m => row.Metrics[m].Format()));
            cells.Add(row.ClustersFound.Format(1));
            cells.Add(row.NoiseFraction.Format(3));
            cells.Add(row.TotalSeconds.Format(2));
            cells.Add(double.IsNaN(row.PeakMemoryMegabytes) ? "–" : row.PeakMemoryMegabytes.ToString("F0", CultureInfo.InvariantCulture));
            text.AppendLine("| " + string.Join(" | ", cells) + " |");
        }
        return text.ToString();
    }

    /// <summary>CSV with separate mean and std columns (machine-readable twin of <see cref="ToMarkdown"/>).</summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        var header = new List<string> { "pipeline", "method", "runs", "failures" };
        foreach (string m in Metrics) header.AddRange([$"{m}_mean", $"{m}_std"]);
        header.AddRange(["clusters_mean", "noise_fraction_mean", "reduce_s_mean", "cluster_s_mean", "total_s_mean", "total_s_std", "peak_rss_mb_max"]);
        text.AppendLine(string.Join(',', header));
        foreach (SummaryRow row in Rows)
        {
            var cells = new List<string> { row.Pipeline, row.Method, Csv.Number(row.Runs), Csv.Number(row.Failures) };
            foreach (string m in Metrics) cells.AddRange([Csv.Number(row.Metrics[m].Mean), Csv.Number(row.Metrics[m].StandardDeviation)]);
            cells.AddRange([Csv.Number(row.ClustersFound.Mean), Csv.Number(row.NoiseFraction.Mean), Csv.Number(row.ReduceSeconds.Mean),
                Csv.Number(row.ClusterSeconds.Mean), Csv.Number(row.TotalSeconds.Mean), Csv.Number(row.TotalSeconds.StandardDeviation),
                Csv.Number(row.PeakMemoryMegabytes)]);
            text.AppendLine(string.Join(',', cells.Select(Csv.Quote)));
        }
        return text.ToString();
    }
}
