namespace Agrupa.Clustering;

/// <summary>
/// Stage 5 of HDBSCAN: cluster stability and the choice of a flat clustering from the condensed tree, by excess of
/// mass (Campello, Moulavi &amp; Sander, PAKDD 2013, §3.3; Campello et al., TKDD 2015) or by taking the leaves, optionally
/// merged below a distance ε (Malzer &amp; Baum, "A hybrid approach to hierarchical density-based cluster selection",
/// MFI 2020).
/// </summary>
/// <remarks>
/// <para><b>Stability.</b> A cluster C born at λ_birth(C) has stability Σ (λ_leave(x) − λ_birth(C)) · size(x) over every
/// row (point or child cluster x) leaving C: the "mass" of density it holds.</para>
/// <para><b>Excess of mass.</b> Clusters are visited children first (decreasing id, which the condensed tree's
/// breadth-first numbering makes a topological order); a cluster whose children's summed stability exceeds its own
/// (strict &gt;, so ties keep the parent) is replaced by them and takes their sum as its stability; otherwise it is
/// selected and all its descendants are dropped. The root takes part only with <c>AllowSingleCluster</c>. As in the
/// hdbscan library, the children's sum is rounded to float32 before the comparison (its <c>cdef float
/// subtree_stability</c>), which only matters for near-ties.</para>
/// <para><b>ε.</b> A selected cluster born below distance ε is replaced by its nearest ancestor born above ε
/// (<c>epsilon_search</c> / <c>traverse_upwards</c> in the hdbscan library), never by the root unless single clusters
/// are allowed.</para>
/// </remarks>
internal static class ClusterSelection
{
    /// <summary>The cluster hierarchy of a condensed tree: parent, birth λ and cluster children of each cluster.</summary>
    internal sealed class ClusterHierarchy
    {
        public ClusterHierarchy(CondensedTree tree)
        {
            int n = tree.PointCount, count = tree.ClusterCount;
            Parent = new int[count];
            Birth = new double[count];
            Children = new List<int>[count];
            for (int c = 0; c < count; c++) Children[c] = [];
            Parent[0] = -1;
            Birth[0] = 0;
            for (int i = 0; i < tree.RowCount; i++)
            {
                int child = tree.ChildArray[i];
                if (child < n) continue;
                int c = child - n, p = tree.ParentArray[i] - n;
                Parent[c] = p;
                Birth[c] = tree.LambdaArray[i];
                Children[p].Add(c);
            }
        }

        /// <summary>Parent offset (cluster id − n) of each cluster offset; −1 for the root.</summary>
        public int[] Parent { get; }

        /// <summary>λ at which each cluster appears (0 for the root).</summary>
        public double[] Birth { get; }

        /// <summary>Cluster children of each cluster (offsets), in row order.</summary>
        public List<int>[] Children { get; }

        public int Count => Parent.Length;

        public IEnumerable<int> Descendants(int cluster)
        {
            var stack = new Stack<int>(Children[cluster]);
            while (stack.Count > 0)
            {
                int c = stack.Pop();
                yield return c;
                foreach (int child in Children[c]) stack.Push(child);
            }
        }
    }

    /// <summary>Stability of every cluster (indexed by cluster id − n).</summary>
    public static double[] Stability(CondensedTree tree, ClusterHierarchy hierarchy)
    {
        var stability = new double[tree.ClusterCount];
        int n = tree.PointCount;
        for (int i = 0; i < tree.RowCount; i++)
        {
            int p = tree.ParentArray[i] - n;
            stability[p] += (tree.LambdaArray[i] - hierarchy.Birth[p]) * tree.ChildSizeArray[i];
        }
        return stability;
    }

    /// <summary>Selected clusters (offsets) by the chosen method; may be empty (all noise).</summary>
    public static bool[] Select(CondensedTree tree, ClusterHierarchy hierarchy, double[] stability, HdbscanClusterSelection method,
        bool allowSingleCluster, double epsilon)
    {
        int count = hierarchy.Count;
        var selected = new bool[count];
        bool hasChildren = hierarchy.Children[0].Count > 0;
        if (method == HdbscanClusterSelection.ExcessOfMass)
        {
            var working = (double[])stability.Clone();
            int last = allowSingleCluster ? 0 : 1;
            for (int c = count - 1; c >= last; c--) selected[c] = true;
            for (int c = count - 1; c >= last; c--)
            {
                double sum = 0;
                foreach (int child in hierarchy.Children[c]) sum += working[child];
                float subtree = (float)sum;
                if (subtree > working[c])
                {
                    selected[c] = false;
                    working[c] = subtree;
                }
                else
                {
                    foreach (int d in hierarchy.Descendants(c)) selected[d] = false;
                }
            }
            if (epsilon != 0.0 && hasChildren)
            {
                var chosen = Enumerable.Range(0, count).Where(c => selected[c]).ToList();
                Array.Clear(selected);
                if (chosen.Count == 1 && chosen[0] == 0)
                {
                    if (allowSingleCluster) selected[0] = true;
                }
                else
                {
                    foreach (int c in EpsilonSearch(chosen, hierarchy, epsilon, allowSingleCluster)) selected[c] = true;
                }
            }
        }
        else
        {
            var leaves = Enumerable.Range(1, count - 1).Where(c => hierarchy.Children[c].Count == 0).ToList();
            if (leaves.Count == 0)
            {
                selected[0] = true;   // no split at all: the root stands alone (labelled only with AllowSingleCluster)
                return selected;
            }
            IEnumerable<int> chosen = epsilon != 0.0 ? EpsilonSearch(leaves, hierarchy, epsilon, allowSingleCluster) : leaves;
            foreach (int c in chosen) selected[c] = true;
        }
        return selected;
    }

    private static HashSet<int> EpsilonSearch(List<int> clusters, ClusterHierarchy hierarchy, double epsilon, bool allowSingleCluster)
    {
        var result = new HashSet<int>();
        var processed = new HashSet<int>();
        foreach (int leaf in clusters.OrderBy(c => c))
        {
            double birthDistance = 1.0 / hierarchy.Birth[leaf];
            if (birthDistance < epsilon)
            {
                if (processed.Contains(leaf)) continue;
                int chosen = TraverseUpwards(hierarchy, epsilon, leaf, allowSingleCluster);
                result.Add(chosen);
                foreach (int d in hierarchy.Descendants(chosen)) processed.Add(d);
            }
            else result.Add(leaf);
        }
        return result;
    }

    private static int TraverseUpwards(ClusterHierarchy hierarchy, double epsilon, int leaf, bool allowSingleCluster)
    {
        while (true)
        {
            int parent = hierarchy.Parent[leaf];
            if (parent == 0) return allowSingleCluster ? parent : leaf;
            if (1.0 / hierarchy.Birth[parent] > epsilon) return parent;
            leaf = parent;
        }
    }
}
