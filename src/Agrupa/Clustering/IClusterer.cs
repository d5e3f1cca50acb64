using Agrupa.Data;
using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// An estimator that groups the rows of a data set: cheap to build (options validated in the constructor), all work in
/// <see cref="Fit"/>. Classical clusterers, two-stage pipelines and deep clusterers all implement it, so the experiment
/// runner and the CLI can treat them alike.
/// </summary>
public interface IClusterer
{
    /// <summary>Short method name for tables and reports, e.g. "k-means", "umap2+hdbscan", "dcec".</summary>
    string Name { get; }

    /// <summary>Fits to <paramref name="data"/> (labels, if present, are never used for fitting).</summary>
    IClusteringModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the seed can change the labels found on <paramref name="rows"/> × <paramref name="features"/> data (true
    /// unless the method is deterministic, as HDBSCAN and agglomerative clustering are). The experiment runner computes
    /// a pipeline whose stages all ignore the seed once and reports that result for every seed.
    /// </summary>
    bool DependsOnSeed(int rows, int features) => true;
}
