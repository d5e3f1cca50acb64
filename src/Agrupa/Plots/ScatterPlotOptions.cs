namespace Agrupa.Plots;

/// <summary>Options of <see cref="EmbeddingScatterPlot"/>.</summary>
public sealed record ScatterPlotOptions
{
    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 900;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 650;

    /// <summary>Horizontal axis label.</summary>
    public string XLabel { get; init; } = "dimension 1";

    /// <summary>Vertical axis label.</summary>
    public string YLabel { get; init; } = "dimension 2";

    /// <summary>Draw at most this many points (a seeded random subset); null = all.</summary>
    public int? MaxPoints { get; init; }

    /// <summary>Seed of the subset.</summary>
    public int Seed { get; init; }

    /// <summary>Marker diameter in pixels; null = chosen from the number of points (1.5 px above 20,000 points … 8 px below 300).</summary>
    public float? MarkerSize { get; init; }

    /// <summary>Legend entries shown before the rest are summarised in one line.</summary>
    public int MaxLegendEntries { get; init; } = 25;
}
