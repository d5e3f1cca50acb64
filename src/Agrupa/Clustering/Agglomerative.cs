using Agrupa.Data;
using Agrupa.Neighbors;
using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// Hierarchical agglomerative clustering with Ward, average, complete or single linkage (Euclidean), cut at a number of
/// clusters or at a distance, with the full <see cref="Dendrogram"/> kept for plots.
/// </summary>
/// <remarks>
/// <para><b>Algorithms.</b> Single linkage is the minimum spanning tree (Gower &amp; Ross 1969), built with HDBSCAN's
/// Borůvka machinery with core distances 0 (<see cref="KdTreeBoruvka"/>, <see cref="BlockedBoruvka"/>): O(n) memory.
/// Ward, average and complete use the nearest-neighbour chain (<see cref="NearestNeighborChain"/>) on the condensed
/// distance matrix, which needs n(n−1)/2 doubles: about 19.6 GB for n = 70,000. Ward falls back to centroids and sizes
/// (O(n·d) memory, more arithmetic) when that matrix does not fit; average and complete are refused up front with the
/// estimate (<see cref="MemoryGuard"/>, <see cref="MemoryLimitException"/>), pointing to <see cref="AgglomerativeOptions.ConnectivityNeighbors"/> or a sample. With a connectivity graph
/// every linkage runs on the graph's edges only (<see cref="ConnectivityAgglomeration"/>).</para>
/// <para><b>Reference.</b> Without connectivity the merges and heights equal SciPy's <c>linkage</c> (ties aside: equal
/// distances may be merged in another order); with connectivity they follow scikit-learn's <c>ward_tree</c> /
/// <c>linkage_tree</c>.</para>
/// </remarks>
public sealed class Agglomerative : IClusterer
{
    private readonly AgglomerativeOptions _options;

    /// <summary>Creates the estimator; options are validated here.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or both or neither of Clusters and DistanceThreshold are set.</exception>
    public Agglomerative(AgglomerativeOptions? options = null) => _options = Validate(options ?? new AgglomerativeOptions());

    /// <summary>The options in force.</summary>
    public AgglomerativeOptions Options => _options;

    /// <inheritdoc />
    public string Name => "agglomerative-" + _options.Linkage.ToString().ToLowerInvariant();

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, progress, cancellationToken);

    /// <summary>Agglomerative clustering draws no random numbers: false.</summary>
    public bool DependsOnSeed(int rows, int features) => false;

    /// <summary>Builds the tree over the rows of <paramref name="data"/> and cuts it.</summary>
    /// <exception cref="ArgumentException">Non-finite values, or more clusters than rows.</exception>
    /// <exception cref="MemoryLimitException">Average or complete linkage without connectivity, and the distance matrix
    /// would not fit in the available memory (<see cref="MemoryGuard"/>; the message gives the estimate).</exception>
    public AgglomerativeModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        float[] x = data.FeatureArray;
        int n = data.Count, d = data.FeatureCount;
        Hdbscan.CheckFinite(x, d);
        if (n == 0) throw new ArgumentException("Agglomerative clustering needs at least one row; the data set is empty.", nameof(data));
        if (_options.Clusters is int k && k > n)
            throw new ArgumentException($"Agglomerative clustering cannot make {k} clusters from {n} rows (Clusters ≤ rows).", nameof(data));
        progress?.Report(new TrainingProgress { Stage = $"agglomerative ({_options.Linkage}) tree" });
        Dendrogram tree = n == 1 ? new Dendrogram(1, [], [], [], []) : BuildTree(x, n, d, cancellationToken);
        int[] labels = _options.DistanceThreshold is double threshold
            ? tree.CutToClusterCount(1 + tree.HeightArray.Count(h => h >= threshold))
            : tree.CutToClusterCount(_options.Clusters!.Value);
        return new AgglomerativeModel(_options, tree, labels, d);
    }

    private Dendrogram BuildTree(float[] x, int n, int d, CancellationToken cancellationToken)
    {
        bool lowDimensional = d <= Hdbscan.KdTreeMaximumDimensions;
        KdTree? kdTree = lowDimensional ? new KdTree(x, n, d) : null;
        if (_options.ConnectivityNeighbors is int neighbors)
        {
            int count = Math.Min(n, neighbors + 1);
            var graph = MutualReachability.NearestNeighbors(x, n, d, count, kdTree, cancellationToken);
            SpanningTree? joining = ConnectivityAgglomeration.Components(graph, n) > 1 ? SpanningTreeOf(x, n, d, kdTree, cancellationToken) : null;
            return ConnectivityAgglomeration.Build(x, n, d, _options.Linkage, ConnectivityAgglomeration.KnnGraph(graph, joining, n), cancellationToken);
        }
        if (_options.Linkage == AgglomerativeLinkage.Single)
            return Dendrogram.FromSpanningTree(n, SpanningTreeOf(x, n, d, kdTree, cancellationToken));
        long bytes = NearestNeighborChain.MatrixBytes(n);
        if (!MemoryGuard.Fits(bytes) && _options.Linkage == AgglomerativeLinkage.Ward)
            return NearestNeighborChain.WardWithCentroids(x, n, d, cancellationToken);
        MemoryGuard.Require(bytes, $"{_options.Linkage} linkage on {n:N0} rows (the condensed {n:N0}×{n:N0} distance matrix)",
            "Set ConnectivityNeighbors (e.g. 15) to merge only along a k-nearest-neighbour graph, cluster a sample, or use Ward or " +
            "single linkage, which need O(n) memory.");
        return NearestNeighborChain.WithDistanceMatrix(x, n, d, _options.Linkage, cancellationToken);
    }

    /// <summary>Euclidean minimum spanning tree (HDBSCAN's spanning tree with core distances 0).</summary>
    private static SpanningTree SpanningTreeOf(float[] x, int n, int d, KdTree? kdTree, CancellationToken cancellationToken)
    {
        var zero = new double[n];
        if (kdTree is not null) return KdTreeBoruvka.Build(kdTree, zero, 1.0, cancellationToken);
        var neighbors = MutualReachability.NearestNeighbors(x, n, d, Math.Min(n, 16), null, cancellationToken);
        return BlockedBoruvka.Build(x, n, d, zero, neighbors, 1.0, cancellationToken);
    }

    private static AgglomerativeOptions Validate(AgglomerativeOptions options)
    {
        if (!Enum.IsDefined(options.Linkage))
            throw new ArgumentOutOfRangeException(nameof(options), options.Linkage, $"Unknown {nameof(AgglomerativeOptions.Linkage)}.");
        if ((options.Clusters is null) == (options.DistanceThreshold is null))
            throw new ArgumentOutOfRangeException(nameof(options), $"Set exactly one of {nameof(AgglomerativeOptions.Clusters)} and {nameof(AgglomerativeOptions.DistanceThreshold)} (the other must be null).");
        if (options.Clusters is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Clusters, $"{nameof(AgglomerativeOptions.Clusters)} must be at least 1.");
        if (options.DistanceThreshold is double t && (!(t >= 0) || double.IsInfinity(t)))
            throw new ArgumentOutOfRangeException(nameof(options), t, $"{nameof(AgglomerativeOptions.DistanceThreshold)} must be a finite number ≥ 0.");
        if (options.ConnectivityNeighbors is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.ConnectivityNeighbors, $"{nameof(AgglomerativeOptions.ConnectivityNeighbors)} must be at least 1.");
        return options;
    }
}
