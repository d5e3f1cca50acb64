using System.Numerics.Tensors;
using Agrupa.Runtime;
using TorchSharp;

namespace Agrupa.Reduction;

/// <summary>
/// UMAP's spectral initialisation (umap-learn <c>spectral.py</c>): the eigenvectors of the normalised Laplacian
/// L = I − D^−½ W D^−½ for the smallest non-trivial eigenvalues, i.e. the largest eigenvalues of
/// M = D^−½ W D^−½ after the trivial one (eigenvector D^½ 1). Disconnected graphs are laid out per component and the
/// components placed around a meta-embedding, as umap-learn's <c>multi_component_layout</c>.
/// </summary>
/// <remarks>
/// umap-learn calls ARPACK's implicitly restarted Lanczos (scipy eigsh, tol 1e-4). This file uses its own
/// thick-restart Krylov–Rayleigh–Ritz iteration on the sparse graph: a basis of up to <see cref="BasisSize"/> vectors
/// (full re-orthogonalisation), the projected matrix Vᵀ M V diagonalised by torch.linalg.eigh, the best Ritz vectors
/// kept on restart, until every wanted residual ‖M y − θ y‖ is below 1e-4 or <see cref="MaxRestarts"/> restarts.
/// Starting vector: seeded Gaussian (ARPACK's run here starts from the all-ones vector). Graphs of at most 256 vertices
/// are decomposed densely.
/// </remarks>
internal static class SpectralLayout
{
    public const int BasisSize = 64;
    public const int MaxRestarts = 200;
    public const double Tolerance = 1e-4;

    /// <summary>
    /// Initial coordinates (row-major n×dim) from the symmetric graph, or null when the eigensolver failed (the caller
    /// falls back to random and warns). <paramref name="componentCentroid"/> gives a component's data-space centroid
    /// for the meta-layout of many components.
    /// </summary>
    public static double[]? Layout(SparseGraph graph, int dim, int seed, Func<int[], double[]>? componentCentroid, out string? warning)
    {
        warning = null;
        int n = graph.Count;
        var (componentCount, labels) = ConnectedComponents(graph);
        if (componentCount == 1) return Eigenvectors(graph, dim, seed);
        warning = $"The neighbour graph has {componentCount} connected components; each is laid out on its own and placed around a meta-layout (as umap-learn).";
        var members = new List<int>[componentCount];
        for (int c = 0; c < componentCount; c++) members[c] = new List<int>();
        for (int i = 0; i < n; i++) members[labels[i]].Add(i);
        double[] meta = MetaLayout(componentCount, dim, members, componentCentroid, seed);
        var result = new double[(long)n * dim];
        var random = FastRandom.Create(seed, 0xC0C0);
        for (int c = 0; c < componentCount; c++)
        {
            double range = double.PositiveInfinity;
            for (int o = 0; o < componentCount; o++)
            {
                double s = 0;
                for (int d = 0; d < dim; d++) s += Math.Pow(meta[c * dim + d] - meta[o * dim + d], 2);
                if (s > 0) range = Math.Min(range, Math.Sqrt(s));
            }
            range = double.IsPositiveInfinity(range) ? 1 : range / 2;
            int[] ids = members[c].ToArray();
            double[]? local = null;
            if (ids.Length >= 2 * dim && ids.Length > dim + 1)
                local = Eigenvectors(Subgraph(graph, ids), dim, seed + c);
            if (local is null)
            {
                local = new double[ids.Length * dim];
                for (int i = 0; i < local.Length; i++) local[i] = (2 * random.NextDouble() - 1) * range;
            }
            else
            {
                double max = local.Max(Math.Abs);
                double expansion = max > 0 ? range / max : 1;
                for (int i = 0; i < local.Length; i++) local[i] *= expansion;
            }
            for (int i = 0; i < ids.Length; i++)
                for (int d = 0; d < dim; d++) result[ids[i] * dim + d] = local[i * dim + d] + meta[c * dim + d];
        }
        return result;
    }

