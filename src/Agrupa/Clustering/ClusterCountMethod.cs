namespace Agrupa.Clustering;

/// <summary>The clustering that <see cref="ClusterCountSweep"/> fits for each candidate k.</summary>
public enum ClusterCountMethod
{
    /// <summary><see cref="KMeans"/>: reports inertia (for the elbow), silhouette and Calinski–Harabasz.</summary>
    KMeans,

    /// <summary><see cref="GaussianMixture"/>: additionally reports BIC and AIC.</summary>
    GaussianMixture,
}
