using Agrupa.Experiments;
using ScottPlot;

namespace Agrupa.Plots;

/// <summary>
/// Curves of a training run from its <see cref="TrainingHistory"/>: every loss term (train, validation,
/// reconstruction, clustering, …) per stage against the epoch, or the monitoring metrics (ACC, NMI, …) against it.
/// </summary>
public static class TrainingCurvesPlot
{
    /// <summary>
    /// Loss curves: one line per stage × loss term. Null when the history holds no loss. <paramref name="logScale"/>
    /// null chooses log10 (zeros left out) when no value is negative and the terms' largest values differ by more than 100×, so that
    /// a small term (a centre shift beside an inertia) is not drawn as a flat line at 0.
    /// </summary>
    /// <param name="history">The run's history.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="logScale">Log10 y axis; null = automatic (above).</param>
    /// <param name="stage">Only this stage's curves (stages have their own epochs, e.g. "pretrain" and "k-means"); null = all.</param>
    public static byte[]? Losses(TrainingHistory history, string title, int width = 900, int height = 500, bool? logScale = null, string? stage = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (stage is not null) history = history.OfStage(stage);
        var losses = history.Points.Where(p => p.Kind == TrainingHistoryPoint.LossKind && double.IsFinite(p.Value)).ToArray();
        bool log = logScale ?? (losses.Length > 0 && losses.All(p => p.Value >= 0)
            && losses.Where(p => p.Value > 0).GroupBy(p => (p.Stage, p.Name)).Select(g => g.Max(p => p.Value)).ToArray() is { Length: > 1 } peaks && peaks.Max() > 100 * peaks.Min());
        return Render(history, TrainingHistoryPoint.LossKind, title, log ? "loss (log10 scale)" : "loss", log, width, height);
    }

    /// <summary>Metric curves over training (values in [0, 1] for ACC/NMI/ARI), optionally of one <paramref name="stage"/>. Null when there is no metric.</summary>
    public static byte[]? Metrics(TrainingHistory history, string title, int width = 900, int height = 500, string? stage = null) =>
        Render(stage is null ? history : history.OfStage(stage), TrainingHistoryPoint.MetricKind, title, "metric value", false, width, height);

    /// <summary>Named curves drawn against a shared x axis (e.g. epochs), one line per series; for any use beyond histories.</summary>
    public static byte[] Curves(IReadOnlyDictionary<string, (double[] X, double[] Y)> series, string title, string xLabel, string yLabel,
        int width = 900, int height = 500) => Curves(series, title, xLabel, yLabel, width, height, logTicks: false);

    private static byte[] Curves(IReadOnlyDictionary<string, (double[] X, double[] Y)> series, string title, string xLabel, string yLabel,
        int width, int height, bool logTicks)
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
        if (logTicks)   // y holds log10 values: label the ticks with the values themselves (1e+03, 0.01, …)
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
            };
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
        return Curves(series, title, "epoch (or iteration)", yLabel, width, height, logScale);
    }
}
