namespace Agrupa.Clustering;

/// <summary>How the responsibilities of a <see cref="GaussianMixture"/> start (scikit-learn's <c>init_params</c>).</summary>
public enum GaussianMixtureInitialization
{
    /// <summary>One-hot labels of a single k-means run (<c>init_params='kmeans'</c>, scikit-learn's default).</summary>
    KMeans,

    /// <summary>Uniform random responsibilities normalised per row (<c>init_params='random'</c>).</summary>
    Random,
}
