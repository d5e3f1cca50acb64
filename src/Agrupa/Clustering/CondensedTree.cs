using System.Globalization;

namespace Agrupa.Clustering;

/// <summary>
/// Stage 4 of HDBSCAN: the condensed cluster tree (Campello, Moulavi &amp; Sander, PAKDD 2013, §3; McInnes, Healy &amp;
/// Astels, JOSS 2017). Each row says that <see cref="Child"/> (a point when below <see cref="PointCount"/>, else a
/// cluster) leaves <see cref="Parent"/> (a cluster) at density λ = 1 / distance (<see cref="Lambda"/>; infinite for
/// distance 0), carrying <see cref="ChildSize"/> points. The root cluster's id is <see cref="PointCount"/>.
/// </summary>
/// <remarks>
/// <para>Condensing walks the single-linkage dendrogram from the top. At each merge seen from above (a split): if both
/// sides hold at least <c>MinClusterSize</c> points, both become new clusters; if one side is smaller, its points
/// "fall out" of the parent at that λ and the parent continues as the larger side; if both are smaller, all points fall
/// out and the parent ends. This is the hdbscan library's <c>condense_tree</c> (size test "≥ min_cluster_size"), and
/// cluster ids are given in breadth-first order from the root, so a child's id is always larger than its parent's.</para>
/// <para>Immutable; <see cref="WriteCsv"/> exports the rows for plots (the hdbscan library's
/// <c>condensed_tree_.to_pandas()</c> columns).</para>
/// </remarks>
public sealed class CondensedTree
{
    private readonly int[] _parent;
    private readonly int[] _child;
    private readonly double[] _lambda;
    private readonly int[] _childSize;

    internal CondensedTree(int pointCount, int[] parent, int[] child, double[] lambda, int[] childSize)
    {
        PointCount = pointCount;
        _parent = parent;
        _child = child;
        _lambda = lambda;
        _childSize = childSize;
        int maxId = pointCount;
        foreach (int c in child) if (c > maxId) maxId = c;
        ClusterCount = maxId - pointCount + 1;
    }

    /// <summary>Number of points n; cluster ids are n (the root), n + 1, ….</summary>
    public int PointCount { get; }

    /// <summary>Number of clusters in the tree, root included.</summary>
    public int ClusterCount { get; }

    /// <summary>Id of the root cluster (= <see cref="PointCount"/>).</summary>
    public int RootCluster => PointCount;

    /// <summary>Number of rows.</summary>
    public int RowCount => _parent.Length;

    /// <summary>Parent cluster id of each row.</summary>
    public IReadOnlyList<int> Parent => _parent;

    /// <summary>Child (point index or cluster id) of each row.</summary>
    public IReadOnlyList<int> Child => _child;

    /// <summary>λ = 1 / mutual reachability distance at which the child leaves the parent.</summary>
    public IReadOnlyList<double> Lambda => _lambda;

    /// <summary>Number of points the child carries (1 for a point).</summary>
    public IReadOnlyList<int> ChildSize => _childSize;

    internal int[] ParentArray => _parent;
    internal int[] ChildArray => _child;
    internal double[] LambdaArray => _lambda;
    internal int[] ChildSizeArray => _childSize;

    /// <summary>Writes "parent,child,lambda_val,child_size" rows (header first), invariant culture, "inf" for infinity.</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("parent,child,lambda_val,child_size");
        for (int i = 0; i < RowCount; i++)
        {
            string lambda = double.IsPositiveInfinity(_lambda[i]) ? "inf" : _lambda[i].ToString("R", CultureInfo.InvariantCulture);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_parent[i]},{_child[i]},{lambda},{_childSize[i]}"));
        }
    }

    /// <summary>Condenses a single-linkage dendrogram (heights = mutual reachability distances).</summary>
    internal static CondensedTree Condense(Dendrogram dendrogram, int minClusterSize)
    {
        int n = dendrogram.PointCount;
        var parents = new List<int>(n + 16);
        var children = new List<int>(n + 16);
        var lambdas = new List<double>(n + 16);
        var sizes = new List<int>(n + 16);
        if (n <= 1)
        {
            if (n == 1) { parents.Add(1); children.Add(0); lambdas.Add(double.PositiveInfinity); sizes.Add(1); }
            return new CondensedTree(n, parents.ToArray(), children.ToArray(), lambdas.ToArray(), sizes.ToArray());
        }
        int[] left = dendrogram.LeftArray, right = dendrogram.RightArray, size = dendrogram.SizeArray;
        double[] height = dendrogram.HeightArray;
        int root = 2 * n - 2;
        var relabel = new int[root + 1];
        var ignore = new bool[root + 1];
        relabel[root] = n;
        int nextLabel = n + 1;
        int Count(int node) => node < n ? 1 : size[node - n];

        var queue = new Queue<int>();
        var fallOut = new Queue<int>();
        void FallOut(int subtree, int parent, double lambda)
        {
            fallOut.Enqueue(subtree);
            while (fallOut.Count > 0)
            {
                int node = fallOut.Dequeue();
                ignore[node] = true;
                if (node < n) { parents.Add(parent); children.Add(node); lambdas.Add(lambda); sizes.Add(1); }
                else { fallOut.Enqueue(left[node - n]); fallOut.Enqueue(right[node - n]); }
            }
        }

        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            int node = queue.Dequeue();
            if (node < n) continue;
            int a = left[node - n], b = right[node - n];
            queue.Enqueue(a);
            queue.Enqueue(b);
            if (ignore[node]) continue;
            double distance = height[node - n];
            double lambda = distance > 0 ? 1.0 / distance : double.PositiveInfinity;
            int countA = Count(a), countB = Count(b);
            int parent = relabel[node];
            if (countA >= minClusterSize && countB >= minClusterSize)
            {
                relabel[a] = nextLabel++;
                parents.Add(parent); children.Add(relabel[a]); lambdas.Add(lambda); sizes.Add(countA);
                relabel[b] = nextLabel++;
                parents.Add(parent); children.Add(relabel[b]); lambdas.Add(lambda); sizes.Add(countB);
            }
            else if (countA < minClusterSize && countB < minClusterSize)
            {
                FallOut(a, parent, lambda);
                FallOut(b, parent, lambda);
            }
            else if (countA < minClusterSize)
            {
                relabel[b] = parent;
                FallOut(a, parent, lambda);
            }
            else
            {
                relabel[a] = parent;
                FallOut(b, parent, lambda);
            }
        }
        return new CondensedTree(n, parents.ToArray(), children.ToArray(), lambdas.ToArray(), sizes.ToArray());
    }
}
