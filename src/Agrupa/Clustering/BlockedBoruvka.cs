using Agrupa.LinearAlgebra;
using Agrupa.Neighbors;
using Agrupa.Runtime;
using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Clustering;

/// <summary>
/// Stage 2 of HDBSCAN for high dimensions: the exact minimum spanning tree of the mutual reachability graph by
/// Borůvka's algorithm whose "nearest point of another component" searches are blocked matrix products, so memory is
/// one block of rows × n at a time and never n×n.
/// </summary>
/// <remarks>
/// <para><b>Why not a tree.</b> Past about 20 dimensions a k-d tree visits most of its leaves; the hdbscan library then
/// falls back to Prim's algorithm with one distance row per added vertex, i.e. n² scalar distance evaluations. Here the
/// same n² work is done as dense products ‖x‖² − 2x·y + ‖y‖² (TorchSharp's GEMM), several hundred times faster per
/// distance, and only for the points that need it.</para>
/// <para><b>Rounds.</b> Each Borůvka round first looks at every point's k nearest neighbours (already known from the core
/// distances): a listed neighbour in another component gives a candidate edge, exactly weighted. A point needs the full
/// search only when an unlisted point could still beat its component's best candidate, i.e. when
/// max(core(q), d_k(q) / alpha) ≤ that candidate (d_k is the distance to its last listed neighbour). The full search takes
/// those points a block at a time: squared distances to all points, mutual reachability (in squares), points of the
/// same component masked out, minimum per row. The chosen edge's weight is then recomputed in double precision.</para>
/// <para><b>Precision.</b> Candidates found by the products are compared in float32: two edges whose weights differ by
/// less than float32 rounding (about 1e-7 relative) may be taken in either order, which can change the tree only
/// among near-ties. Edge weights reported are exact (double).</para>
/// </remarks>
internal static class BlockedBoruvka
{
    public static SpanningTree Build(float[] data, int count, int dimensions, double[] core, MutualReachability.Neighbors neighbors,
        double alpha, CancellationToken cancellationToken)
    {
        int n = count;
        var from = new int[Math.Max(0, n - 1)];
        var to = new int[from.Length];
        var weight = new double[from.Length];
        if (n <= 1) return new SpanningTree(from, to, weight);
        int edges = 0;
        int k = neighbors.NeighborCount;
        var sets = new UnionFind(n);
        var component = new int[n];
        var pointWeight = new double[n];
        var pointTarget = new int[n];
        var bestWeight = new double[n];
        var bestA = new int[n];
        var bestB = new int[n];
        double inverseAlpha = 1.0 / alpha;

        ThreadBudget.ApplyToTorch();
        using var scope = torch.NewDisposeScope();
        TorchTensor points = TorchMatrix.FromRows(data, n, dimensions);
        TorchTensor norms = PairwiseDistances.SquaredNorms(points);
        TorchTensor coreSquared = torch.tensor(core.Select(c => (float)(c * c)).ToArray());

        while (edges < n - 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < n; i++) component[i] = sets.Find(i);

            // Candidates among the listed neighbours.
            Parallel.For(0, n, ThreadBudget.Options, q =>
            {
                double best = double.PositiveInfinity;
                int target = -1;
                int c = component[q];
                var row = new ReadOnlySpan<float>(data, q * dimensions, dimensions);
                for (int j = 0; j < k; j++)
                {
                    int other = neighbors.Indices[q * k + j];
                    if (component[other] == c) continue;
                    double w = MutualReachability.Distance(neighbors.Distances[q * k + j], core[q], core[other], alpha);
                    if (w < best || (w == best && other < target)) { best = w; target = other; }
                }
                pointWeight[q] = best;
                pointTarget[q] = target;
            });
            ReduceByComponent(n, component, pointWeight, pointTarget, bestWeight, bestA, bestB);

            // Points for which an unlisted point might still give the component's lightest edge.
            var needed = new List<int>();
            for (int q = 0; q < n; q++)
            {
                double lower = Math.Max(core[q], neighbors.Distances[q * k + k - 1] * inverseAlpha);
                if (lower <= bestWeight[component[q]] && k < n) needed.Add(q);
            }
            if (needed.Count > 0)
            {
                using var roundScope = torch.NewDisposeScope();
                TorchTensor components = torch.tensor(component);
                int block = PairwiseDistances.BlockRows(n);
                for (int start = 0; start < needed.Count; start += block)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var blockScope = torch.NewDisposeScope();
                    int length = Math.Min(block, needed.Count - start);
                    int[] rows = needed.GetRange(start, length).ToArray();
                    TorchTensor rowIndex = torch.tensor(rows.Select(r => (long)r).ToArray());
                    TorchTensor squared = PairwiseDistances.Squared(points.index_select(0, rowIndex), points, norms);
                    if (alpha != 1.0) squared.mul_(inverseAlpha * inverseAlpha);
                    squared = torch.maximum(squared, coreSquared.unsqueeze(0));
                    squared = torch.maximum(squared, coreSquared.index_select(0, rowIndex).unsqueeze(1));
                    TorchTensor same = components.index_select(0, rowIndex).unsqueeze(1).eq(components.unsqueeze(0));
                    squared.masked_fill_(same, float.PositiveInfinity);
                    var (values, positions) = squared.min(1);
                    float[] minima = values.data<float>().ToArray();
                    long[] targets = positions.data<long>().ToArray();
                    for (int r = 0; r < length; r++)
                    {
                        if (float.IsPositiveInfinity(minima[r])) continue;
                        int q = rows[r], t = (int)targets[r];
                        double distance = Math.Sqrt(KdTree.SquaredDistance(new ReadOnlySpan<float>(data, q * dimensions, dimensions),
                            new ReadOnlySpan<float>(data, t * dimensions, dimensions)));
                        double w = MutualReachability.Distance(distance, core[q], core[t], alpha);
                        if (w < pointWeight[q] || (w == pointWeight[q] && t < pointTarget[q])) { pointWeight[q] = w; pointTarget[q] = t; }
                    }
                }
                ReduceByComponent(n, component, pointWeight, pointTarget, bestWeight, bestA, bestB);
            }

            int added = 0;
            for (int c = 0; c < n; c++)
            {
                if (bestA[c] < 0 || !sets.Union(bestA[c], bestB[c])) continue;
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

    private static void ReduceByComponent(int n, int[] component, double[] pointWeight, int[] pointTarget,
        double[] bestWeight, int[] bestA, int[] bestB)
    {
        Array.Fill(bestWeight, double.PositiveInfinity);
        Array.Fill(bestA, -1);
        for (int q = 0; q < n; q++)
        {
            int t = pointTarget[q];
            if (t < 0) continue;
            int c = component[q];
            int a = Math.Min(q, t), b = Math.Max(q, t);
            if (KdTreeBoruvka.Better(pointWeight[q], a, b, bestWeight[c], bestA[c], bestB[c]))
            {
                bestWeight[c] = pointWeight[q];
                bestA[c] = a;
                bestB[c] = b;
            }
        }
    }
}
