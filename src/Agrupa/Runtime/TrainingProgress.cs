namespace Agrupa.Runtime;

/// <summary>
/// One progress report of long work (an epoch, an iteration, a stage). Library code reports through
/// <see cref="IProgress{T}"/> of this type; the CLI draws it.
/// </summary>
public sealed record TrainingProgress
{
    /// <summary>What is running, e.g. "k-means restart 2/10", "pretrain", "UMAP layout".</summary>
    public required string Stage { get; init; }

    /// <summary>Current epoch or iteration (1-based), 0 when not applicable.</summary>
    public int Epoch { get; init; }

    /// <summary>Total epochs or iterations planned, 0 when unknown.</summary>
    public int TotalEpochs { get; init; }

    /// <summary>Step within the epoch (1-based), 0 when reported per epoch.</summary>
    public int Step { get; init; }

    /// <summary>Steps per epoch, 0 when unknown.</summary>
    public int TotalSteps { get; init; }

    /// <summary>Named losses or objective values (e.g. "train" → 0.031, "validation" → 0.034, "inertia" → 1.2e6).</summary>
    public IReadOnlyDictionary<string, double> Losses { get; init; } = EmptyValues;

    /// <summary>Monitoring metrics computed with labels for display only (e.g. "acc", "nmi"); never used for training.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = EmptyValues;

    /// <summary>Throughput, when measured.</summary>
    public double? SamplesPerSecond { get; init; }

    /// <summary>Estimated time to the end of this stage.</summary>
    public TimeSpan? Remaining { get; init; }

    /// <summary>Free text (a warning, a fallback taken).</summary>
    public string? Message { get; init; }

    private static readonly IReadOnlyDictionary<string, double> EmptyValues = new Dictionary<string, double>();
}
