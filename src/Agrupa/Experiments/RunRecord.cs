namespace Agrupa.Experiments;

/// <summary>One finished (or failed) run of one pipeline with one seed: a row of <c>results.csv</c>.</summary>
public sealed record RunRecord
{
    /// <summary>Status of a run that completed.</summary>
    public const string Succeeded = "ok";

    /// <summary>Status of a run that threw; <see cref="Message"/> says what happened.</summary>
    public const string Failed = "failed";

    /// <summary>The pipeline's label.</summary>
    public required string Pipeline { get; init; }

    /// <summary>The pipeline's method name ("umap2+kmeans").</summary>
    public required string Method { get; init; }

    /// <summary>The run's seed.</summary>
    public required int Seed { get; init; }

    /// <summary><see cref="Succeeded"/> or <see cref="Failed"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Hash of everything that determines the run (data, scaling, pipeline, clusters, metrics): a row is reused on resume only when it matches.</summary>
    public required string Configuration { get; init; }

    /// <summary>Clusters asked.</summary>
    public int ClustersRequested { get; init; }

    /// <summary>Distinct non-noise labels in the result.</summary>
    public int ClustersFound { get; init; }

    /// <summary>Fraction of rows labelled noise (-1).</summary>
    public double NoiseFraction { get; init; }

    /// <summary>Metric values by name.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Wall time of the reducer's fit (0 for one-stage pipelines), seconds.</summary>
    public double ReduceSeconds { get; init; }

    /// <summary>Wall time of the clusterer's fit, seconds.</summary>
    public double ClusterSeconds { get; init; }

    /// <summary>Wall time of the evaluation, seconds.</summary>
    public double EvaluateSeconds { get; init; }

    /// <summary>Wall time of the whole run, seconds.</summary>
    public double TotalSeconds { get; init; }

    /// <summary>Peak resident memory of the process during the run (Linux VmHWM after a reset at the run's start), MiB.</summary>
    public double PeakMemoryMegabytes { get; init; }

    /// <summary>Managed memory allocated during the run, MiB (native tensors not included).</summary>
    public double AllocatedMegabytes { get; init; }

    /// <summary>When the run ended (UTC).</summary>
    public DateTimeOffset Finished { get; init; }

    /// <summary>Error message of a failed run; for a run that repeats an earlier seed's result (no stage uses the seed), which seed; else empty.</summary>
    public string Message { get; init; } = "";

    /// <summary>The key of the run in <c>results.csv</c>: pipeline label and seed.</summary>
    public (string Pipeline, int Seed) Key => (Pipeline, Seed);
}
