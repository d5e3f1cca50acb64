using Agrupa.Data;
using Agrupa.Neighbors;
using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// HDBSCAN* (Campello, Moulavi &amp; Sander, PAKDD 2013) with the accelerations of McInnes &amp; Healy (ICDMW 2017):
/// density-based clusters of varying density, noise labelled −1, Euclidean distance.
/// </summary>
/// <remarks>
/// <para>The stages, one file each: core distances (<see cref="MutualReachability"/>); minimum spanning tree of the
/// mutual reachability graph (<see cref="KdTreeBoruvka"/> up to <see cref="KdTreeMaximumDimensions"/> features,
/// <see cref="BlockedBoruvka"/> above; never an n×n matrix); single-linkage tree (<see cref="Dendrogram"/>, stable sort
/// of the edges and union-find); condensed tree (<see cref="CondensedTree"/>); stability and selection
/// (<see cref="ClusterSelection"/>); labels, probabilities and outlier scores (<see cref="HdbscanLabelling"/>).</para>
/// <para>Results follow the hdbscan library (scikit-learn-contrib/hdbscan 0.8) including its core-distance convention;
/// see <see cref="HdbscanOptions.CountSelfAsNeighbor"/> for scikit-learn's and R's. Differences: edges of equal weight
/// are ordered by a stable sort (the library's <c>argsort</c> is not stable), GLOSH scores use the full subtree maximum
/// (see <see cref="HdbscanLabelling"/>), and the spanning tree is always exact (the library's default
/// <c>approx_min_span_tree=True</c> may return a slightly heavier tree).</para>
/// </remarks>
public sealed class Hdbscan : IClusterer
{
    /// <summary>Largest feature count for which the automatic choice uses the k-d tree.</summary>
    public const int KdTreeMaximumDimensions = 16;

    private readonly HdbscanOptions _options;

    /// <summary>Creates the estimator; options are validated here.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public Hdbscan(HdbscanOptions? options = null) => _options = Validate(options ?? new HdbscanOptions());

    /// <summary>The options in force.</summary>
    public HdbscanOptions Options => _options;

    /// <inheritdoc />
    public string Name => "hdbscan";

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, progress, cancellationToken);

    /// <summary>HDBSCAN draws no random numbers: false.</summary>
    public bool DependsOnSeed(int rows, int features) => false;

    /// <summary>Clusters the rows of <paramref name="data"/> (labels, if any, are ignored).</summary>
    /// <exception cref="ArgumentException">The data hold NaN or infinite values.</exception>
    public HdbscanModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        float[] x = data.FeatureArray;
        int n = data.Count, d = data.FeatureCount;
        CheckFinite(x, d);
        if (n == 0) throw new ArgumentException("HDBSCAN needs at least one row; the data set is empty.", nameof(data));
        int minSamples = Math.Max(1, Math.Min(_options.MinSamples ?? _options.MinClusterSize, n - 1));
        bool useTree = _options.SpanningTree switch
        {
            HdbscanSpanningTreeAlgorithm.KdTreeBoruvka => true,
            HdbscanSpanningTreeAlgorithm.BlockedBoruvka => false,
            _ => d <= KdTreeMaximumDimensions,
        };

        Report(progress, "HDBSCAN core distances", 1);
        KdTree? tree = useTree ? new KdTree(x, n, d) : null;
        int coreCount = MutualReachability.CoreNeighborCount(minSamples, _options.CountSelfAsNeighbor, n);
        int listed = useTree ? coreCount : Math.Min(n, Math.Max(coreCount, 32));
        MutualReachability.Neighbors neighbors = MutualReachability.NearestNeighbors(x, n, d, listed, tree, cancellationToken);
        double[] core = MutualReachability.CoreDistances(neighbors, coreCount);

        Report(progress, "HDBSCAN spanning tree", 2);
        SpanningTree spanning = tree is not null
            ? KdTreeBoruvka.Build(tree, core, _options.Alpha, cancellationToken, neighbors)
            : BlockedBoruvka.Build(x, n, d, core, neighbors, _options.Alpha, cancellationToken);

        Report(progress, "HDBSCAN cluster tree", 3);
        Dendrogram linkage = Dendrogram.FromSpanningTree(n, spanning);
        CondensedTree condensed = CondensedTree.Condense(linkage, _options.MinClusterSize);
        var hierarchy = new ClusterSelection.ClusterHierarchy(condensed);
        double[] stability = ClusterSelection.Stability(condensed, hierarchy);
        bool[] selected = ClusterSelection.Select(condensed, hierarchy, stability, _options.ClusterSelectionMethod,
            _options.AllowSingleCluster, _options.ClusterSelectionEpsilon);
        Report(progress, "HDBSCAN labels and scores", 4);
        var (labels, labelClusters) = HdbscanLabelling.Labels(condensed, hierarchy, selected, _options.AllowSingleCluster,
            _options.ClusterSelectionEpsilon);
        double[] directMax = HdbscanLabelling.DirectMaximumLambda(condensed);
        double[] probabilities = HdbscanLabelling.Probabilities(condensed, labels, labelClusters, directMax);
        double[] outlierScores = HdbscanLabelling.OutlierScores(condensed, hierarchy);
        double[] clusterStability = labelClusters.Select(c => stability[c]).ToArray();
        return new HdbscanModel(_options, x, n, d, tree, core, coreCount, minSamples, linkage, condensed, hierarchy, labels,
            labelClusters, probabilities, outlierScores, clusterStability, directMax);
    }

    private static void Report(IProgress<TrainingProgress>? progress, string stage, int step) =>
        progress?.Report(new TrainingProgress { Stage = stage, Step = step, TotalSteps = 4 });

    internal static void CheckFinite(float[] x, int d)
    {
        for (int i = 0; i < x.Length; i++)
            if (!float.IsFinite(x[i]))
                throw new ArgumentException($"The data hold a non-finite value ({x[i]}) at row {i / d}, column {i % d}; remove or impute it before clustering.", "data");
    }

    private static HdbscanOptions Validate(HdbscanOptions options)
    {
        if (options.MinClusterSize < 2)
            throw new ArgumentOutOfRangeException(nameof(options), options.MinClusterSize, $"{nameof(HdbscanOptions.MinClusterSize)} must be at least 2.");
        if (options.MinSamples is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MinSamples, $"{nameof(HdbscanOptions.MinSamples)} must be at least 1 (or null for {nameof(HdbscanOptions.MinClusterSize)}).");
        if (!(options.ClusterSelectionEpsilon >= 0) || double.IsInfinity(options.ClusterSelectionEpsilon))
            throw new ArgumentOutOfRangeException(nameof(options), options.ClusterSelectionEpsilon, $"{nameof(HdbscanOptions.ClusterSelectionEpsilon)} must be a finite number ≥ 0.");
        if (!(options.Alpha > 0) || double.IsInfinity(options.Alpha))
            throw new ArgumentOutOfRangeException(nameof(options), options.Alpha, $"{nameof(HdbscanOptions.Alpha)} must be a finite number > 0.");
        if (!Enum.IsDefined(options.ClusterSelectionMethod))
            throw new ArgumentOutOfRangeException(nameof(options), options.ClusterSelectionMethod, $"Unknown {nameof(HdbscanOptions.ClusterSelectionMethod)}.");
        if (!Enum.IsDefined(options.SpanningTree))
            throw new ArgumentOutOfRangeException(nameof(options), options.SpanningTree, $"Unknown {nameof(HdbscanOptions.SpanningTree)}.");
        return options;
    }
}
