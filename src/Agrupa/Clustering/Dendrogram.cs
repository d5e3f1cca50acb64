using System.Globalization;

namespace Agrupa.Clustering;

/// <summary>
/// A binary merge tree over n points in SciPy's linkage format (Müllner 2011, §2): merge i joins clusters
/// <see cref="Left"/>[i] and <see cref="Right"/>[i] at <see cref="Height"/>[i] into a cluster of <see cref="Size"/>[i]
/// points whose id is n + i. Ids below n are the points themselves. Heights never decrease along the list.
/// </summary>
/// <remarks>Immutable. Used for plots (<see cref="WriteCsv"/>) and for flat cuts (<see cref="CutToClusterCount"/>,
/// <see cref="CutBelowHeight"/>).</remarks>
public sealed class Dendrogram
{
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _height;
    private readonly int[] _size;

    internal Dendrogram(int pointCount, int[] left, int[] right, double[] height, int[] size)
    {
        if (left.Length != pointCount - 1 && pointCount > 0)
            throw new ArgumentException($"A dendrogram of {pointCount} points has {pointCount - 1} merges, got {left.Length}.");
        PointCount = pointCount;
        _left = left;
        _right = right;
        _height = height;
        _size = size;
    }

    /// <summary>Number of points (leaves) n.</summary>
    public int PointCount { get; }

    /// <summary>Number of merges, n − 1.</summary>
    public int MergeCount => _left.Length;

    /// <summary>First cluster id of each merge.</summary>
    public IReadOnlyList<int> Left => _left;

    /// <summary>Second cluster id of each merge.</summary>
    public IReadOnlyList<int> Right => _right;

    /// <summary>Height (linkage distance) of each merge, non-decreasing.</summary>
    public IReadOnlyList<double> Height => _height;

    /// <summary>Number of points in the cluster formed by each merge.</summary>
    public IReadOnlyList<int> Size => _size;

    internal double[] HeightArray => _height;
    internal int[] LeftArray => _left;
    internal int[] RightArray => _right;
    internal int[] SizeArray => _size;

    /// <summary>
    /// Builds the dendrogram of a spanning tree (single linkage): edges sorted by weight, then joined with union-find, as
    /// the hdbscan library's <c>label</c>; merges of equal height are put in a canonical order (largest parts first).
    /// </summary>
    internal static Dendrogram FromSpanningTree(int pointCount, SpanningTree tree)
    {
        int m = tree.EdgeCount;
        var order = new int[m];
        for (int i = 0; i < m; i++) order[i] = i;
        var keys = (double[])tree.Weight.Clone();
        Array.Sort(order, (a, b) => { int c = keys[a].CompareTo(keys[b]); return c != 0 ? c : a.CompareTo(b); });
        var left = new int[m];
        var right = new int[m];
        var height = new double[m];
        var size = new int[m];
        // Union-find over points and merge nodes: parent pointers to the newest cluster id.
        var parent = new int[2 * pointCount - 1 > 0 ? 2 * pointCount - 1 : 1];
        var nodeSize = new int[parent.Length];
        for (int i = 0; i < parent.Length; i++) { parent[i] = i; nodeSize[i] = i < pointCount ? 1 : 0; }
        int Find(int x)
        {
            int root = x;
            while (parent[root] != root) root = parent[root];
            while (parent[x] != root) { int next = parent[x]; parent[x] = root; x = next; }
            return root;
        }
        int merges = 0;
        void Merge(int a, int b, double weight)
        {
            int next = pointCount + merges;
            left[merges] = a;
            right[merges] = b;
            height[merges] = weight;
            size[merges] = nodeSize[a] + nodeSize[b];
            nodeSize[next] = size[merges];
            parent[a] = next;
            parent[b] = next;
            merges++;
        }
        for (int i = 0; i < m;)
        {
            int end = i + 1;
            while (end < m && tree.Weight[order[end]] == tree.Weight[order[i]]) end++;
            if (end == i + 1)
            {
                Merge(Find(tree.From[order[i]]), Find(tree.To[order[i]]), tree.Weight[order[i]]);
                i = end;
                continue;
            }
            // A group of equal weights: all its merges happen at the same level, so the binary order inside it is
            // arbitrary, yet it decides which intermediate sets look like clusters once condensed. Use one canonical
            // order: each set the group forms is built from its parts (the components just below this level) largest
            // first, so that read from the top the smallest parts leave first. This depends only on the components at
            // each level, not on which of several equal-weight spanning trees was found (Prim, Borůvka, threads).
            var groupOf = new Dictionary<int, int>();
            var parts = new List<int>();
            int Local(int root)
            {
                if (!groupOf.TryGetValue(root, out int index)) { index = parts.Count; groupOf[root] = index; parts.Add(root); }
                return index;
            }
            var edgesLocal = new List<(int, int)>();
            for (int k = i; k < end; k++)
                edgesLocal.Add((Local(Find(tree.From[order[k]])), Local(Find(tree.To[order[k]]))));
            var local = new UnionFind(parts.Count);
            foreach (var (a, b) in edgesLocal) local.Union(a, b);
            double weight = tree.Weight[order[i]];
            foreach (var set in Enumerable.Range(0, parts.Count).GroupBy(local.Find).OrderBy(g => g.Min(p => parts[p])))
            {
                var members = set.Select(p => parts[p]).OrderByDescending(root => nodeSize[root]).ThenBy(root => root).ToArray();
                int current = members[0];
                for (int k = 1; k < members.Length; k++)
                {
                    Merge(current, members[k], weight);
                    current = pointCount + merges - 1;
                }
            }
            i = end;
        }
        return new Dendrogram(pointCount, left, right, height, size);
    }

    /// <summary>Flat labels with exactly <paramref name="clusters"/> clusters: the last clusters − 1 merges undone.</summary>
    /// <remarks>Clusters are numbered 0.. in the order of their smallest point index.</remarks>
    public int[] CutToClusterCount(int clusters)
    {
        if (clusters < 1 || clusters > PointCount)
            throw new ArgumentOutOfRangeException(nameof(clusters), clusters, $"The cluster count must be in [1, {PointCount}] for {PointCount} points.");
        return Labels(PointCount - clusters);
    }

    /// <summary>
    /// Flat labels after every merge whose height is strictly below <paramref name="threshold"/> (scikit-learn's
    /// <c>distance_threshold</c>: "the linkage distance threshold at or above which clusters will not be merged").
    /// </summary>
    public int[] CutBelowHeight(double threshold)
    {
        int merges = 0;
        while (merges < MergeCount && _height[merges] < threshold) merges++;
        return Labels(merges);
    }

    private int[] Labels(int merges)
    {
        var sets = new UnionFind(PointCount + merges);
        for (int i = 0; i < merges; i++)
        {
            sets.Union(_left[i], PointCount + i);
            sets.Union(_right[i], PointCount + i);
        }
        var labels = new int[PointCount];
        var map = new Dictionary<int, int>();
        for (int i = 0; i < PointCount; i++)
        {
            int root = sets.Find(i);
            if (!map.TryGetValue(root, out int label)) { label = map.Count; map[root] = label; }
            labels[i] = label;
        }
        return labels;
    }

    /// <summary>Writes "left,right,height,size" rows (header first), one per merge, invariant culture.</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("left,right,height,size");
        for (int i = 0; i < MergeCount; i++)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_left[i]},{_right[i]},{_height[i]:R},{_size[i]}"));
    }
}
