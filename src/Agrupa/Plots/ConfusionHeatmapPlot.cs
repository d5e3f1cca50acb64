using Agrupa.Experiments;
using ScottPlot;

namespace Agrupa.Plots;

/// <summary>
/// A confusion matrix as a heatmap: true classes down the side (by name), clusters across in matched order, the count
/// written in every cell, shaded by the fraction of the class (row) it holds, so a perfect clustering is a dark diagonal.
/// </summary>
public static class ConfusionHeatmapPlot
{
    /// <summary>
    /// Most columns drawn; beyond it (HDBSCAN with small clusters can return a thousand) the largest clusters are kept
    /// in their matched order and the rest are summed into one "other" column, so the cells stay legible.
    /// </summary>
    public const int MaxColumns = 30;

    /// <summary>Renders <paramref name="table"/> as PNG bytes; the size grows with the number of rows and columns.</summary>
    public static byte[] Render(ConfusionTable table, string title, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        table = Collapse(table, MaxColumns);
        int rows = table.RowNames.Count, columns = table.ColumnNames.Count;
        if (rows == 0 || columns == 0) throw new ArgumentException("The confusion table is empty.", nameof(table));
        var fractions = new double[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            double total = Enumerable.Range(0, columns).Sum(c => (double)table[r, c]);
            for (int c = 0; c < columns; c++) fractions[r, c] = total == 0 ? 0 : table[r, c] / total;
        }
        Plot plot = PlotTheme.Create(title, "cluster (matched order)", "true class");
        var heatmap = plot.Add.Heatmap(fractions);
        heatmap.Colormap = new WhiteToBlue();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.CellAlignment = Alignment.MiddleCenter;   // cell (r, c) centred on (c, rows - 1 - r)
        // Row 0 of the array is drawn at the top (ScottPlot's default), so class r sits at y = rows - 1 - r.
        float fontSize = Math.Clamp(200f / Math.Max(rows, columns), 9f, 16f);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                var text = plot.Add.Text(table[r, c].ToString("N0", System.Globalization.CultureInfo.InvariantCulture), c, rows - 1 - r);
                text.LabelFontSize = fontSize;
                text.LabelFontColor = fractions[r, c] > 0.55 ? Colors.White : Colors.Black;
                text.LabelAlignment = Alignment.MiddleCenter;
                if (PlotTheme.SansFont is { } font) text.LabelFontName = font;
            }
        // "cluster 3" → "3" under an axis titled "cluster": ten labels fit side by side without rotation.
        bool prefixed = table.ColumnNames.All(n => n.StartsWith("cluster ", StringComparison.Ordinal) || n == "noise" || n.StartsWith("other\n", StringComparison.Ordinal));
        string[] columnLabels = table.ColumnNames.Select(n => prefixed && n.StartsWith("cluster ", StringComparison.Ordinal) ? n["cluster ".Length..] : n).ToArray();
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns).Select(c => (double)c).ToArray(), columnLabels);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r)).ToArray(), table.RowNames.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        plot.HideGrid();
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "fraction of the class";
        bar.LabelStyle.FontSize = PlotTheme.TickLabelSize;
        bar.Axis.TickLabelStyle.FontSize = PlotTheme.TickLabelSize;
        int w = width ?? Math.Clamp(260 + 62 * columns, 560, 1600);
        int h = height ?? Math.Clamp(200 + 48 * rows, 420, 1400);
        return PlotTheme.Png(plot, w, h);
    }

    /// <summary>
    /// At most <paramref name="maxColumns"/> columns: noise (if any) and the largest clusters by total count, in their
    /// original order, then one "other" column (labelled with how many clusters it holds) holding the sum of the rest.
    /// </summary>
    internal static ConfusionTable Collapse(ConfusionTable table, int maxColumns)
    {
        int rows = table.RowNames.Count, columns = table.ColumnNames.Count;
        if (columns <= maxColumns) return table;
        var totals = Enumerable.Range(0, columns).Select(c => Enumerable.Range(0, rows).Sum(r => (long)table[r, c])).ToArray();
        var kept = Enumerable.Range(0, columns)
            .OrderByDescending(c => table.ColumnNames[c] == "noise").ThenByDescending(c => totals[c]).ThenBy(c => c)
            .Take(maxColumns - 1).OrderBy(c => c).ToArray();
        var keptSet = kept.ToHashSet();
        var counts = new int[rows * (kept.Length + 1)];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < kept.Length; k++) counts[r * (kept.Length + 1) + k] = table[r, kept[k]];
            int other = 0;
            for (int c = 0; c < columns; c++) if (!keptSet.Contains(c)) other += table[r, c];
            counts[r * (kept.Length + 1) + kept.Length] = other;
        }
        var names = kept.Select(c => table.ColumnNames[c]).Append($"other\n{columns - kept.Length:N0}").ToArray();
        return new ConfusionTable(counts, table.RowNames, names);
    }

    /// <summary>White (0) to dark blue (1), ColorBrewer "Blues" endpoints, so counts in dark cells are written in white.</summary>
    private sealed class WhiteToBlue : IColormap
    {
        private static readonly Color Low = Color.FromHex("#f7fbff");
        private static readonly Color Middle = Color.FromHex("#6baed6");
        private static readonly Color High = Color.FromHex("#08306b");

        public string Name => "white to blue";

        public Color GetColor(double position)
        {
            double t = double.IsFinite(position) ? Math.Clamp(position, 0, 1) : 0;
            return t < 0.5 ? Low.InterpolateRgb(Middle, t * 2) : Middle.InterpolateRgb(High, (t - 0.5) * 2);
        }
    }
}
