using Agrupa.Data;

namespace Agrupa.Evaluation;

/// <summary>
/// The Calinski–Harabasz index, or variance ratio criterion (Calinski &amp; Harabasz, Communications in Statistics 3,
/// 1974), as scikit-learn's <c>calinski_harabasz_score</c>: [Σ_k n_k ‖μ_k − μ‖² / (k − 1)] / [Σ_i ‖x_i − μ_(c_i)‖² / (n − k)].
/// </summary>
/// <remarks>
/// Range [0, ∞), higher is better (dense, well-separated clusters); no fixed chance level (random labels give small
/// values). Scale-invariant. When every point equals its cluster mean (no within-cluster dispersion) it is 1.0, as
/// scikit-learn. Needs 2 ≤ clusters ≤ n − 1. One pass over the data in float64: O(n·d), no distances.
/// Every label is a cluster, −1 included; remove noise points first if they should not count.
/// </remarks>
public static class CalinskiHarabasz
{
    /// <summary>The index of <paramref name="labels"/> on <paramref name="features"/> (count × dimensions, row-major).</summary>
    /// <exception cref="ArgumentException">Shapes disagree, or fewer than 2 or more than n − 1 clusters.</exception>
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
        for (int i = 0; i < count; i++)
        {
            int c = encoding.Codes[i];
            for (int j = 0; j < dimensions; j++)
            {
                double difference = features[(long)i * dimensions + j] - means[c * dimensions + j];
                intra += difference * difference;
            }
        }
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
        var means = new double[k * dimensions];
        overall = new double[dimensions];
        for (int i = 0; i < count; i++)
        {
            int offset = encoding.Codes[i] * dimensions;
            for (int j = 0; j < dimensions; j++)
            {
                double value = features[(long)i * dimensions + j];
                means[offset + j] += value;
                overall[j] += value;
            }
        }
        for (int c = 0; c < k; c++)
            for (int j = 0; j < dimensions; j++)
                means[c * dimensions + j] /= encoding.Counts[c];
        for (int j = 0; j < dimensions; j++) overall[j] /= count;
        return means;
    }
}
