using Agrupa.Data;
using Agrupa.Runtime;

namespace Agrupa.Neighbors;

/// <summary>
/// The one entry point for a k-nearest-neighbour graph of a data set: exact blocked search for small data (n &lt; 4,096,
/// umap-learn's threshold) or on request, NN-descent otherwise. Row i's first neighbour is i itself at distance 0.
/// </summary>
public static class NeighborSearch
{
    /// <summary>Below this many points <see cref="NeighborSearchMethod.Auto"/> searches exactly (umap-learn's rule).</summary>
    public const int ExactBelow = 4_096;

    /// <summary>The method <see cref="NeighborSearchMethod.Auto"/> resolves to for <paramref name="count"/> points.</summary>
    public static NeighborSearchMethod Resolve(NeighborSearchMethod method, int count) =>
        method != NeighborSearchMethod.Auto ? method : count < ExactBelow ? NeighborSearchMethod.Exact : NeighborSearchMethod.Descent;

    /// <summary>k nearest neighbours (self included, first) of every row of <paramref name="data"/>.</summary>
    public static NeighborGraph Build(Dataset data, int neighborCount, NeighborSearchMethod method = NeighborSearchMethod.Auto,
        NearestNeighborDescentOptions? options = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new NearestNeighborDescentOptions();
        if (Resolve(method, data.Count) == NeighborSearchMethod.Descent)
            return NearestNeighborDescent.Build(data.FeatureArray, data.Count, data.FeatureCount, neighborCount, options, progress, cancellationToken);
        progress?.Report(new TrainingProgress { Stage = "exact k-NN", Message = $"{data.Count} points, k = {neighborCount}" });
        return Exact(data.FeatureArray, data.Count, data.FeatureCount, data.FeatureArray, data.Count, neighborCount, options.Metric, cancellationToken);
    }

    /// <summary>Exact k nearest rows of <paramref name="data"/> for each row of <paramref name="queries"/>, in either metric.</summary>
    public static NeighborGraph Exact(float[] data, int count, int dimensions, float[] queries, int queryCount, int neighborCount,
        NeighborMetric metric, CancellationToken cancellationToken = default)
    {
        if (metric == NeighborMetric.Euclidean)
            return ExactNeighbors.Search(data, count, dimensions, queries, queryCount, neighborCount, cancellationToken);
        bool same = ReferenceEquals(data, queries);
        float[] unitData = NearestNeighborDescent.NormalizedRows(data, count, dimensions);
        float[] unitQueries = same ? unitData : NearestNeighborDescent.NormalizedRows(queries, queryCount, dimensions);
        NeighborGraph graph = ExactNeighbors.Search(unitData, count, dimensions, unitQueries, queryCount, neighborCount, cancellationToken);
        float[] distances = graph.Distances;
        for (int i = 0; i < distances.Length; i++) distances[i] = 0.5f * distances[i] * distances[i];
        return graph;
    }
}
