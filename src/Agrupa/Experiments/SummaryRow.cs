namespace Agrupa.Experiments;

/// <summary>One pipeline's line of the summary table: every statistic over its successful runs.</summary>
public sealed record SummaryRow
{
    /// <summary>The pipeline's label.</summary>
    public required string Pipeline { get; init; }

    /// <summary>The method name.</summary>
    public required string Method { get; init; }

    /// <summary>Successful runs.</summary>
    public int Runs { get; init; }

    /// <summary>Failed runs.</summary>
    public int Failures { get; init; }

    /// <summary>Metric statistics by name.</summary>
    public required IReadOnlyDictionary<string, MeanDeviation> Metrics { get; init; }

    /// <summary>Clusters found.</summary>
    public MeanDeviation ClustersFound { get; init; }

    /// <summary>Noise fraction.</summary>
    public MeanDeviation NoiseFraction { get; init; }

    /// <summary>Reducer fit time, seconds.</summary>
    public MeanDeviation ReduceSeconds { get; init; }

    /// <summary>Clusterer fit time, seconds.</summary>
    public MeanDeviation ClusterSeconds { get; init; }

    /// <summary>Whole-run time, seconds.</summary>
    public MeanDeviation TotalSeconds { get; init; }

    /// <summary>Largest peak resident memory of its runs, MiB.</summary>
    public double PeakMemoryMegabytes { get; init; }
}
