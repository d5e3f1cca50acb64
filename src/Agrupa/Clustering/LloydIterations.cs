using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// One k-means run by Lloyd's algorithm on centred rows, as scikit-learn's <c>_kmeans_single_lloyd</c>: each iteration
/// assigns every row to its nearest centre and moves each centre to the weighted mean of its rows (one fused pass over
/// the data, <see cref="CenterKernels"/>); empty clusters are relocated to the rows farthest from their centres
/// (<c>_relocate_empty_clusters_dense</c>); the run stops when no label changes ("strict convergence") or when the summed
/// squared centre shift is at most the tolerance; if it stopped otherwise, a final assignment step makes the labels
/// those of the returned centres. The inertia is then computed exactly, Σ w‖x − c‖² in float64.
/// </summary>
internal static unsafe class LloydIterations
{
    /// <summary>The outcome of one run (centres still centred).</summary>
    public sealed record Result(float[] Centers, int[] Labels, double Inertia, int Iterations);

    public static Result Run(CenteredRows rows, float[] initialCenters, int k, int maxIterations, double tolerance,
        Action<int, double, double>? reportIteration, CancellationToken cancellationToken)
    {
        int n = rows.Count, d = rows.Features;
        var partitions = new RowPartitions(n, CenterKernels.PartitionRows, (int)Math.Max(1, 16_000_000L / Math.Max(1L, (long)k * d)));
        var centers = (float[])initialCenters.Clone();
        var newCenters = new float[centers.Length];
        var labels = new int[n];
        Array.Fill(labels, -1);
        var sums = new double[partitions.Count][];
        var weights = new double[partitions.Count][];
        var changed = new int[partitions.Count];
        var approximateInertia = new double[partitions.Count];
        for (int p = 0; p < partitions.Count; p++) { sums[p] = new double[(long)k * d]; weights[p] = new double[k]; }
        var totalSums = new double[(long)k * d];
        var totalWeights = new double[k];
        var norms = new float[k];

        bool strictConvergence = false;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iteration++;
            CenterNorms(centers, k, d, norms);
            partitions.ForEach(p => AssignAndSum(rows, partitions, p, centers, norms, k, labels, sums[p], weights[p], out changed[p], out approximateInertia[p]),
                cancellationToken);
            Reduce(sums, weights, totalSums, totalWeights);
            RelocateEmptyClusters(rows, centers, labels, totalSums, totalWeights, k);
            Average(totalSums, totalWeights, k, d, newCenters);
            double shift = SquaredShift(centers, newCenters);
            (centers, newCenters) = (newCenters, centers);
            int labelChanges = changed.Sum();
            reportIteration?.Invoke(iteration, approximateInertia.Sum(), shift);
            if (labelChanges == 0) { strictConvergence = true; break; }
            if (shift <= tolerance) break;
        }
        if (!strictConvergence)
        {
            CenterNorms(centers, k, d, norms);
            partitions.ForEach(p =>
            {
                fixed (float* x = rows.Values)
                fixed (float* c = centers)
                fixed (float* cn = norms)
                fixed (int* l = labels)
                {
                    Span<float> dotBuffer = 4 * k <= 16384 ? stackalloc float[4 * k] : new float[4 * k];
                    fixed (float* dots = dotBuffer)
                    {
                    int start = partitions.Start(p);
                    CenterKernels.Nearest(x + (long)start * d, partitions.Length(p), d, c, cn, k, l + start, null, null, dots);
                    }
                }
            }, cancellationToken);
        }
        return new Result(centers, labels, Inertia(rows, centers, labels, partitions), iteration);
    }

    /// <summary>Σ w‖x − c(label)‖² in float64, reduced in partition order.</summary>
    public static double Inertia(CenteredRows rows, float[] centers, int[] labels, RowPartitions partitions)
    {
        int d = rows.Features;
        var partial = new double[partitions.Count];
        partitions.ForEach(p =>
        {
            double sum = 0;
            int start = partitions.Start(p), end = start + partitions.Length(p);
            fixed (float* x = rows.Values)
            fixed (float* c = centers)
                for (int i = start; i < end; i++)
                    sum += rows.Weight(i) * CenterKernels.SquaredDistance(x + (long)i * d, c + (long)labels[i] * d, d);
            partial[p] = sum;
        });
        return partial.Sum();
    }

    internal static void CenterNorms(float[] centers, int k, int d, float[] norms)
    {
        fixed (float* c = centers)
            for (int j = 0; j < k; j++) norms[j] = CenterKernels.Dot(c + (long)j * d, c + (long)j * d, d);
    }

    /// <summary>Rows whose float32 sums are gathered before they are added to the float64 partition sums.</summary>
    private const int FlushRows = 256;

    /// <summary>
    /// Assigns the rows of partition <paramref name="p"/> to their nearest centres and sums them per centre: a row is
    /// added to a float32 block sum while still in cache, and block sums (at most <see cref="FlushRows"/> rows) are added
    /// to the float64 partition sums.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void AssignAndSum(CenteredRows rows, RowPartitions partitions, int p, float[] centers, float[] norms, int k,
        int[] labels, double[] sums, double[] weights, out int changed, out double approximateInertia)
    {
        int d = rows.Features;
        Array.Clear(sums);
        Array.Clear(weights);
        int start = partitions.Start(p), end = start + partitions.Length(p);
        int changes = 0;
        double inertia = 0;
        var blockSums = new float[(long)k * d];
        Span<float> dotBuffer = 4 * k <= 16384 ? stackalloc float[4 * k] : new float[4 * k];
        fixed (float* dots = dotBuffer)
        fixed (float* x = rows.Values)
        fixed (float* c = centers)
        fixed (float* cn = norms)
        fixed (float* bs = blockSums)
        fixed (double* s = sums)
            for (int blockStart = start; blockStart < end; blockStart += FlushRows)
            {
                int blockEnd = Math.Min(end, blockStart + FlushRows);
                for (int i = blockStart; i < blockEnd; i += 4)
                {
                    int block = Math.Min(4, blockEnd - i);
                    float* row = x + (long)i * d;
                    CenterKernels.Dots(row, block, d, c, k, dots);
                    for (int r = 0; r < block; r++)
                    {
                        float* dr = dots + r * k;
                        int best = 0;
                        float bestValue = cn[0] - 2 * dr[0];
                        for (int j = 1; j < k; j++)
                        {
                            float value = cn[j] - 2 * dr[j];
                            if (value < bestValue) { bestValue = value; best = j; }
                        }
                        int index = i + r;
                        if (labels[index] != best) { changes++; labels[index] = best; }
                        double w = rows.Weight(index);
                        CenterKernels.AddScaled(row + (long)r * d, d, (float)w, bs + (long)best * d);
                        weights[best] += w;
                        inertia += w * Math.Max(0.0, rows.SquaredNorms[index] + bestValue);
                    }
                }
                CenterKernels.AddWidened(bs, k * d, 1.0, s);
                new Span<float>(bs, k * d).Clear();
            }
        changed = changes;
        approximateInertia = inertia;
    }

    private static void Reduce(double[][] sums, double[][] weights, double[] totalSums, double[] totalWeights)
    {
        Array.Copy(sums[0], totalSums, totalSums.Length);
        Array.Copy(weights[0], totalWeights, totalWeights.Length);
        for (int p = 1; p < sums.Length; p++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(totalSums, sums[p], totalSums);
            System.Numerics.Tensors.TensorPrimitives.Add(totalWeights, weights[p], totalWeights);
        }
    }

    /// <summary>
    /// scikit-learn's <c>_relocate_empty_clusters_dense</c>: each empty cluster takes one of the rows farthest from
    /// their current centres (farthest first, ties by row index), which leaves its old cluster. Nothing moves when
    /// every row sits on its centre (fewer distinct rows than clusters).
    /// </summary>
    private static void RelocateEmptyClusters(CenteredRows rows, float[] oldCenters, int[] labels, double[] sums, double[] weights, int k)
    {
        var empty = Enumerable.Range(0, k).Where(j => weights[j] == 0).ToArray();
        if (empty.Length == 0) return;
        int n = rows.Count, d = rows.Features;
        var distances = new double[n];
        var partitions = new RowPartitions(n);
        partitions.ForEach(p =>
        {
            int start = partitions.Start(p), end = start + partitions.Length(p);
            fixed (float* x = rows.Values)
            fixed (float* c = oldCenters)
                for (int i = start; i < end; i++)
                    distances[i] = CenterKernels.SquaredDistance(x + (long)i * d, c + (long)labels[i] * d, d);
        });
        if (distances.Max() == 0) return;
        var farthest = Enumerable.Range(0, n).OrderByDescending(i => distances[i]).ThenBy(i => i).Take(empty.Length).ToArray();
        fixed (float* x = rows.Values)
        fixed (double* s = sums)
            for (int e = 0; e < empty.Length; e++)
            {
                int row = farthest[e], target = empty[e], source = labels[row];
                double w = rows.Weight(row);
                float* values = x + (long)row * d;
                double* from = s + (long)source * d, to = s + (long)target * d;
                for (int j = 0; j < d; j++)
                {
                    from[j] -= w * values[j];
                    to[j] = w * values[j];
                }
                weights[target] = w;
                weights[source] -= w;
            }
    }

    /// <summary>
    /// Centres = sums / weights; a cluster still empty takes the position of the heaviest cluster (as scikit-learn's
    /// <c>_average_centers</c>, which places it there "for convenience" rather than at the origin).
    /// </summary>
    private static void Average(double[] sums, double[] weights, int k, int d, float[] centers)
    {
        int heaviest = 0;
        for (int j = 1; j < k; j++) if (weights[j] > weights[heaviest]) heaviest = j;
        for (int j = 0; j < k; j++)
        {
            int source = weights[j] > 0 ? j : heaviest;
            double scale = 1.0 / weights[source];
            for (int f = 0; f < d; f++) centers[(long)j * d + f] = (float)(sums[(long)source * d + f] * scale);
        }
    }

    private static double SquaredShift(float[] oldCenters, float[] newCenters)
    {
        double total = 0;
        for (int i = 0; i < oldCenters.Length; i++)
        {
            double diff = (double)newCenters[i] - oldCenters[i];
            total += diff * diff;
        }
        return total;
    }
}
