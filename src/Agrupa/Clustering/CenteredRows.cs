using Agrupa.Data;

namespace Agrupa.Clustering;

/// <summary>
/// The training rows of k-means with the feature means subtracted (scikit-learn centres dense data before its
/// distance computations for precision, then adds the mean back to the centres), their squared norms, the sample
/// weights and the mean feature variance used to scale the tolerance. Checks that every value is finite.
/// </summary>
internal sealed class CenteredRows
{
    private CenteredRows(float[] values, int count, int features, double[] mean, double[] squaredNorms, double[]? weights, double meanVariance)
    {
        Values = values;
        Count = count;
        Features = features;
        Mean = mean;
        SquaredNorms = squaredNorms;
        Weights = weights;
        MeanVariance = meanVariance;
    }

    /// <summary>Row-major n×d centred values (float32, like the input).</summary>
    public float[] Values { get; }

    public int Count { get; }

    public int Features { get; }

    /// <summary>Feature means that were subtracted (float64).</summary>
    public double[] Mean { get; }

    /// <summary>‖x − mean‖² per row, float64.</summary>
    public double[] SquaredNorms { get; }

    /// <summary>Sample weights, or null when all are 1.</summary>
    public double[]? Weights { get; }

    /// <summary>Mean over features of the (unweighted, population) variance, as scikit-learn's <c>_tolerance</c>.</summary>
    public double MeanVariance { get; }

    /// <summary>Weight of row <paramref name="i"/>.</summary>
    public double Weight(int i) => Weights is null ? 1.0 : Weights[i];

    /// <summary>
    /// Centres <paramref name="data"/>; throws <see cref="ArgumentException"/> naming the first row and feature that
    /// is NaN or infinite, and for sample weights of the wrong length, negative, non-finite or all zero.
    /// </summary>
    public static CenteredRows From(Dataset data, IReadOnlyList<double>? sampleWeights, string method)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Count, d = data.FeatureCount;
        float[] x = data.FeatureArray;
        FiniteCheck.Require(x, d, method, nameof(data));
        double[]? weights = CheckWeights(sampleWeights, n);

        var mean = new double[d];
        var partitions = new RowPartitions(n);
        var partialSums = new double[partitions.Count][];
        partitions.ForEach(p =>
        {
            var sums = new double[d];
            int start = partitions.Start(p), end = start + partitions.Length(p);
            for (int i = start; i < end; i++)
            {
                int offset = i * d;
                for (int j = 0; j < d; j++) sums[j] += x[offset + j];
            }
            partialSums[p] = sums;
        });
        foreach (double[] sums in partialSums)
            for (int j = 0; j < d; j++) mean[j] += sums[j];
        for (int j = 0; j < d; j++) mean[j] /= n;

        var meanAsFloat = new float[d];
        for (int j = 0; j < d; j++) meanAsFloat[j] = (float)mean[j];
        var centered = new float[x.Length];
        var norms = new double[n];
        var partialSquares = new double[partitions.Count][];
        partitions.ForEach(p =>
        {
            var squares = new double[d];
            int start = partitions.Start(p), end = start + partitions.Length(p);
            for (int i = start; i < end; i++)
            {
                int offset = i * d;
                double norm = 0;
                for (int j = 0; j < d; j++)
                {
                    float value = x[offset + j] - meanAsFloat[j];
                    centered[offset + j] = value;
                    norm += (double)value * value;
                    double exact = x[offset + j] - mean[j];
                    squares[j] += exact * exact;
                }
                norms[i] = norm;
            }
            partialSquares[p] = squares;
        });
        double variance = 0;
        foreach (double[] squares in partialSquares)
            for (int j = 0; j < d; j++) variance += squares[j];
        variance /= (double)n * d;
        return new CenteredRows(centered, n, d, mean, norms, weights, variance);
    }

    private static double[]? CheckWeights(IReadOnlyList<double>? sampleWeights, int n)
    {
        if (sampleWeights is null) return null;
        if (sampleWeights.Count != n)
            throw new ArgumentException($"Expected {n} sample weights (one per row), got {sampleWeights.Count}.", nameof(sampleWeights));
        var weights = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double w = sampleWeights[i];
            if (!double.IsFinite(w) || w < 0)
                throw new ArgumentException($"Sample weight of row {i} is {w}; weights must be finite and ≥ 0.", nameof(sampleWeights));
            weights[i] = w;
            total += w;
        }
        if (total <= 0) throw new ArgumentException("All sample weights are zero.", nameof(sampleWeights));
        return weights;
    }
}
