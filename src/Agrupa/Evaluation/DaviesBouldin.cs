using Agrupa.Data;

namespace Agrupa.Evaluation;

/// <summary>
/// The Davies–Bouldin index (Davies &amp; Bouldin, IEEE TPAMI 1, 1979), as scikit-learn's <c>davies_bouldin_score</c>:
/// the mean over clusters i of max_(j≠i) (s_i + s_j) / ‖μ_i − μ_j‖, with s_i the mean Euclidean distance of cluster i's
/// points to its centroid μ_i.
/// </summary>
/// <remarks>
/// Range [0, ∞), LOWER is better (the one metric here where it is); 0 when all clusters are points (s = 0) or all
/// centroids coincide, as scikit-learn (which tests both with <c>np.allclose(·, 0)</c>, absolute tolerance 1e-8).
/// Coinciding centroid pairs are skipped (their distance is taken as infinite). Needs 2 ≤ clusters ≤ n − 1.
/// O(n·d + k²·d) in float64. Every label is a cluster, −1 included; remove noise points first if they should not count.
/// </remarks>
public static class DaviesBouldin
{
    /// <summary>The index of <paramref name="labels"/> on <paramref name="features"/> (count × dimensions, row-major).</summary>
    /// <exception cref="ArgumentException">Shapes disagree, a NaN or infinite feature, or fewer than 2 or more than n − 1 clusters.</exception>
    public static double Score(float[] features, int count, int dimensions, IReadOnlyList<int> labels)
    {
        FeatureLabels.Check(features, count, dimensions, labels);
        LabelEncoding encoding = FeatureLabels.EncodeForScore(labels, "Davies–Bouldin");
        int k = encoding.Distinct.Length;
        double[] centroids = CalinskiHarabasz.ClusterMeans(features, count, dimensions, encoding, out _);
        double[] spread = CalinskiHarabasz.SumPerCluster(features, count, dimensions, encoding, centroids, Math.Sqrt);
        for (int c = 0; c < k; c++) spread[c] /= encoding.Counts[c];
        var separation = new double[k, k];
        bool allSeparationsZero = true;
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
            {
                double squared = 0;
                for (int j = 0; j < dimensions; j++)
                {
                    double difference = centroids[a * dimensions + j] - centroids[b * dimensions + j];
                    squared += difference * difference;
                }
                separation[a, b] = Math.Sqrt(squared);
                if (separation[a, b] > 1e-8) allSeparationsZero = false;
            }
        if (spread.All(s => Math.Abs(s) <= 1e-8) || allSeparationsZero) return 0.0;
        double sum = 0;
        for (int a = 0; a < k; a++)
        {
            double worst = double.NegativeInfinity;
            for (int b = 0; b < k; b++)
            {
                double distance = separation[a, b] == 0 ? double.PositiveInfinity : separation[a, b];
                worst = Math.Max(worst, (spread[a] + spread[b]) / distance);
            }
            sum += worst;
        }
        return sum / k;
    }

    /// <summary>The index of <paramref name="labels"/> (one per row) on the rows of <paramref name="data"/>.</summary>
    public static double Score(Dataset data, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Score(data.FeatureArray, data.Count, data.FeatureCount, labels);
    }
}
