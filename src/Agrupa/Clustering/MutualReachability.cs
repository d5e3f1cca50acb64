using Agrupa.Neighbors;
using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// Stage 1 of HDBSCAN (Campello, Moulavi &amp; Sander, PAKDD 2013): core distances from the k nearest neighbours, which
/// define the mutual reachability distance d_mr(a, b) = max(core(a), core(b), d(a, b) / alpha).
/// </summary>
/// <remarks>
/// <para>The core distance of a point is a density estimate: the radius of the smallest ball around it holding a given
/// number of other points. Two conventions exist and they are off by one. The hdbscan library (McInnes, Healy &amp;
/// Astels, JOSS 2017) asks the tree for <c>min_samples + 1</c> neighbours including the point itself and takes the last,
/// i.e. the distance to the <c>min_samples</c>-th <em>other</em> point. scikit-learn's <c>HDBSCAN</c> and R's
/// <c>dbscan::hdbscan</c> count the point itself, i.e. the distance to the <c>(min_samples − 1)</c>-th other point.
/// <see cref="HdbscanOptions.CountSelfAsNeighbor"/> selects between them; the default is the hdbscan library's.</para>
/// <para>Low dimensions use a <see cref="KdTree"/> (exact, double precision); high dimensions use
/// <see cref="ExactNeighbors"/> (blocked matrix products in float32) and then recompute the distances to the found
/// neighbours in double precision.</para>
/// </remarks>
internal static class MutualReachability
{
    /// <summary>Nearest neighbours of every point among the points (self included), with double-precision distances.</summary>
    internal sealed record Neighbors(int[] Indices, double[] Distances, int NeighborCount);

    /// <summary>
    /// The <paramref name="neighborCount"/> nearest neighbours (self included) of every row, through <paramref name="tree"/>
    /// when given, else by blocked matrix products.
    /// </summary>
    public static Neighbors NearestNeighbors(float[] data, int count, int dimensions, int neighborCount, KdTree? tree,
        CancellationToken cancellationToken)
    {
        var indices = new int[(long)count * neighborCount];
        var distances = new double[(long)count * neighborCount];
        if (tree is not null)
        {
            // Queries in tree order: consecutive queries visit the same leaves, which stay in cache.
            Parallel.For(0, count, ThreadBudget.Options, position =>
            {
                int i = tree.Order[position];
                if ((position & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
                tree.Query(tree.PointAt(position), neighborCount, indices.AsSpan(i * neighborCount, neighborCount), distances.AsSpan(i * neighborCount, neighborCount));
            });
            return new Neighbors(indices, distances, neighborCount);
        }
        NeighborGraph graph = ExactNeighbors.Search(data, count, dimensions, data, count, neighborCount, cancellationToken);
        Array.Copy(graph.Indices, indices, indices.Length);
        Parallel.For(0, count, ThreadBudget.Options, i =>
        {
            var row = new ReadOnlySpan<float>(data, i * dimensions, dimensions);
            var ids = indices.AsSpan(i * neighborCount, neighborCount);
            var dist = distances.AsSpan(i * neighborCount, neighborCount);
            for (int j = 0; j < neighborCount; j++)
                dist[j] = Math.Sqrt(KdTree.SquaredDistance(row, new ReadOnlySpan<float>(data, ids[j] * dimensions, dimensions)));
            dist.Sort(ids);
        });
        return new Neighbors(indices, distances, neighborCount);
    }

    /// <summary>Number of neighbours (self included) to query so that the last one is the core neighbour.</summary>
    public static int CoreNeighborCount(int minSamples, bool countSelf, int count) =>
        Math.Min(count, countSelf ? minSamples : minSamples + 1);

    /// <summary>Core distance of each point: the distance to its last queried neighbour.</summary>
    public static double[] CoreDistances(Neighbors neighbors, int coreNeighborCount)
    {
        int count = neighbors.Indices.Length / neighbors.NeighborCount;
        var core = new double[count];
        for (int i = 0; i < count; i++) core[i] = neighbors.Distances[i * neighbors.NeighborCount + coreNeighborCount - 1];
        return core;
    }

    /// <summary>Mutual reachability distance from the Euclidean distance and the two core distances.</summary>
    public static double Distance(double distance, double coreA, double coreB, double alpha) =>
        Math.Max(Math.Max(coreA, coreB), alpha == 1.0 ? distance : distance / alpha);
}
