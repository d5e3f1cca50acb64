namespace Agrupa.Clustering;

/// <summary>How <see cref="Hdbscan"/> builds the minimum spanning tree of mutual reachability.</summary>
public enum HdbscanSpanningTreeAlgorithm
{
    /// <summary>k-d tree Borůvka up to <see cref="Hdbscan.KdTreeMaximumDimensions"/> features, blocked Borůvka above.</summary>
    Automatic,

    /// <summary>Borůvka over a k-d tree (fast in low dimensions).</summary>
    KdTreeBoruvka,

    /// <summary>Borůvka with nearest-other-component searches by blocked matrix products (any dimension, O(n²d) work).</summary>
    BlockedBoruvka,
}
