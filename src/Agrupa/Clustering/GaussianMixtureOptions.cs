namespace Agrupa.Clustering;

/// <summary>
/// Options for <see cref="GaussianMixture"/>. Defaults are scikit-learn's <c>GaussianMixture</c> (Pedregosa et al.,
/// JMLR 12, 2011; <c>sklearn/mixture/_gaussian_mixture.py</c>): full covariances, tol 1e-3, reg_covar 1e-6,
/// max_iter 100, n_init 1, k-means initialisation. EM itself: Dempster, Laird &amp; Rubin, JRSS B 39 (1977).
/// </summary>
public sealed record GaussianMixtureOptions
{
    /// <summary>Number of mixture components (clusters); at least 1 and at most the number of rows. scikit-learn: 1.</summary>
    public int Components { get; init; } = 1;

    /// <summary>Shape of the covariance matrices (scikit-learn: full).</summary>
    public CovarianceType Covariance { get; init; } = CovarianceType.Full;

    /// <summary>
    /// Convergence threshold (scikit-learn: 1e-3): EM stops when the per-sample average log-likelihood lower bound
    /// changes by less than this between two iterations.
    /// </summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>
    /// Non-negative value added to the diagonal of every covariance matrix (scikit-learn: 1e-6), so they stay positive
    /// definite when a component collapses onto few points or a feature is constant.
    /// </summary>
    public double CovarianceRegularization { get; init; } = 1e-6;

    /// <summary>Maximum EM iterations per run (scikit-learn: 100). At least 1.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Independent initialisations (scikit-learn's <c>n_init</c>: 1); the run with the highest lower bound is kept.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>How responsibilities start (scikit-learn: k-means).</summary>
    public GaussianMixtureInitialization Initialization { get; init; } = GaussianMixtureInitialization.KMeans;

    /// <summary>
    /// Initial hard labels (one per row, in [0, Components)), used instead of <see cref="Initialization"/>: the
    /// responsibilities start as their one-hot encoding, exactly what k-means initialisation does with k-means' labels.
    /// Lets a mixture start from any other clustering; only one run is made.
    /// </summary>
    public IReadOnlyList<int>? InitialLabels { get; init; }

    /// <summary>Seed of the k-means or random initialisation.</summary>
    public int Seed { get; init; }
}
