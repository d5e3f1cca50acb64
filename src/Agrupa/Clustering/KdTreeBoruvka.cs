using Agrupa.Neighbors;
using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// Stage 2 of HDBSCAN for low dimensions: the minimum spanning tree of the mutual reachability graph by Borůvka's
/// algorithm over a k-d tree, never forming the n×n distance matrix.
/// </summary>
/// <remarks>
/// <para><b>Idea.</b> Borůvka (1926) grows all components at once: in each round every component picks its lightest
/// edge to another component, and all picked edges join the tree. Components at least halve in number each round, so
/// there are at most log₂ n rounds. The expensive part is "lightest edge leaving my component", a nearest-neighbour
/// query under the mutual reachability distance that must ignore points of the query's own component. March, Ram &amp;
/// Gray (KDD 2010, "Fast Euclidean minimum spanning tree") answer it with space-partitioning trees; McInnes &amp; Healy
/// (ICDMW 2017, "Accelerated hierarchical density based clustering") extend their bounds to mutual reachability, which
/// is what the hdbscan library's <c>_hdbscan_boruvka.pyx</c> does with a dual-tree traversal.</para>
/// <para><b>This version</b> uses single-tree queries, one per point, run in parallel, with three prunings: a node
/// whose points all lie in the query's component is skipped (each node records the component it is uniform in, updated
/// every round); a node is skipped when its lower bound max(core(q), min core in node, box distance / alpha) exceeds the
/// best edge found so far by <em>any</em> point of the query's component (a shared, monotonically decreasing bound); and
/// a point whose own core distance exceeds that bound is not queried at all. Pruning is strict (ties are explored) and
/// candidates are ordered by (weight, smaller endpoint, larger endpoint), so the tree is the same whatever the thread
/// scheduling.</para>
/// <para><b>Cost.</b> About O(n log n) distance evaluations per round in low dimensions; the k-d tree degrades past
/// about 20 dimensions, where <see cref="BlockedBoruvka"/> takes over.</para>
/// </remarks>
internal static class KdTreeBoruvka
{
    public static SpanningTree Build(KdTree tree, double[] core, double alpha, CancellationToken cancellationToken,
        MutualReachability.Neighbors? neighbors = null)
    {
        int n = tree.Count;
        var from = new int[Math.Max(0, n - 1)];
        var to = new int[from.Length];
        var weight = new double[from.Length];
        int edges = 0;
        if (n <= 1) return new SpanningTree(from, to, weight);

        double[] nodeMinCore = NodeMinimumCore(tree, core);
        var sets = new UnionFind(n);
        var component = new int[n];
        var nodeComponent = new int[tree.NodeCount];
        var pointWeight = new double[n];
        var pointTarget = new int[n];
        var bound = new long[n];
        var bestWeight = new double[n];
        var bestA = new int[n];
        var bestB = new int[n];
        double inverseAlpha = 1.0 / alpha;

        // Each point's lightest edge to another component, kept across rounds: when the target is still in another
        // component it is still the point's best (the candidates only shrink as components merge), so only points whose
        // target joined their own component search again, and their previous weight is a lower bound for the new one.
        var exact = new bool[n];
        var lower = (double[])core.Clone();
        Array.Fill(pointTarget, -1);
        if (neighbors is not null) SeedFromNeighbors(neighbors, core, inverseAlpha, pointWeight, pointTarget, exact, lower);
        long infinity = BitConverter.DoubleToInt64Bits(double.PositiveInfinity);
        while (edges < n - 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < n; i++) component[i] = sets.Find(i);
            UpdateNodeComponents(tree, component, nodeComponent);
            Array.Fill(bound, infinity);
            var valid = new bool[n];
            for (int q = 0; q < n; q++)
            {
                int t = pointTarget[q];
                if (exact[q] && t >= 0 && component[t] != component[q])
                {
                    valid[q] = true;
                    if (pointWeight[q] < BitConverter.Int64BitsToDouble(bound[component[q]]))
                        bound[component[q]] = BitConverter.DoubleToInt64Bits(pointWeight[q]);
                }
            }

            Parallel.For(0, n, ThreadBudget.Options, position =>
            {
                int q = tree.Order[position];
                if (valid[q]) return;
                int c = component[q];
                pointTarget[q] = -1;
                pointWeight[q] = double.PositiveInfinity;
                exact[q] = false;
                if (lower[q] > BitConverter.Int64BitsToDouble(Volatile.Read(ref bound[c]))) return;
                var search = new Search(tree, core, component, nodeComponent, nodeMinCore, inverseAlpha, q, bound);
                search.Visit(0, tree.SquaredDistanceToBox(tree.Point(q), 0));
                if (search.Target < 0) return;
                pointTarget[q] = search.Target;
                pointWeight[q] = search.Weight;
                // Exact when nothing was pruned by a bound below the result (the shared bound only decreases).
                if (search.Weight <= BitConverter.Int64BitsToDouble(Volatile.Read(ref bound[c])))
                {
                    exact[q] = true;
                    lower[q] = search.Weight;
                }
                LowerBound(ref bound[c], search.Weight);
            });

            Array.Fill(bestWeight, double.PositiveInfinity);
            Array.Fill(bestA, -1);
            for (int q = 0; q < n; q++)
            {
                int t = pointTarget[q];
                if (t < 0) continue;
                int c = component[q];
                int a = Math.Min(q, t), b = Math.Max(q, t);
                if (Better(pointWeight[q], a, b, bestWeight[c], bestA[c], bestB[c]))
                {
                    bestWeight[c] = pointWeight[q];
                    bestA[c] = a;
                    bestB[c] = b;
                }
            }
            int added = 0;
            for (int c = 0; c < n; c++)
            {
                if (bestA[c] < 0) continue;
                if (!sets.Union(bestA[c], bestB[c])) continue;
                from[edges] = bestA[c];
                to[edges] = bestB[c];
                weight[edges] = bestWeight[c];
                edges++;
                added++;
            }
            if (added == 0) throw new InvalidOperationException("Borůvka round added no edge; the mutual reachability graph should be complete.");
        }
        return new SpanningTree(from, to, weight);
    }

    /// <summary>
    /// First-round candidates from the k nearest neighbours already found for the core distances: the lightest listed
    /// edge is the point's lightest edge overall when no unlisted point can beat it, i.e. when its weight is at most
    /// max(core(q), d_k(q) / alpha), the lower bound for every point beyond the k-th neighbour. (At equality an unlisted
    /// point could tie; the listed one is kept, which is still a lightest edge, and the choice does not depend on threads.)
    /// </summary>
    private static void SeedFromNeighbors(MutualReachability.Neighbors neighbors, double[] core, double inverseAlpha,
        double[] pointWeight, int[] pointTarget, bool[] exact, double[] lower)
    {
        int n = core.Length, k = neighbors.NeighborCount;
        Parallel.For(0, n, ThreadBudget.Options, q =>
        {
            double best = double.PositiveInfinity;
            int target = -1;
            for (int j = 0; j < k; j++)
            {
                int other = neighbors.Indices[q * k + j];
                if (other == q) continue;
                double w = Math.Max(Math.Max(core[q], core[other]), neighbors.Distances[q * k + j] * inverseAlpha);
                if (w < best || (w == best && other < target)) { best = w; target = other; }
            }
            double unlisted = Math.Max(core[q], neighbors.Distances[q * k + k - 1] * inverseAlpha);
            if (target >= 0 && best <= unlisted)
            {
                pointWeight[q] = best;
                pointTarget[q] = target;
                exact[q] = true;
                lower[q] = best;
            }
        });
    }

    /// <summary>Total order on edges: weight, then smaller endpoint, then larger endpoint.</summary>
    internal static bool Better(double weight, int a, int b, double otherWeight, int otherA, int otherB) =>
        weight < otherWeight || (weight == otherWeight && (otherA < 0 || a < otherA || (a == otherA && b < otherB)));

    private static void LowerBound(ref long slot, double value)
    {
        long current = Volatile.Read(ref slot);
        while (value < BitConverter.Int64BitsToDouble(current))
        {
            long seen = Interlocked.CompareExchange(ref slot, BitConverter.DoubleToInt64Bits(value), current);
            if (seen == current) return;
            current = seen;
        }
    }

    private static double[] NodeMinimumCore(KdTree tree, double[] core)
    {
        var result = new double[tree.NodeCount];
        for (int node = tree.NodeCount - 1; node >= 0; node--)
        {
            if (tree.IsLeaf[node])
            {
                double min = double.PositiveInfinity;
                for (int p = tree.Start[node]; p < tree.End[node]; p++) min = Math.Min(min, core[tree.Order[p]]);
                result[node] = min;
            }
            else result[node] = Math.Min(result[2 * node + 1], result[2 * node + 2]);
        }
        return result;
    }

    /// <summary>Component shared by all points of each node, −1 when mixed, −2 when the node is empty.</summary>
    private static void UpdateNodeComponents(KdTree tree, int[] component, int[] nodeComponent)
    {
        for (int node = tree.NodeCount - 1; node >= 0; node--)
        {
            if (tree.IsLeaf[node])
            {
                int start = tree.Start[node], end = tree.End[node];
                if (start == end) { nodeComponent[node] = -2; continue; }
                int c = component[tree.Order[start]];
                for (int p = start + 1; p < end && c >= 0; p++) if (component[tree.Order[p]] != c) c = -1;
                nodeComponent[node] = c;
            }
            else
            {
                int left = nodeComponent[2 * node + 1], right = nodeComponent[2 * node + 2];
                nodeComponent[node] = left == -2 ? right : right == -2 ? left : left == right ? left : -1;
            }
        }
    }

    private struct Search(KdTree tree, double[] core, int[] component, int[] nodeComponent, double[] nodeMinCore,
        double inverseAlpha, int query, long[] bound)
    {
        private readonly int _component = component[query];
        private readonly double _core = core[query];
        public double Weight = double.PositiveInfinity;
        public int Target = -1;

        private readonly double Bound => Math.Min(Weight, BitConverter.Int64BitsToDouble(Volatile.Read(ref bound[_component])));

        public void Visit(int node, double boxSquared)
        {
            if (nodeComponent[node] == _component || nodeComponent[node] == -2) return;
            double boxLower = Math.Sqrt(boxSquared) * inverseAlpha;
            if (Math.Max(Math.Max(_core, nodeMinCore[node]), boxLower) > Bound) return;
            var point = tree.Point(query);
            if (tree.IsLeaf[node])
            {
                for (int p = tree.Start[node]; p < tree.End[node]; p++)
                {
                    int j = tree.Order[p];
                    if (component[j] == _component) continue;
                    double w = Math.Max(_core, core[j]);
                    if (w > Bound) continue;
                    w = Math.Max(w, Math.Sqrt(KdTree.SquaredDistance(point, tree.PointAt(p))) * inverseAlpha);
                    if (w < Weight || (w == Weight && j < Target)) { Weight = w; Target = j; }
                }
                return;
            }
            int left = 2 * node + 1, right = left + 1;
            double leftBox = tree.SquaredDistanceToBox(point, left), rightBox = tree.SquaredDistanceToBox(point, right);
            if (leftBox <= rightBox) { Visit(left, leftBox); Visit(right, rightBox); }
            else { Visit(right, rightBox); Visit(left, leftBox); }
        }
    }
}
