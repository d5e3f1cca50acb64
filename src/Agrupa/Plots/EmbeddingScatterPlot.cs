using ScottPlot;

namespace Agrupa.Plots;

/// <summary>
/// A 2-D embedding drawn as a scatter plot coloured by group (true class or cluster). Marker size shrinks with the
/// number of points so that 70,000 points stay readable; a subsample can be drawn instead of all points; noise
/// (group -1) is drawn first, in light grey; the legend names every group with its count.
/// </summary>
public static class EmbeddingScatterPlot
{
    /// <summary>Renders the scatter plot as PNG bytes.</summary>
    /// <param name="x">First coordinate of each point.</param>
    /// <param name="y">Second coordinate of each point.</param>
    /// <param name="groups">Group of each point (0-based; -1 = noise).</param>
    /// <param name="groupNames">Legend names by group index (e.g. class names); null = "cluster 0", "cluster 1", …</param>
    /// <param name="title">Plot title.</param>
    /// <param name="options">Size, axis labels and subsampling.</param>
    public static byte[] Render(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> groups,
        IReadOnlyList<string>? groupNames, string title, ScatterPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(groups);
        options ??= new ScatterPlotOptions();
        if (x.Count != y.Count || x.Count != groups.Count)
            throw new ArgumentException($"x, y and groups must have the same length; got {x.Count}, {y.Count} and {groups.Count}.", nameof(groups));
        int[] shown = Enumerable.Range(0, x.Count).ToArray();
        if (options.MaxPoints is { } max && max < shown.Length)
        {
            new Random(options.Seed).Shuffle(shown);
            shown = shown[..max];
            Array.Sort(shown);
        }
        float markerSize = options.MarkerSize ?? shown.Length switch { > 20_000 => 1.5f, > 5_000 => 2.5f, > 1_000 => 4f, > 300 => 6f, _ => 8f };

        Plot plot = PlotTheme.Create(title, options.XLabel, options.YLabel);
        int groupCount = groups.Count == 0 ? 0 : Math.Max(groups.Max() + 1, groupNames?.Count ?? 0);
        var legend = new List<(LegendItem Item, int Members, bool Noise)>();
        foreach (int group in new[] { -1 }.Concat(Enumerable.Range(0, groupCount)))
        {
            int[] members = shown.Where(i => groups[i] == group).ToArray();
            if (members.Length == 0) continue;
            Color color = group < 0 ? PlotTheme.Noise : PlotTheme.Category(group, groupCount);
            var markers = plot.Add.Markers(members.Select(i => x[i]).ToArray(), members.Select(i => y[i]).ToArray(), MarkerShape.FilledCircle, markerSize, color);
            markers.MarkerStyle.LineWidth = 0;
            string name = group < 0 ? "noise" : groupNames is not null && group < groupNames.Count ? groupNames[group] : $"cluster {group}";
            legend.Add((new LegendItem
            {
                LabelText = PlotTheme.WithCount(name, members.Length),
                MarkerShape = MarkerShape.FilledCircle, MarkerSize = 10, MarkerFillColor = color, MarkerLineColor = color,
            }, members.Length, group < 0));
        }
        var items = legend.Select(l => l.Item).ToList();
        if (legend.Count > options.MaxLegendEntries)
        {
            // Too many to list: noise and the largest groups (in group order), then how many were left out.
            var largest = legend.Select((l, index) => (l, index)).OrderByDescending(e => e.l.Noise).ThenByDescending(e => e.l.Members)
                .Take(options.MaxLegendEntries).OrderBy(e => e.index).Select(e => e.l.Item).ToList();
            items = largest.Append(new LegendItem { LabelText = $"… {legend.Count - largest.Count:N0} smaller not listed" }).ToList();
        }
        plot.Legend.ManualItems.AddRange(items);
        plot.ShowLegend(Edge.Right);
        if (shown.Length < x.Count) plot.Title($"{title}\n{shown.Length:N0} of {x.Count:N0} points shown", PlotTheme.TitleSize);
        return PlotTheme.Png(plot, options.Width, options.Height);
    }
}
