using Agrupa.Data;

namespace Agrupa.Experiments;

/// <summary>
/// Computes the evaluation of one run for the experiment runner and the report: the metrics a spec names and the
/// confusion matrix in matched order. Bound to Agrupa's metrics (<c>Agrupa.Evaluation</c>) by the CLI; tests bind their own.
/// </summary>
public interface IClusterScorer
{
    /// <summary>How noise (label -1) is treated, in one sentence for the report (e.g. "noise counted as its own cluster").</summary>
    string NoiseHandling { get; }

    /// <summary>
    /// The values of <paramref name="metrics"/> (names as in <see cref="ExperimentSpecReader.KnownMetrics"/>) for the
    /// predicted labels of <paramref name="data"/>'s rows; external metrics compare with <see cref="Dataset.Labels"/>,
    /// internal ones (silhouette) use the features of <paramref name="data"/>. A metric that cannot be computed is left out.
    /// </summary>
    IReadOnlyDictionary<string, double> Score(Dataset data, IReadOnlyList<int> predicted, IReadOnlyList<string> metrics);

    /// <summary>Counts of true class × cluster, clusters in the order of the best one-to-one match (Hungarian).</summary>
    ConfusionTable Confusion(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, IReadOnlyList<string>? classNames);
}
