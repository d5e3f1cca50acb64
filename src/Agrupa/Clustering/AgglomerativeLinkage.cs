namespace Agrupa.Clustering;

/// <summary>Distance between clusters used by <see cref="Agglomerative"/> (SciPy's and scikit-learn's names).</summary>
public enum AgglomerativeLinkage
{
    /// <summary>Ward (1963): the merge that least increases the within-cluster sum of squares (default, as scikit-learn).</summary>
    Ward,

    /// <summary>UPGMA: mean distance between the clusters' points.</summary>
    Average,

    /// <summary>Largest distance between the clusters' points.</summary>
    Complete,

    /// <summary>Smallest distance between the clusters' points (minimum spanning tree).</summary>
    Single,
}
