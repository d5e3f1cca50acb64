namespace Agrupa.Clustering;

/// <summary>
/// Options for <see cref="Hdbscan"/>. Defaults are the hdbscan library's (McInnes, Healy &amp; Astels, JOSS 2017,
/// <c>hdbscan.HDBSCAN</c>): min_cluster_size 5, min_samples = min_cluster_size, alpha 1, excess of mass, no single
/// cluster, ε = 0.
/// </summary>
public sealed record HdbscanOptions
{
    /// <summary>
    /// Smallest group of points that counts as a cluster (at least 2). Smaller splits of the hierarchy are treated as
    /// points falling out of their parent. Raising it merges small clusters into noise or into larger ones.
    /// </summary>
    public int MinClusterSize { get; init; } = 5;

    /// <summary>
    /// Neighbours defining a point's core distance (its density estimate); null means <see cref="MinClusterSize"/>.
    /// Larger values make the clustering more conservative: more points are declared noise. At least 1; clipped to
    /// n − 1 on small data as the hdbscan library does.
    /// </summary>
    public int? MinSamples { get; init; }

    /// <summary>
    /// Core distance convention. False (default, hdbscan library): the distance to the MinSamples-th <em>other</em>
    /// point. True (scikit-learn's <c>HDBSCAN</c>, R's <c>dbscan::hdbscan</c> with minPts = MinSamples): the point counts
    /// as its own first neighbour, i.e. the distance to the (MinSamples − 1)-th other point. sklearn(min_samples = k)
    /// equals hdbscan(min_samples = k − 1).
    /// </summary>
    public bool CountSelfAsNeighbor { get; init; }

    /// <summary>
    /// Distance ε below which clusters are not split further (Malzer &amp; Baum 2020): selected clusters born at a
    /// distance under ε are replaced by their ancestor born above it. 0 (default) turns it off. Not negative.
    /// </summary>
    public double ClusterSelectionEpsilon { get; init; }

    /// <summary>Excess of mass (default) or leaf selection.</summary>
    public HdbscanClusterSelection ClusterSelectionMethod { get; init; } = HdbscanClusterSelection.ExcessOfMass;

    /// <summary>Allow the root (all the data) to be the only cluster; off by default as in hdbscan.</summary>
    public bool AllowSingleCluster { get; init; }

    /// <summary>Distance scaling in mutual reachability, max(core(a), core(b), d(a, b) / Alpha); positive, default 1.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Spanning-tree algorithm; the automatic choice depends on the dimension. All give the same tree up to ties.</summary>
    public HdbscanSpanningTreeAlgorithm SpanningTree { get; init; } = HdbscanSpanningTreeAlgorithm.Automatic;
}
