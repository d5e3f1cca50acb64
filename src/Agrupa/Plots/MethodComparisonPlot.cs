using Agrupa.Experiments;
using ScottPlot;

namespace Agrupa.Plots;

/// <summary>
/// Grouped bar chart of methods × metrics: one group of bars per method, one colour per metric, bar height the mean
/// over seeds and error bars ± one sample standard deviation.
/// </summary>
public static class MethodComparisonPlot
{
    /// <summary>Renders the chart for the rows of <paramref name="summary"/> (metrics with no value are skipped).</summary>
    public static byte[] Render(ExperimentSummary summary, string title, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var methods = summary.Rows.Where(r => r.Runs > 0).ToArray();
        var metrics = summary.Metrics.Where(m => methods.Any(r => r.Metrics[m].Count > 0)).ToArray();
        var values = methods.ToDictionary(r => r.Pipeline, r => metrics.ToDictionary(m => m, m => r.Metrics[m]));
        return Render(methods.Select(r => r.Pipeline).ToArray(), metrics, values, title, width, height);
    }

    /// <summary>Renders the chart from explicit values: <paramref name="values"/>[method][metric].</summary>
    public static byte[] Render(IReadOnlyList<string> methods, IReadOnlyList<string> metrics,
        IReadOnlyDictionary<string, Dictionary<string, MeanDeviation>> values, string title, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(metrics);
        // Horizontal bars: method names (often long, "umap2+hdbscan") read left of their bars, first method at the top.
        Plot plot = PlotTheme.Create(title, "score (mean ± std over seeds)", "method");
        double groupWidth = 0.8, barWidth = groupWidth / Math.Max(metrics.Count, 1);
        double top = 0;
        for (int k = 0; k < metrics.Count; k++)
        {
            Color color = PlotTheme.Category(k, metrics.Count);
            var bars = new List<Bar>();
            for (int m = 0; m < methods.Count; m++)
            {
                if (!values.TryGetValue(methods[m], out var byMetric) || !byMetric.TryGetValue(metrics[k], out MeanDeviation value) || value.Count == 0) continue;
                double error = value.Count > 1 ? value.StandardDeviation : 0;
                top = Math.Max(top, value.Mean + error);
                bars.Add(new Bar
                {
                    Position = methods.Count - 1 - m + groupWidth / 2 - barWidth * (k + 0.5), Orientation = Orientation.Horizontal, Value = value.Mean, Error = error, Size = barWidth * 0.92,
                    FillColor = color, LineColor = Colors.Black.WithAlpha(0.8), LineWidth = 1.2f, ErrorSize = 0.35,
                });
            }
            if (bars.Count == 0) continue;
            var plottable = plot.Add.Bars(bars.ToArray());
            plottable.LegendText = metrics[k].ToUpperInvariant();
        }
        plot.Axes.Left.SetTicks(Enumerable.Range(0, methods.Count).Select(i => (double)(methods.Count - 1 - i)).ToArray(), methods.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(0, Math.Max(1.0, top * 1.05), -0.6, methods.Count - 0.4);
        plot.ShowLegend(Edge.Right);
        return PlotTheme.Png(plot, width ?? 1000, height ?? Math.Clamp(140 + (40 + 22 * metrics.Count) * methods.Count, 360, 1600));
    }
}
