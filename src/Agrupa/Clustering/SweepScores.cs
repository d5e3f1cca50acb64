using Agrupa.Data;

namespace Agrupa.Clustering;

/// <summary>
/// The two internal validity indices that <see cref="ClusterCountSweep"/> needs: the silhouette (Rousseeuw, J. Comput.
/// Appl. Math. 20, 1987) on a fixed random sample of rows, and the Calinski–Harabasz index (Commun. Stat. 3, 1974) on
/// all rows. Kept minimal and internal: once Agrupa.Evaluation's metrics are merged, the sweep should call those.
/// </summary>
internal static unsafe class SweepScores
{
    /// <summary>
    /// Euclidean distances between the rows of a random sample (scikit-learn's <c>silhouette_score(sample_size=…)</c>
    /// draws one the same way), computed once and reused for every k: m×m floats.
    /// </summary>
    public sealed class SilhouetteSample
    {
        private readonly float[] _distances;

        public SilhouetteSample(Dataset data, int sampleSize, int seed)
        {
            int n = data.Count, d = data.FeatureCount;
            int m = Math.Min(sampleSize, n);
            int[] rows = Enumerable.Range(0, n).ToArray();
            if (m < n)
            {
                new Random(seed).Shuffle(rows);
                rows = rows[..m];
                Array.Sort(rows);
            }
            Rows = rows;
            var sample = new float[(long)m * d];
            for (int i = 0; i < m; i++) data.Row(rows[i]).CopyTo(sample.AsSpan(i * d, d));
            _distances = new float[(long)m * m];
            var norms = new double[m];
            var partitions = new RowPartitions(m, 64);
            fixed (float* x = sample)
                for (int i = 0; i < m; i++) norms[i] = CenterKernels.SquaredNorm(x + (long)i * d, d);
            partitions.ForEach(p =>
            {
                int start = partitions.Start(p), end = start + partitions.Length(p);
                var dots = new float[4 * m];
                fixed (float* x = sample)
                fixed (float* dot = dots)
                    for (int i = start; i < end; i += 4)
                    {
                        int block = Math.Min(4, end - i);
                        CenterKernels.Dots(x + (long)i * d, block, d, x, m, dot);
                        for (int r = 0; r < block; r++)
                            for (int j = 0; j < m; j++)
                                _distances[(long)(i + r) * m + j] = i + r == j ? 0f
                                    : (float)Math.Sqrt(Math.Max(0.0, norms[i + r] + norms[j] - 2.0 * dot[r * m + j]));
                    }
            });
        }

        /// <summary>Indices of the sampled rows (ascending).</summary>
        public int[] Rows { get; }

        /// <summary>
        /// Mean silhouette of the sampled rows under <paramref name="labels"/> (labels of all rows; only the sampled ones
        /// are read). A row alone in its cluster scores 0 (scikit-learn's convention); NaN when fewer than two clusters
        /// occur in the sample.
        /// </summary>
        public double Score(IReadOnlyList<int> labels)
        {
            int m = Rows.Length;
            var sampleLabels = Rows.Select(r => labels[r]).ToArray();
            int k = sampleLabels.Max() + 1;
            var sizes = new int[k];
            foreach (int label in sampleLabels) sizes[label]++;
            if (sizes.Count(s => s > 0) < 2) return double.NaN;
            var values = new double[m];
            var partitions = new RowPartitions(m, 64);
            partitions.ForEach(p =>
            {
                var sums = new double[k];
                int start = partitions.Start(p), end = start + partitions.Length(p);
                for (int i = start; i < end; i++)
                {
                    Array.Clear(sums);
                    for (int j = 0; j < m; j++) sums[sampleLabels[j]] += _distances[(long)i * m + j];
                    int own = sampleLabels[i];
                    if (sizes[own] <= 1) { values[i] = 0; continue; }
                    double a = sums[own] / (sizes[own] - 1);
                    double b = double.PositiveInfinity;
                    for (int c = 0; c < k; c++)
                        if (c != own && sizes[c] > 0) b = Math.Min(b, sums[c] / sizes[c]);
                    double denominator = Math.Max(a, b);
                    values[i] = denominator > 0 ? (b - a) / denominator : 0;
                }
            });
            return values.Average();
        }
    }

    /// <summary>
    /// Calinski–Harabasz index [B / (k − 1)] / [W / (n − k)] with B the between-cluster and W the within-cluster sum of
    /// squares (scikit-learn's <c>calinski_harabasz_score</c>); NaN for fewer than two clusters, 1 when W = 0 (as
    /// scikit-learn).
    /// </summary>
    public static double CalinskiHarabasz(Dataset data, IReadOnlyList<int> labels)
    {
        int n = data.Count, d = data.FeatureCount;
        int k = labels.Max() + 1;
        var sums = new double[k * d];
        var sizes = new int[k];
        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = data.Row(i);
            int c = labels[i];
            sizes[c]++;
            for (int j = 0; j < d; j++) { sums[c * d + j] += row[j]; mean[j] += row[j]; }
        }
        int clusters = sizes.Count(s => s > 0);
        if (clusters < 2 || clusters >= n) return double.NaN;
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (int c = 0; c < k; c++)
            if (sizes[c] > 0)
                for (int j = 0; j < d; j++) sums[c * d + j] /= sizes[c];
        double between = 0, within = 0;
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
            {
                double diff = sums[c * d + j] - mean[j];
                between += sizes[c] * diff * diff;
            }
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = data.Row(i);
            int c = labels[i];
            for (int j = 0; j < d; j++)
            {
                double diff = row[j] - sums[c * d + j];
                within += diff * diff;
            }
        }
        return within == 0 ? 1.0 : between * (n - clusters) / (within * (clusters - 1));
    }
}