    /// <summary>
    /// Where components go: ± unit vectors when there are at most 2·dim (as umap-learn), else the components' data-space
    /// centroids projected on their first dim principal axes and scaled to max |coordinate| 1 (umap-learn embeds the
    /// centroids spectrally instead).
    /// </summary>
    private static double[] MetaLayout(int count, int dim, List<int>[] members, Func<int[], double[]>? centroidOf, int seed)
    {
        var meta = new double[count * dim];
        if (count <= 2 * dim || centroidOf is null)
        {
            int k = (int)Math.Ceiling(count / 2.0);
            if (count <= 2 * dim)
            {
                for (int c = 0; c < count; c++) meta[c * dim + (c % k)] = c < k ? 1 : -1;
                return meta;
            }
            var random = FastRandom.Create(seed, 0x3E7A);
            for (int i = 0; i < meta.Length; i++) meta[i] = 2 * random.NextDouble() - 1;
            return meta;
        }
        double[][] centroids = members.Select(m => centroidOf(m.ToArray())).ToArray();
        int features = centroids[0].Length;
        using var scope = torch.NewDisposeScope();
        var flat = centroids.SelectMany(c => c).ToArray();
        var x = torch.tensor(flat, new long[] { count, features }, torch.float64);
        x = x - x.mean([0L], keepdim: true);
        var (u, s, _) = torch.linalg.svd(x, fullMatrices: false);
        int kept = Math.Min(dim, (int)s.shape[0]);
        var scores = (u.narrow(1, 0, kept) * s.narrow(0, 0, kept)).contiguous().data<double>().ToArray();
        double max = scores.Length == 0 ? 0 : scores.Max(Math.Abs);
        for (int c = 0; c < count; c++)
            for (int d = 0; d < kept; d++) meta[c * dim + d] = max > 0 ? scores[c * kept + d] / max : 0;
        return meta;
    }

