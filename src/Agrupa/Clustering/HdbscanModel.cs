using Agrupa.Data;
using Agrupa.Neighbors;
using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// A fitted <see cref="Hdbscan"/>: labels (−1 = noise), membership probabilities, GLOSH outlier scores, the trees, and
/// <see cref="Predict"/> for new points. Immutable; <see cref="Predict"/> is thread-safe.
/// </summary>
public sealed class HdbscanModel : IClusteringModel
{
    private readonly float[] _data;
    private readonly int _count;
    private readonly KdTree? _tree;
    private readonly double[] _core;
    private readonly int _coreNeighborCount;
    private readonly int _minSamples;
    private readonly ClusterSelection.ClusterHierarchy _hierarchy;
    private readonly int[] _labels;
    private readonly double[] _probabilities;
    private readonly double[] _outlierScores;
    private readonly int[] _labelClusters;
    private readonly double[] _clusterStability;
    private readonly int[] _pointRow;          // row of the condensed tree where each point leaves
    private readonly int[] _clusterLabel;      // label of each cluster offset (selected ancestor), −1 if none
    private readonly double[] _clusterMaxLambda;

    internal HdbscanModel(HdbscanOptions options, float[] data, int count, int featureCount, KdTree? tree, double[] core,
        int coreNeighborCount, int minSamples, Dendrogram singleLinkage, CondensedTree condensed,
        ClusterSelection.ClusterHierarchy hierarchy, int[] labels, int[] labelClusters, double[] probabilities,
        double[] outlierScores, double[] clusterStability, double[] directMaximumLambda)
    {
        Options = options;
        _data = data;
        _count = count;
        FeatureCount = featureCount;
        _tree = tree;
        _core = core;
        _coreNeighborCount = coreNeighborCount;
        _minSamples = minSamples;
        SingleLinkageTree = singleLinkage;
        CondensedTree = condensed;
        _hierarchy = hierarchy;
        _labels = labels;
        _labelClusters = labelClusters;
        _probabilities = probabilities;
        _outlierScores = outlierScores;
        _clusterStability = clusterStability;
        _pointRow = new int[count];
        for (int i = 0; i < condensed.RowCount; i++)
            if (condensed.ChildArray[i] < count) _pointRow[condensed.ChildArray[i]] = i;
        _clusterLabel = new int[hierarchy.Count];
        _clusterMaxLambda = new double[hierarchy.Count];
        Array.Fill(_clusterLabel, -1);
        for (int c = 0; c < hierarchy.Count; c++)
        {
            int label = Array.IndexOf(labelClusters, c);
            if (label >= 0)
            {
                _clusterLabel[c] = label;
                _clusterMaxLambda[c] = directMaximumLambda[c];
            }
            else if (c > 0 && _clusterLabel[hierarchy.Parent[c]] >= 0)
            {
                _clusterLabel[c] = _clusterLabel[hierarchy.Parent[c]];
                _clusterMaxLambda[c] = _clusterMaxLambda[hierarchy.Parent[c]];
            }
        }
    }

    /// <summary>The options the model was fitted with.</summary>
    public HdbscanOptions Options { get; }

