namespace Agrupa.Clustering;

/// <summary>Options for <see cref="ClusterCountSweep"/>.</summary>
public sealed record ClusterCountSweepOptions
{
    /// <summary>Clustering fitted for each k (default k-means).</summary>
    public ClusterCountMethod Method { get; init; } = ClusterCountMethod.KMeans;

    /// <summary>Smallest k tried (at least 1; silhouette and Calinski–Harabasz need k ≥ 2).</summary>
    public int MinClusters { get; init; } = 2;

    /// <summary>Largest k tried.</summary>
    public int MaxClusters { get; init; } = 12;

    /// <summary>Restarts per k (k-means: best inertia; GMM: best lower bound).</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Covariance shape when <see cref="Method"/> is a Gaussian mixture.</summary>
    public CovarianceType Covariance { get; init; } = CovarianceType.Full;

    /// <summary>
    /// Rows sampled (once, reused for every k) for the silhouette, whose cost is quadratic in this number; 0 skips the
    /// silhouette.
    /// </summary>
    public int SilhouetteSampleSize { get; init; } = 3000;

    /// <summary>Seed of the clusterings and of the silhouette sample.</summary>
    public int Seed { get; init; }
}
