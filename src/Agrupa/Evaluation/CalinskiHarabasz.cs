using Agrupa.Data;
using Agrupa.Runtime;

namespace Agrupa.Evaluation;

/// <summary>
/// The Calinski–Harabasz index, or variance ratio criterion (Calinski &amp; Harabasz, Communications in Statistics 3,
/// 1974), as scikit-learn's <c>calinski_harabasz_score</c>: [Σ_k n_k ‖μ_k − μ‖² / (k − 1)] / [Σ_i ‖x_i − μ_(c_i)‖² / (n − k)].
/// </summary>
/// <remarks>
/// Range [0, ∞), higher is better (dense, well-separated clusters); no fixed chance level (random labels give small
/// values). Scale-invariant. When every point equals its cluster mean (no within-cluster dispersion) it is 1.0, as
/// scikit-learn. Needs 2 ≤ clusters ≤ n − 1. Two passes over the data in float64: O(n·d), no distances; rows are
/// summed in fixed chunks in parallel and the chunks added in order, so the thread count does not change the result.
/// Every label is a cluster, −1 included; remove noise points first if they should not count.
/// </remarks>
public static class CalinskiHarabasz
{
    /// <summary>The index of <paramref name="labels"/> on <paramref name="features"/> (count × dimensions, row-major).</summary>
    /// <exception cref="ArgumentException">Shapes disagree, a NaN or infinite feature, or fewer than 2 or more than n − 1 clusters.</exception>
    public static double Score(float[] features, int count, int dimensions, IReadOnlyList<int> labels)
    {
        FeatureLabels.Check(features, count, dimensions, labels);
        LabelEncoding encoding = FeatureLabels.EncodeForScore(labels, "Calinski–Harabasz");
        int k = encoding.Distinct.Length;
        double[] means = ClusterMeans(features, count, dimensions, encoding, out double[] overall);
        double extra = 0, intra = 0;
        for (int c = 0; c < k; c++)
        {
            double squared = 0;
            for (int j = 0; j < dimensions; j++)
            {
                double difference = means[c * dimensions + j] - overall[j];
                squared += difference * difference;
            }
            extra += encoding.Counts[c] * squared;
        }
        foreach (double sum in SumPerCluster(features, count, dimensions, encoding, means, squared => squared)) intra += sum;
        return intra == 0.0 ? 1.0 : extra * (count - k) / (intra * (k - 1.0));
    }

    /// <summary>The index of <paramref name="labels"/> (one per row) on the rows of <paramref name="data"/>.</summary>
    public static double Score(Dataset data, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Score(data.FeatureArray, data.Count, data.FeatureCount, labels);
    }

    /// <summary>Cluster means (clusters × dimensions, float64) and the overall mean.</summary>
    internal static double[] ClusterMeans(float[] features, int count, int dimensions, LabelEncoding encoding, out double[] overall)
    {
        int k = encoding.Distinct.Length;
        int chunks = Chunks(count, Math.Max(1, 8_000_000 / ((long)k * dimensions)));
        var partial = new double[chunks][];
        Parallel.For(0, chunks, ThreadBudget.Options, chunk =>
        {
            var sums = new double[k * dimensions];
            (int from, int to) = ChunkRange(count, chunks, chunk);
            for (int i = from; i < to; i++)
            {
                int offset = encoding.Codes[i] * dimensions;
                ReadOnlySpan<float> row = features.AsSpan((int)((long)i * dimensions), dimensions);
                for (int j = 0; j < dimensions; j++) sums[offset + j] += row[j];
            }
            partial[chunk] = sums;
        });
        var means = new double[k * dimensions];
        foreach (double[] sums in partial)   // in chunk order: the result does not depend on the thread count
            for (int t = 0; t < means.Length; t++) means[t] += sums[t];
        overall = new double[dimensions];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < dimensions; j++)
                overall[j] += means[c * dimensions + j];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < dimensions; j++)
                means[c * dimensions + j] /= encoding.Counts[c];
        for (int j = 0; j < dimensions; j++) overall[j] /= count;
        return means;
    }

    /// <summary>
    /// Per cluster, Σ over its rows of <paramref name="transform"/>(squared distance to the cluster mean), summed per fixed chunk of
    /// rows in parallel and then in chunk order (deterministic for any thread count). Returns per-cluster sums.
    /// </summary>
    internal static double[] SumPerCluster(float[] features, int count, int dimensions, LabelEncoding encoding, double[] means,
        Func<double, double> transform)
    {
        int k = encoding.Distinct.Length;
        int chunks = Chunks(count, Math.Max(1, 8_000_000 / k));
        var partial = new double[chunks][];
        Parallel.For(0, chunks, ThreadBudget.Options, chunk =>
        {
            var sums = new double[k];
            (int from, int to) = ChunkRange(count, chunks, chunk);
            for (int i = from; i < to; i++)
            {
                int c = encoding.Codes[i];
                ReadOnlySpan<float> row = features.AsSpan((int)((long)i * dimensions), dimensions);
                ReadOnlySpan<double> mean = means.AsSpan(c * dimensions, dimensions);
                double squared = 0;
                for (int j = 0; j < dimensions; j++)
                {
                    double difference = row[j] - mean[j];
                    squared += difference * difference;
                }
                sums[c] += transform(squared);
            }
            partial[chunk] = sums;
        });
        var total = new double[k];
        foreach (double[] sums in partial)
            for (int c = 0; c < k; c++) total[c] += sums[c];
        return total;
    }

    private static int Chunks(int count, long maxChunks) => (int)Math.Clamp(Math.Min(64, count / 256 + 1), 1, maxChunks);

    private static (int From, int To) ChunkRange(int count, int chunks, int chunk) =>
        ((int)((long)count * chunk / chunks), (int)((long)count * (chunk + 1) / chunks));
}
