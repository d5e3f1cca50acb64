namespace Agrupa.Clustering;

/// <summary>
/// Ward, average and complete linkage by the nearest-neighbour chain algorithm (Murtagh, 1983; Müllner, "Modern
/// hierarchical, agglomerative clustering algorithms", arXiv 1109.2378, 2011, Fig. 4): O(n²) time.
/// </summary>
/// <remarks>
/// <para><b>Idea.</b> Follow a chain of nearest neighbours a → NN(a) → NN(NN(a)) … until two clusters are each other's
/// nearest neighbours (reciprocal); merge them and continue from the rest of the chain. For a <em>reducible</em>
/// linkage (Ward, average, complete, single all are) merging a reciprocal pair never makes another cluster's nearest
/// neighbour closer, so the rest of the chain stays valid and every merge of the classic algorithm is found; sorting
/// the merges by height then gives the same dendrogram as SciPy's <c>linkage</c> (its <c>nn_chain</c>), ties aside.</para>
/// <para><b>Two storages.</b> <see cref="WithDistanceMatrix"/> keeps the condensed distance matrix (n(n−1)/2 doubles)
/// and updates it with the Lance–Williams formulas (SciPy's <c>_hierarchy_distance_update.pxi</c>).
/// <see cref="WardWithCentroids"/> needs O(n·d) memory: Ward's distance between clusters is
/// sqrt(2·n_a·n_b/(n_a+n_b))·‖c_a − c_b‖ from centroids and sizes alone, recomputed at each nearest-neighbour scan
/// (O(n·d) per step instead of O(n)).</para>
/// </remarks>
internal static class NearestNeighborChain
{
    /// <summary>Merges (cluster slots a, b, height) in the order found; slot b holds the merged cluster afterwards.</summary>
    internal readonly record struct Merge(int A, int B, double Height);

    /// <summary>Bytes of the condensed distance matrix for <paramref name="count"/> points.</summary>
    public static long MatrixBytes(long count) => count * (count - 1) / 2 * sizeof(double);

    public static Dendrogram WithDistanceMatrix(float[] data, int n, int d, AgglomerativeLinkage linkage, CancellationToken cancellationToken)
    {
        var matrix = new double[(long)n * (n - 1) / 2];
        Parallel.For(0, n, Runtime.ThreadBudget.Options, i =>
        {
            var row = new ReadOnlySpan<float>(data, i * d, d);
            long offset = Index(n, i, i + 1);
            for (int j = i + 1; j < n; j++)
                matrix[offset + j - i - 1] = Math.Sqrt(Neighbors.KdTree.SquaredDistance(row, new ReadOnlySpan<float>(data, j * d, d)));
        });
        var size = new int[n];
        Array.Fill(size, 1);
        var active = new bool[n];
        Array.Fill(active, true);
        var merges = new List<Merge>(n - 1);
        var chain = new int[n];
        int chainLength = 0;
        for (int step = 0; step < n - 1; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (chainLength == 0)
            {
                int first = 0;
                while (!active[first]) first++;
                chain[chainLength++] = first;
            }
            int x, y;
            double current;
            while (true)
            {
                x = chain[chainLength - 1];
                if (chainLength > 1) { y = chain[chainLength - 2]; current = matrix[Index(n, x, y)]; }
                else { y = -1; current = double.PositiveInfinity; }
                for (int i = 0; i < n; i++)
                {
                    if (!active[i] || i == x) continue;
                    double dist = matrix[Index(n, x, i)];
                    if (dist < current) { current = dist; y = i; }
                }
                if (chainLength > 1 && y == chain[chainLength - 2]) break;
                chain[chainLength++] = y;
            }
            chainLength -= 2;
            if (x > y) (x, y) = (y, x);
            int nx = size[x], ny = size[y];
            merges.Add(new Merge(x, y, current));
            active[x] = false;
            size[y] = nx + ny;
            for (int i = 0; i < n; i++)
            {
                if (!active[i] || i == y) continue;
                long iy = Index(n, i, y);
                double dxi = matrix[Index(n, i, x)], dyi = matrix[iy];
                matrix[iy] = linkage switch
                {
                    AgglomerativeLinkage.Average => (nx * dxi + ny * dyi) / (nx + ny),
                    AgglomerativeLinkage.Complete => Math.Max(dxi, dyi),
                    AgglomerativeLinkage.Single => Math.Min(dxi, dyi),
                    _ => WardUpdate(dxi, dyi, current, nx, ny, size[i]),
                };
            }
        }
        return ToDendrogram(n, merges);
    }

