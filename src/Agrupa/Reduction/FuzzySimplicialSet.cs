using Agrupa.Neighbors;
using Agrupa.Runtime;

namespace Agrupa.Reduction;

/// <summary>
/// UMAP's first stage (McInnes, Healy &amp; Melville 2018, §3.1; umap-learn <c>smooth_knn_dist</c>,
/// <c>compute_membership_strengths</c>, <c>fuzzy_simplicial_set</c>): each point's k-NN distances become
/// membership strengths exp(−(d − ρᵢ)/σᵢ) of a local fuzzy set, and the local sets are merged by fuzzy union
/// A + Aᵀ − A∘Aᵀ into one symmetric sparse graph.
/// </summary>
internal static class FuzzySimplicialSet
{
    /// <summary>Binary search tolerance of umap-learn (<c>SMOOTH_K_TOLERANCE</c>).</summary>
    public const double SmoothKTolerance = 1e-5;

    /// <summary>Floor of σ as a fraction of the mean distance (umap-learn's <c>MIN_K_DIST_SCALE</c>).</summary>
    public const double MinKDistScale = 1e-3;

    /// <summary>
    /// For each point, ρ (distance to its <paramref name="localConnectivity"/>-th nearest non-zero neighbour,
    /// interpolated) and σ such that Σⱼ≥₁ exp(−max(0, dᵢⱼ − ρᵢ)/σᵢ) = log₂(k)·bandwidth, found by 64 halvings/doublings
    /// from σ = 1. σ is floored at 1e-3 × the point's mean neighbour distance (or the global mean when ρ = 0).
    /// <paramref name="distances"/> is row-major n×k, column 0 the point itself.
    /// </summary>
    public static (float[] Sigmas, float[] Rhos) SmoothKnnDistances(float[] distances, int count, int k, double neighborCount,
        int iterations = 64, double localConnectivity = 1.0, double bandwidth = 1.0)
    {
        double target = Math.Log2(neighborCount) * bandwidth;
        var rhos = new float[count];
        var sigmas = new float[count];
        double meanDistances = 0;
        foreach (float v in distances) meanDistances += v;
        meanDistances /= Math.Max(1, distances.Length);
        Parallel.For(0, count, ThreadBudget.Options, i =>
        {
            var row = new ReadOnlySpan<float>(distances, i * k, k);
            double lo = 0, hi = double.PositiveInfinity, mid = 1;
            int nonZero = 0;
            foreach (float v in row) if (v > 0) nonZero++;
            float rho = 0;
            if (nonZero >= localConnectivity)
            {
                int index = (int)Math.Floor(localConnectivity);
                double interpolation = localConnectivity - index;
                if (index > 0)
                {
                    rho = NonZero(row, index - 1);
                    if (interpolation > SmoothKTolerance) rho += (float)(interpolation * (NonZero(row, index) - NonZero(row, index - 1)));
                }
                else rho = (float)(interpolation * NonZero(row, 0));
            }
            else if (nonZero > 0)
            {
                float max = 0;
                foreach (float v in row) max = Math.Max(max, v);
                rho = max;
            }
            for (int step = 0; step < iterations; step++)
            {
                double sum = 0;
                for (int j = 1; j < k; j++)
                {
                    double d = row[j] - rho;
                    sum += d > 0 ? Math.Exp(-(d / mid)) : 1.0;
                }
                if (Math.Abs(sum - target) < SmoothKTolerance) break;
                if (sum > target) { hi = mid; mid = (lo + hi) / 2.0; }
                else { lo = mid; mid = double.IsPositiveInfinity(hi) ? mid * 2 : (lo + hi) / 2.0; }
            }
            double sigma = mid;
            if (rho > 0)
            {
                double mean = 0;
                foreach (float v in row) mean += v;
                mean /= k;
                sigma = Math.Max(sigma, MinKDistScale * mean);
            }
            else sigma = Math.Max(sigma, MinKDistScale * meanDistances);
            rhos[i] = rho;
            sigmas[i] = (float)sigma;
        });
        return (sigmas, rhos);
    }

    private static float NonZero(ReadOnlySpan<float> row, int rank)
    {
        foreach (float v in row)
            if (v > 0 && rank-- == 0) return v;
        return 0;
    }

