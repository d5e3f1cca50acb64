using ScottPlot;

namespace Agrupa.Plots;

/// <summary>
/// A k-selection curve: a criterion (inertia for the elbow, silhouette, BIC, Calinski–Harabasz) against the number of
/// clusters k, one line per series (e.g. per method or seed), the chosen k marked by a dashed vertical line.
/// </summary>
public static class KSelectionPlot
{
    /// <summary>Renders the curves as PNG bytes.</summary>
    /// <param name="ks">The values of k (ascending).</param>
    /// <param name="series">Criterion values per series, one per k.</param>
    /// <param name="criterion">Name of the criterion, the y-axis label (e.g. "silhouette (higher is better)").</param>
    /// <param name="title">Plot title.</param>
    /// <param name="chosenK">The k to mark, or null.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static byte[] Render(IReadOnlyList<int> ks, IReadOnlyDictionary<string, double[]> series, string criterion, string title,
        int? chosenK = null, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(ks);
        ArgumentNullException.ThrowIfNull(series);
        if (ks.Count == 0) throw new ArgumentException("At least one k is needed.", nameof(ks));
        Plot plot = PlotTheme.Create(title, "number of clusters k", criterion);
        double[] x = ks.Select(k => (double)k).ToArray();
        int index = 0;
        foreach ((string name, double[] values) in series)
        {
            if (values.Length != ks.Count) throw new ArgumentException($"Series \"{name}\" has {values.Length} values for {ks.Count} values of k.", nameof(series));
            var line = plot.Add.ScatterLine(x, values, PlotTheme.Category(index++, series.Count));
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = name;
        }
        if (chosenK is { } k)
        {
            var marker = plot.Add.VerticalLine(k, 1.5f, Colors.Gray, LinePattern.Dashed);
            marker.LegendText = $"chosen k = {k}";
        }
        plot.Axes.Bottom.SetTicks(x, ks.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.ShowLegend(Edge.Right);
        return PlotTheme.Png(plot, width, height);
    }
}