    /// <summary>Connected components by breadth-first search: (count, label per vertex).</summary>
    public static (int Count, int[] Labels) ConnectedComponents(SparseGraph graph)
    {
        int n = graph.Count;
        var labels = new int[n];
        Array.Fill(labels, -1);
        var queue = new Queue<int>();
        int count = 0;
        for (int start = 0; start < n; start++)
        {
            if (labels[start] >= 0) continue;
            labels[start] = count;
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                int i = queue.Dequeue();
                for (int e = graph.RowStarts[i]; e < graph.RowStarts[i + 1]; e++)
                {
                    int j = graph.Columns[e];
                    if (labels[j] < 0) { labels[j] = count; queue.Enqueue(j); }
                }
            }
            count++;
        }
        return (count, labels);
    }

    private static SparseGraph Subgraph(SparseGraph graph, int[] ids)
    {
        var map = new Dictionary<int, int>(ids.Length);
        for (int i = 0; i < ids.Length; i++) map[ids[i]] = i;
        var starts = new int[ids.Length + 1];
        var columns = new List<int>();
        var values = new List<float>();
        for (int i = 0; i < ids.Length; i++)
        {
            int v = ids[i];
            for (int e = graph.RowStarts[v]; e < graph.RowStarts[v + 1]; e++)
                if (map.TryGetValue(graph.Columns[e], out int local)) { columns.Add(local); values.Add(graph.Values[e]); }
            starts[i + 1] = columns.Count;
        }
        return new SparseGraph(ids.Length, starts, columns.ToArray(), values.ToArray());
    }

    /// <summary>The dim eigenvectors of M after the trivial one (row-major n×dim), or null if the iteration broke down.</summary>
    public static double[]? Eigenvectors(SparseGraph graph, int dim, int seed)
    {
        int n = graph.Count;
        int wanted = dim + 1;
        if (n <= wanted) return null;
        var degreeRoot = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int e = graph.RowStarts[i]; e < graph.RowStarts[i + 1]; e++) sum += graph.Values[e];
            degreeRoot[i] = sum > 0 ? 1 / Math.Sqrt(sum) : 0;
        }
        void Multiply(double[] x, double[] y)
        {
            Parallel.For(0, (n + 4095) / 4096, ThreadBudget.Options, block =>
            {
                for (int i = block * 4096, end = Math.Min(n, i + 4096); i < end; i++)
                {
                    double sum = 0;
                    for (int e = graph.RowStarts[i]; e < graph.RowStarts[i + 1]; e++)
                        sum += graph.Values[e] * degreeRoot[graph.Columns[e]] * x[graph.Columns[e]];
                    y[i] = degreeRoot[i] * sum;
                }
            });
        }

        if (n <= 4 * BasisSize) return DenseEigenvectors(graph, degreeRoot, dim);
        int m = Math.Max(2 * wanted + 1, BasisSize);
        int keep = Math.Max(wanted, Math.Min(m - 2, Math.Max(wanted + 2, m / 3)));
        var basis = new double[m][];
        var images = new double[m][];
        for (int j = 0; j < m; j++) { basis[j] = new double[n]; images[j] = new double[n]; }
        var random = FastRandom.Create(seed, 0x5BEC);
        for (int i = 0; i < n; i++) basis[0][i] = random.NextGaussian();
        if (!Normalize(basis[0])) return null;
        Multiply(basis[0], images[0]);
        int size = 1;
        double[]? result = null;
        for (int restart = 0; restart <= MaxRestarts; restart++)
        {
            while (size < m)
            {
                double[] next = basis[size];
                Array.Copy(images[size - 1], next, n);
                Orthogonalize(basis, size, next);
                if (!Normalize(next))
                {
                    for (int i = 0; i < n; i++) next[i] = random.NextGaussian();
                    Orthogonalize(basis, size, next);
                    if (!Normalize(next)) break;
                }
                Multiply(next, images[size]);
                size++;
            }
            double[] projected = Projected(basis, images, size);
            double[] values, vectors;
            using (var scope = torch.NewDisposeScope())
            {
                var h = torch.tensor(projected, new long[] { size, size }, torch.float64);
                h = (h + h.t()) * 0.5;
                var (l, q) = torch.linalg.eigh(h);
                values = l.contiguous().data<double>().ToArray();
                vectors = q.contiguous().data<double>().ToArray();
            }
            if (values.Any(v => !double.IsFinite(v))) return null;
            // Ritz pairs by decreasing eigenvalue (eigh returns ascending).
            int kept = Math.Min(size, restart == MaxRestarts ? wanted : keep);
            var ritz = new double[kept][];
            var ritzImages = new double[kept][];
            bool converged = true;
            var coefficients = new double[kept][];
            for (int r = 0; r < kept; r++)
            {
                coefficients[r] = new double[size];
                for (int j = 0; j < size; j++) coefficients[r][j] = vectors[j * size + size - 1 - r];
            }
            Combine(basis, size, coefficients, ritz);
            Combine(images, size, coefficients, ritzImages);
            for (int r = 0; r < Math.Min(kept, wanted); r++)
            {
                var residual = new double[n];
                TensorPrimitives.MultiplyAdd(ritz[r], -values[size - 1 - r], ritzImages[r], residual);
                if (TensorPrimitives.Norm<double>(residual) > Tolerance) converged = false;
            }
            if (converged || restart == MaxRestarts || size < m)
            {
                result = new double[(long)n * dim];
                for (int d = 0; d < dim; d++)
                    for (int i = 0; i < n; i++) result[i * dim + d] = ritz[d + 1][i];
                break;
            }
            for (int r = 0; r < kept; r++) { Array.Copy(ritz[r], basis[r], n); Array.Copy(ritzImages[r], images[r], n); }
            size = kept;
        }
        return result;
    }

    private const int RowBlock = 4096;

    /// <summary>
    /// Classical Gram–Schmidt, twice ("twice is enough"): v −= B (Bᵀ v) against the first <paramref name="size"/> basis
    /// vectors. Row blocks run in parallel (a block of v stays in cache while the basis streams past) and the block
    /// partial dot products are summed in block order, so the result does not depend on the thread count.
    /// </summary>
    private static void Orthogonalize(double[][] basis, int size, double[] v)
    {
        int n = v.Length, blocks = (n + RowBlock - 1) / RowBlock;
        var partial = new double[blocks * size];
        var projection = new double[size];
        for (int pass = 0; pass < 2; pass++)
        {
            Parallel.For(0, blocks, ThreadBudget.Options, block =>
            {
                int start = block * RowBlock, length = Math.Min(RowBlock, n - start);
                var slice = new ReadOnlySpan<double>(v, start, length);
                for (int j = 0; j < size; j++) partial[block * size + j] = TensorPrimitives.Dot(new ReadOnlySpan<double>(basis[j], start, length), slice);
            });
            Array.Clear(projection);
            for (int block = 0; block < blocks; block++)
                for (int j = 0; j < size; j++) projection[j] += partial[block * size + j];
            Parallel.For(0, blocks, ThreadBudget.Options, block =>
            {
                int start = block * RowBlock, length = Math.Min(RowBlock, n - start);
                var slice = new Span<double>(v, start, length);
                for (int j = 0; j < size; j++) TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(basis[j], start, length), -projection[j], slice, slice);
            });
        }
    }

    /// <summary>Vᵀ M V from the basis and its images (size×size, symmetric), row blocks in parallel, summed in block order.</summary>
    private static double[] Projected(double[][] basis, double[][] images, int size)
    {
        int n = basis[0].Length, blocks = (n + RowBlock - 1) / RowBlock;
        var partial = new double[blocks][];
        Parallel.For(0, blocks, ThreadBudget.Options, block =>
        {
            int start = block * RowBlock, length = Math.Min(RowBlock, n - start);
            var local = new double[size * size];
            for (int i = 0; i < size; i++)
            {
                var row = new ReadOnlySpan<double>(basis[i], start, length);
                for (int j = i; j < size; j++) local[i * size + j] = TensorPrimitives.Dot(row, new ReadOnlySpan<double>(images[j], start, length));
            }
            partial[block] = local;
        });
        var projected = new double[size * size];
        for (int block = 0; block < blocks; block++)
            for (int i = 0; i < size; i++)
                for (int j = i; j < size; j++) projected[i * size + j] += partial[block][i * size + j];
        for (int i = 0; i < size; i++)
            for (int j = 0; j < i; j++) projected[i * size + j] = projected[j * size + i];
        return projected;
    }

    /// <summary>result[r] = Σ_j coefficients[r][j] · vectors[j] over the first <paramref name="size"/> vectors, row blocks in parallel.</summary>
    private static void Combine(double[][] vectors, int size, double[][] coefficients, double[][] result)
    {
        int n = vectors[0].Length, blocks = (n + RowBlock - 1) / RowBlock;
        for (int r = 0; r < result.Length; r++) result[r] = new double[n];
        Parallel.For(0, blocks, ThreadBudget.Options, block =>
        {
            int start = block * RowBlock, length = Math.Min(RowBlock, n - start);
            for (int r = 0; r < result.Length; r++)
            {
                var target = new Span<double>(result[r], start, length);
                for (int j = 0; j < size; j++)
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(vectors[j], start, length), coefficients[r][j], target, target);
            }
        });
    }

    /// <summary>Small graphs: M as a dense matrix and torch.linalg.eigh.</summary>
    private static double[] DenseEigenvectors(SparseGraph graph, double[] degreeRoot, int dim)
    {
        int n = graph.Count;
        var dense = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int e = graph.RowStarts[i]; e < graph.RowStarts[i + 1]; e++)
                dense[i * n + graph.Columns[e]] += degreeRoot[i] * graph.Values[e] * degreeRoot[graph.Columns[e]];
        using var scope = torch.NewDisposeScope();
        var h = torch.tensor(dense, new long[] { n, n }, torch.float64);
        var (_, vectors) = torch.linalg.eigh((h + h.t()) * 0.5);
        double[] all = vectors.contiguous().data<double>().ToArray();
        var result = new double[n * dim];
        for (int d = 0; d < dim; d++)
            for (int i = 0; i < n; i++) result[i * dim + d] = all[i * n + (n - 2 - d)];
        return result;
    }

    private static bool Normalize(double[] v)
    {
        double norm = TensorPrimitives.Norm<double>(v);
        if (!(norm > 1e-12) || !double.IsFinite(norm)) return false;
        TensorPrimitives.Divide(v, norm, v);
        return true;
    }
}