    /// <summary>
    /// Directed membership strengths as a row-major n×k array aligned with the k-NN graph: 0 for the point itself
    /// (unless <paramref name="bipartite"/>), 1 when d ≤ ρ or σ = 0, else exp(−(d − ρ)/σ).
    /// </summary>
    public static float[] MembershipStrengths(NeighborGraph graph, float[] sigmas, float[] rhos, bool bipartite = false)
    {
        int k = graph.NeighborCount;
        var values = new float[graph.Indices.Length];
        Parallel.For(0, graph.Count, ThreadBudget.Options, i =>
        {
            for (int j = 0; j < k; j++)
            {
                int index = graph.Indices[i * k + j];
                float d = graph.Distances[i * k + j];
                float value;
                if (index < 0) value = 0;
                else if (!bipartite && index == i) value = 0;
                else if (d - rhos[i] <= 0 || sigmas[i] == 0) value = 1;
                else value = (float)Math.Exp(-((d - rhos[i]) / (double)sigmas[i]));
                values[i * k + j] = value;
            }
        });
        return values;
    }

    /// <summary>The directed graph A (zeros dropped) from the k-NN indices and membership strengths, rows sorted by column.</summary>
    public static SparseGraph Directed(NeighborGraph graph, float[] strengths)
    {
        int n = graph.Count, k = graph.NeighborCount;
        var starts = new int[n + 1];
        var columns = new List<int>(n * k);
        var values = new List<float>(n * k);
        var row = new List<(int Column, float Value)>(k);
        for (int i = 0; i < n; i++)
        {
            row.Clear();
            for (int j = 0; j < k; j++)
            {
                int index = graph.Indices[i * k + j];
                float value = strengths[i * k + j];
                if (index >= 0 && value != 0) row.Add((index, value));
            }
            row.Sort((x, y) => x.Column.CompareTo(y.Column));
            for (int r = 0; r < row.Count; r++)
            {
                if (r > 0 && row[r].Column == row[r - 1].Column) { values[^1] += row[r].Value; continue; }   // coo→csr sums duplicates
                columns.Add(row[r].Column);
                values.Add(row[r].Value);
            }
            starts[i + 1] = columns.Count;
        }
        return new SparseGraph(n, starts, columns.ToArray(), values.ToArray());
    }

    /// <summary>
    /// Symmetrises A: mix·(A + Aᵀ − A∘Aᵀ) + (1 − mix)·(A∘Aᵀ) (fuzzy union at mix = 1, intersection at 0); zeros dropped.
    /// </summary>
    public static SparseGraph Symmetrize(SparseGraph a, double mix)
    {
        SparseGraph t = a.Transpose();
        int n = a.Count;
        var starts = new int[n + 1];
        var columns = new List<int>(a.EdgeCount * 2);
        var values = new List<float>(a.EdgeCount * 2);
        for (int i = 0; i < n; i++)
        {
            int p = a.RowStarts[i], pe = a.RowStarts[i + 1], q = t.RowStarts[i], qe = t.RowStarts[i + 1];
            while (p < pe || q < qe)
            {
                int column;
                float x = 0, y = 0;
                if (q >= qe || (p < pe && a.Columns[p] < t.Columns[q])) { column = a.Columns[p]; x = a.Values[p++]; }
                else if (p >= pe || t.Columns[q] < a.Columns[p]) { column = t.Columns[q]; y = t.Values[q++]; }
                else { column = a.Columns[p]; x = a.Values[p++]; y = t.Values[q++]; }
                float product = x * y;
                float value = (float)(mix * (x + y - product) + (1 - mix) * product);
                if (value != 0) { columns.Add(column); values.Add(value); }
            }
            starts[i + 1] = columns.Count;
        }
        return new SparseGraph(n, starts, columns.ToArray(), values.ToArray());
    }

    /// <summary>The whole stage: smooth k-NN distances, membership strengths, directed graph, symmetrisation.</summary>
    public static (SparseGraph Graph, float[] Sigmas, float[] Rhos) Build(NeighborGraph knn, int neighborCount, double setOperationMixRatio, double localConnectivity)
    {
        var (sigmas, rhos) = SmoothKnnDistances(knn.Distances, knn.Count, knn.NeighborCount, neighborCount, localConnectivity: localConnectivity);
        float[] strengths = MembershipStrengths(knn, sigmas, rhos);
        return (Symmetrize(Directed(knn, strengths), setOperationMixRatio), sigmas, rhos);
    }
}