    private static double WardUpdate(double dxi, double dyi, double dxy, int nx, int ny, int ni)
    {
        double t = 1.0 / (nx + ny + ni);
        return Math.Sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
    }

    public static Dendrogram WardWithCentroids(float[] data, int n, int d, CancellationToken cancellationToken)
    {
        var centroid = new double[(long)n * d];
        for (long i = 0; i < (long)n * d; i++) centroid[i] = data[i];
        var size = new int[n];
        Array.Fill(size, 1);
        // Active clusters kept in a compact list so scans skip merged slots.
        var activeList = Enumerable.Range(0, n).ToList();
        var position = Enumerable.Range(0, n).ToArray();
        var merges = new List<Merge>(n - 1);
        var chain = new int[n];
        int chainLength = 0;
        double Ward(int a, int b)
        {
            double sum = 0;
            long oa = (long)a * d, ob = (long)b * d;
            for (int j = 0; j < d; j++) { double diff = centroid[oa + j] - centroid[ob + j]; sum += diff * diff; }
            return Math.Sqrt(2.0 * size[a] * size[b] / (size[a] + size[b]) * sum);
        }
        for (int step = 0; step < n - 1; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (chainLength == 0) chain[chainLength++] = activeList[0];
            int x, y;
            double current;
            while (true)
            {
                x = chain[chainLength - 1];
                if (chainLength > 1) { y = chain[chainLength - 2]; current = Ward(x, y); }
                else { y = -1; current = double.PositiveInfinity; }
                foreach (int i in activeList)
                {
                    if (i == x) continue;
                    double dist = Ward(x, i);
                    if (dist < current) { current = dist; y = i; }
                }
                if (chainLength > 1 && y == chain[chainLength - 2]) break;
                chain[chainLength++] = y;
            }
            chainLength -= 2;
            if (x > y) (x, y) = (y, x);
            merges.Add(new Merge(x, y, current));
            int nx = size[x], ny = size[y];
            long ox = (long)x * d, oy = (long)y * d;
            for (int j = 0; j < d; j++) centroid[oy + j] = (nx * centroid[ox + j] + ny * centroid[oy + j]) / (nx + ny);
            size[y] = nx + ny;
            int last = activeList[^1];
            activeList[position[x]] = last;
            position[last] = position[x];
            activeList.RemoveAt(activeList.Count - 1);
        }
        return ToDendrogram(n, merges);
    }

    private static long Index(int n, int i, int j)
    {
        if (i > j) (i, j) = (j, i);
        return (long)n * i - (long)i * (i + 1) / 2 + j - i - 1;
    }

    /// <summary>Sorts merges by height (stable) and relabels slots into SciPy's cluster ids with union-find.</summary>
    internal static Dendrogram ToDendrogram(int n, List<Merge> merges, bool sortByHeight = true)
    {
        var order = Enumerable.Range(0, merges.Count).ToArray();
        if (sortByHeight) order = order.OrderBy(i => merges[i].Height).ThenBy(i => i).ToArray();
        var left = new int[merges.Count];
        var right = new int[merges.Count];
        var height = new double[merges.Count];
        var size = new int[merges.Count];
        var sets = new UnionFind(n);
        var idOfRoot = Enumerable.Range(0, n).ToArray();
        for (int k = 0; k < order.Length; k++)
        {
            var m = merges[order[k]];
            int ra = sets.Find(m.A), rb = sets.Find(m.B);
            int a = idOfRoot[ra], b = idOfRoot[rb];
            left[k] = Math.Min(a, b);
            right[k] = Math.Max(a, b);
            height[k] = m.Height;
            size[k] = sets.SizeOf(ra) + sets.SizeOf(rb);
            sets.Union(ra, rb);
            idOfRoot[sets.Find(ra)] = n + k;
        }
        return new Dendrogram(n, left, right, height, size);
    }
}
