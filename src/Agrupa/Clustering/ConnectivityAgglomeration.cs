using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// Agglomerative clustering constrained by a sparse connectivity graph (scikit-learn's <c>ward_tree</c> and
/// <c>linkage_tree</c> with <c>connectivity</c>): only clusters joined by a graph edge may merge, so memory is O(edges)
/// rather than O(n²).
/// </summary>
/// <remarks>
/// <para>A heap holds one entry per connected pair of current clusters; the smallest is merged (stale entries, whose
/// clusters were merged meanwhile, are skipped) and the new cluster's neighbours are the union of both sides'.
/// Distances to them follow scikit-learn: Ward from centroids and sizes, sqrt(2·n_a·n_b/(n_a+n_b))·‖c_a − c_b‖;
/// average as the size-weighted mean of the two sides' known distances and complete as their maximum (a side with no
/// edge to that neighbour contributes nothing: its true distance is never computed); single as the minimum.</para>
/// <para>Merges are kept in the order made (scikit-learn's cut also undoes the last merges); with constraints the
/// heights of average and complete linkage need not increase along that order.</para>
/// </remarks>
internal static class ConnectivityAgglomeration
{
    public static Dendrogram Build(float[] data, int n, int d, AgglomerativeLinkage linkage, List<(int A, int B)> edges,
        CancellationToken cancellationToken)
    {
        var neighbors = new Dictionary<int, double>[2 * n - 1];
        for (int i = 0; i < n; i++) neighbors[i] = [];
        var size = new int[2 * n - 1];
        var centroid = linkage == AgglomerativeLinkage.Ward ? new double[(long)(2 * n - 1) * d] : [];
        for (int i = 0; i < n; i++) size[i] = 1;
        if (centroid.Length > 0) for (long i = 0; i < (long)n * d; i++) centroid[i] = data[i];
        double Ward(int a, int b)
        {
            double sum = 0;
            long oa = (long)a * d, ob = (long)b * d;
            for (int j = 0; j < d; j++) { double diff = centroid[oa + j] - centroid[ob + j]; sum += diff * diff; }
            return Math.Sqrt(2.0 * size[a] * size[b] / (size[a] + size[b]) * sum);
        }
        var heap = new PriorityQueue<(int A, int B), (double Height, int A, int B)>();
        foreach (var (a, b) in edges)
        {
            if (a == b || neighbors[a].ContainsKey(b)) continue;
            double distance = linkage == AgglomerativeLinkage.Ward ? Ward(a, b)
                : Math.Sqrt(Neighbors.KdTree.SquaredDistance(new ReadOnlySpan<float>(data, a * d, d), new ReadOnlySpan<float>(data, b * d, d)));
            neighbors[a][b] = distance;
            neighbors[b][a] = distance;
            heap.Enqueue((Math.Min(a, b), Math.Max(a, b)), (distance, Math.Min(a, b), Math.Max(a, b)));
        }
        var active = new bool[2 * n - 1];
        for (int i = 0; i < n; i++) active[i] = true;
        var merges = new List<NearestNeighborChain.Merge>(n - 1);
        int next = n;
        while (heap.TryDequeue(out var pair, out var key))
        {
            if (!active[pair.A] || !active[pair.B]) continue;
            if ((merges.Count & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            int a = pair.A, b = pair.B, c = next++;
            active[a] = active[b] = false;
            active[c] = true;
            size[c] = size[a] + size[b];
            merges.Add(new NearestNeighborChain.Merge(a, b, key.Height));
            if (centroid.Length > 0)
            {
                long oa = (long)a * d, ob = (long)b * d, oc = (long)c * d;
                for (int j = 0; j < d; j++) centroid[oc + j] = (size[a] * centroid[oa + j] + size[b] * centroid[ob + j]) / size[c];
            }
            var merged = new Dictionary<int, double>();
            foreach (int k in neighbors[a].Keys.Concat(neighbors[b].Keys))
            {
                if (k == a || k == b || !active[k] || merged.ContainsKey(k)) continue;
                bool inA = neighbors[a].TryGetValue(k, out double da), inB = neighbors[b].TryGetValue(k, out double db);
                double distance = linkage switch
                {
                    AgglomerativeLinkage.Ward => Ward(c, k),
                    AgglomerativeLinkage.Average => inA && inB ? (size[a] * da + size[b] * db) / size[c] : inA ? da : db,
                    AgglomerativeLinkage.Complete => inA && inB ? Math.Max(da, db) : inA ? da : db,
                    _ => inA && inB ? Math.Min(da, db) : inA ? da : db,
                };
                merged[k] = distance;
                neighbors[k].Remove(a);
                neighbors[k].Remove(b);
                neighbors[k][c] = distance;
                heap.Enqueue((k, c), (distance, k, c));
            }
            neighbors[c] = merged;
            neighbors[a] = neighbors[b] = [];
        }
        if (merges.Count != n - 1)
            throw new InvalidOperationException($"The connectivity graph left {n - merges.Count} components; it should have been joined first.");
        return ToDendrogramInMergeOrder(n, merges);
    }

    /// <summary>Merges already use SciPy ids (new cluster n + k at step k).</summary>
    private static Dendrogram ToDendrogramInMergeOrder(int n, List<NearestNeighborChain.Merge> merges)
    {
        var left = new int[merges.Count];
        var right = new int[merges.Count];
        var height = new double[merges.Count];
        var size = new int[merges.Count];
        for (int k = 0; k < merges.Count; k++)
        {
            left[k] = Math.Min(merges[k].A, merges[k].B);
            right[k] = Math.Max(merges[k].A, merges[k].B);
            height[k] = merges[k].Height;
            int sa = left[k] < n ? 1 : size[left[k] - n], sb = right[k] < n ? 1 : size[right[k] - n];
            size[k] = sa + sb;
        }
        return new Dendrogram(n, left, right, height, size);
    }

    /// <summary>The symmetric k-nearest-neighbour graph's edges, joined into one component by spanning-tree edges if needed.</summary>
    public static List<(int A, int B)> KnnGraph(MutualReachability.Neighbors neighbors, SpanningTree? joiningTree, int n)
    {
        var edges = new List<(int, int)>(n * neighbors.NeighborCount);
        var sets = new UnionFind(n);
        int k = neighbors.NeighborCount;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++)
            {
                int other = neighbors.Indices[i * k + j];
                if (other == i) continue;
                edges.Add((i, other));
                sets.Union(i, other);
            }
        if (joiningTree is not null)
            for (int e = 0; e < joiningTree.EdgeCount; e++)
                if (sets.Union(joiningTree.From[e], joiningTree.To[e])) edges.Add((joiningTree.From[e], joiningTree.To[e]));
        return edges;
    }

    /// <summary>Number of connected components of the kNN graph.</summary>
    public static int Components(MutualReachability.Neighbors neighbors, int n)
    {
        var sets = new UnionFind(n);
        int k = neighbors.NeighborCount, components = n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++)
                if (sets.Union(i, neighbors.Indices[i * k + j])) components--;
        return components;
    }
}
