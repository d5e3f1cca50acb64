using Agrupa.Data;
using Agrupa.Runtime;

namespace Agrupa.Reduction;

/// <summary>A dimension reduction estimator (PCA, UMAP, t-SNE, an autoencoder): all work in <see cref="Fit"/>.</summary>
public interface IReducer
{
    /// <summary>Short name for tables, e.g. "pca50", "umap2".</summary>
    string Name { get; }

    /// <summary>Output dimension.</summary>
    int Dimensions { get; }

    /// <summary>Fits to <paramref name="data"/> and returns the fitted model holding the training embedding.</summary>
    IReductionModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the seed can change the result of fitting <paramref name="rows"/> × <paramref name="features"/> data
    /// (true unless the reducer knows it is deterministic for that shape, e.g. PCA's exact solvers, t-SNE's PCA start).
    /// The experiment runner fits a seed-independent reduction once for all seeds.
    /// </summary>
    bool DependsOnSeed(int rows, int features) => true;
}
