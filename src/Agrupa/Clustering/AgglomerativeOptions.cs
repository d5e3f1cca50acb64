namespace Agrupa.Clustering;

/// <summary>
/// Options for <see cref="Agglomerative"/>. Defaults follow scikit-learn's <c>AgglomerativeClustering</c>
/// (Pedregosa et al., JMLR 2011): Ward linkage, 2 clusters, no connectivity constraint, Euclidean distance.
/// </summary>
public sealed record AgglomerativeOptions
{
    /// <summary>Cluster distance: Ward (default), average, complete or single.</summary>
    public AgglomerativeLinkage Linkage { get; init; } = AgglomerativeLinkage.Ward;

    /// <summary>Number of clusters to cut the tree into (at least 1); must be null when <see cref="DistanceThreshold"/> is set.</summary>
    public int? Clusters { get; init; } = 2;

    /// <summary>
    /// Cut the tree at this linkage distance instead of at a cluster count: clusters are not merged at or above it
    /// (scikit-learn's <c>distance_threshold</c>). Requires <see cref="Clusters"/> = null. Not negative.
    /// </summary>
    public double? DistanceThreshold { get; init; }

    /// <summary>
    /// When set, only clusters joined by an edge of the symmetric k-nearest-neighbour graph (k = this value) may merge,
    /// as scikit-learn's <c>connectivity=kneighbors_graph(X, k)</c>: memory O(n·k) instead of the O(n²) distance matrix
    /// that average and complete linkage otherwise need. A disconnected graph is joined with the edges of the Euclidean
    /// minimum spanning tree. Null (default) means no constraint. At least 1.
    /// </summary>
    public int? ConnectivityNeighbors { get; init; }
}
