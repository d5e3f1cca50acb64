using Agrupa.Experiments;
using ScottPlot;

namespace Agrupa.Plots;

/// <summary>
/// Curves of a training run from its <see cref="TrainingHistory"/>: every loss term (train, validation,
/// reconstruction, clustering, …) per stage against the epoch, or the monitoring metrics (ACC, NMI, …) against it.
/// </summary>
public static class TrainingCurvesPlot
{
    /// <summary>Loss curves: one line per stage × loss term. Null when the history holds no loss.</summary>
    public static byte[]? Losses(TrainingHistory history, string title, int width = 900, int height = 500, bool logScale = false) =>
        Render(history, TrainingHistoryPoint.LossKind, title, logScale ? "loss (log10)" : "loss", logScale, width, height);

    /// <summary>Metric curves over training (values in [0, 1] for ACC/NMI/ARI). Null when the history holds no metric.</summary>
    public static byte[]? Metrics(TrainingHistory history, string title, int width = 900, int height = 500) =>
        Render(history, TrainingHistoryPoint.MetricKind, title, "metric value", false, width, height);

    /// <summary>Named curves drawn against a shared x axis (e.g. epochs), one line per series; for any use beyond histories.</summary>
    public static byte[] Curves(IReadOnlyDictionary<string, (double[] X, double[] Y)> series, string title, string xLabel, string yLabel,
        int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(series);
        Plot plot = PlotTheme.Create(title, xLabel, yLabel);
        int index = 0;
        foreach ((string name, (double[] x, double[] y)) in series)
        {
            if (x.Length != y.Length) throw new ArgumentException($"Series \"{name}\" has {x.Length} x values and {y.Length} y values.", nameof(series));
            var line = plot.Add.ScatterLine(x, y, PlotTheme.Category(index++, series.Count));
            line.LineWidth = 2;
            line.MarkerSize = x.Length <= 60 ? 5 : 0;
            line.LegendText = name;
        }
        plot.ShowLegend(Edge.Right);
        return PlotTheme.Png(plot, width, height);
    }

    private static byte[]? Render(TrainingHistory history, string kind, string title, string yLabel, bool logScale, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(history);
        var points = history.Points.Where(p => p.Kind == kind && double.IsFinite(p.Value) && (!logScale || p.Value > 0)).ToArray();
        if (points.Length == 0) return null;
        bool severalStages = points.Select(p => p.Stage).Distinct().Count() > 1;
        var series = points.GroupBy(p => (p.Stage, p.Name))
            .ToDictionary(g => severalStages ? $"{g.Key.Stage}: {g.Key.Name}" : g.Key.Name,
                g => (g.Select(p => p.Position).ToArray(), g.Select(p => logScale ? Math.Log10(p.Value) : p.Value).ToArray()));
        return Curves(series, title, "epoch", yLabel, width, height);
    }
}