    /// <summary>Features per row of the training data.</summary>
    public int FeatureCount { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels;

    /// <inheritdoc />
    public int ClusterCount => _labelClusters.Length;

    /// <summary>Membership strength of each training point in its cluster, in [0, 1] (0 for noise).</summary>
    public IReadOnlyList<double> Probabilities => _probabilities;

    /// <summary>GLOSH outlier score of each training point, in [0, 1]; larger is more outlying.</summary>
    public IReadOnlyList<double> OutlierScores => _outlierScores;

    /// <summary>Core distance of each training point.</summary>
    public IReadOnlyList<double> CoreDistances => _core;

    /// <summary>Stability of each selected cluster, indexed by label.</summary>
    public IReadOnlyList<double> ClusterStabilities => _clusterStability;

    /// <summary>Condensed-tree cluster id of each label (ids are <see cref="CondensedTree.RootCluster"/> + offset).</summary>
    public IReadOnlyList<int> SelectedClusterIds => _labelClusters.Select(c => c + _count).ToArray();

    /// <summary>The condensed tree, for plots and inspection.</summary>
    public CondensedTree CondensedTree { get; }

    /// <summary>The single-linkage tree of mutual reachability (heights are mutual reachability distances).</summary>
    public Dendrogram SingleLinkageTree { get; }

    /// <summary>
    /// Places new points in the fitted clustering without changing it: the hdbscan library's
    /// <c>approximate_predict</c>. Each point's core distance comes from its training neighbours (as if it had been part
    /// of the data), its nearest training point in mutual reachability tells where it would join the condensed tree, and
    /// it takes that cluster's label (or −1) with probability min(λ, λ_max) / λ_max of the selected cluster.
    /// </summary>
    /// <exception cref="ArgumentException">The feature count differs from the training data's, or a value is not finite.</exception>
    public ClusterAssignment Predict(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != FeatureCount)
            throw new ArgumentException($"The model was fitted on {FeatureCount} features; the data have {data.FeatureCount}.", nameof(data));
        float[] x = data.FeatureArray;
        Hdbscan.CheckFinite(x, FeatureCount);
        int m = data.Count;
        var labels = new int[m];
        var confidence = new double[m];
        Array.Fill(labels, -1);
        if (_labelClusters.Length == 0 || _hierarchy.Count <= 1 || m == 0) return new ClusterAssignment(labels, confidence);
        int k = Math.Min(_count, 2 * _minSamples);
        int coreIndex = Math.Min(k, _coreNeighborCount) - 1;
        var (indices, distances) = Query(x, m, k);
        double alpha = Options.Alpha;
        Parallel.For(0, m, ThreadBudget.Options, i =>
        {
            int best = -1;
            double bestDistance = double.PositiveInfinity;
            double pointCore = distances[i * k + coreIndex];
            for (int j = 0; j < k; j++)
            {
                int neighbor = indices[i * k + j];
                double w = MutualReachability.Distance(distances[i * k + j], pointCore, _core[neighbor], alpha);
                if (w < bestDistance) { bestDistance = w; best = neighbor; }
            }
            double lambda = bestDistance > 0 ? 1.0 / bestDistance : double.MaxValue;
            int row = _pointRow[best];
            int cluster = CondensedTree.ParentArray[row] - _count;
            if (CondensedTree.LambdaArray[row] > lambda)
                while (cluster > 0 && _hierarchy.Birth[cluster] >= lambda) cluster = _hierarchy.Parent[cluster];
            int label = _clusterLabel[cluster];
            labels[i] = label;
            if (label >= 0)
            {
                double max = _clusterMaxLambda[cluster];
                confidence[i] = max > 0 ? Math.Min(max, lambda) / max : 1.0;
            }
        });
        return new ClusterAssignment(labels, confidence);
    }

    private (int[] Indices, double[] Distances) Query(float[] x, int m, int k)
    {
        int d = FeatureCount;
        var indices = new int[(long)m * k];
        var distances = new double[(long)m * k];
        if (_tree is not null)
        {
            Parallel.For(0, m, ThreadBudget.Options, i =>
                _tree.Query(new ReadOnlySpan<float>(x, i * d, d), k, indices.AsSpan(i * k, k), distances.AsSpan(i * k, k)));
            return (indices, distances);
        }
        NeighborGraph graph = ExactNeighbors.Search(_data, _count, d, x, m, k);
        Array.Copy(graph.Indices, indices, indices.Length);
        Parallel.For(0, m, ThreadBudget.Options, i =>
        {
            var row = new ReadOnlySpan<float>(x, i * d, d);
            var ids = indices.AsSpan(i * k, k);
            var dist = distances.AsSpan(i * k, k);
            for (int j = 0; j < k; j++) dist[j] = Math.Sqrt(KdTree.SquaredDistance(row, new ReadOnlySpan<float>(_data, ids[j] * d, d)));
            dist.Sort(ids);
        });
        return (indices, distances);
    }
}
