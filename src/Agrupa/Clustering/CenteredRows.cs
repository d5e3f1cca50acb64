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
        partitions.ForEach(p => partialSums[p] = SumRows(x, d, partitions.Start(p), partitions.Length(p)));
        foreach (double[] sums in partialSums)
            for (int j = 0; j < d; j++) mean[j] += sums[j];
        for (int j = 0; j < d; j++) mean[j] /= n;

        var meanAsFloat = new float[d];
        for (int j = 0; j < d; j++) meanAsFloat[j] = (float)mean[j];
        var centered = new float[x.Length];
        var norms = new double[n];
        var partialSquares = new double[partitions.Count][];
        var partialCentered = new double[partitions.Count][];
        partitions.ForEach(p =>
            (partialCentered[p], partialSquares[p]) = Center(x, d, partitions.Start(p), partitions.Length(p), meanAsFloat, centered, norms));
        // Var(X[:, f]) = E[(x − m)²] − (E[x − m])² with m the float32 mean: the second term is tiny, no cancellation.
        double variance = 0;
        for (int j = 0; j < d; j++)
        {
            double sum = 0, squares = 0;
            for (int p = 0; p < partitions.Count; p++) { sum += partialCentered[p][j]; squares += partialSquares[p][j]; }
            double shift = sum / n;
            variance += Math.Max(0, squares / n - shift * shift);
        }
        variance /= d;
        return new CenteredRows(centered, n, d, mean, norms, weights, variance);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static unsafe double[] SumRows(float[] x, int d, int start, int count)
    {
        var sums = new double[d];
        fixed (float* values = x)
        fixed (double* s = sums)
            for (int i = start; i < start + count; i++) CenterKernels.AddWidened(values + (long)i * d, d, 1.0, s);
        return sums;
    }

    /// <summary>Writes x − mean for rows [start, start + count), their squared norms, and per-feature sums of the
    /// centred values and of their squares (float64).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static unsafe (double[] Sums, double[] Squares) Center(float[] x, int d, int start, int count, float[] mean, float[] centered, double[] norms)
    {
        var sums = new double[d];
        var squares = new double[d];
        fixed (float* values = x)
        fixed (float* m = mean)
        fixed (float* c = centered)
        fixed (double* s = sums)
        fixed (double* q = squares)
            for (int i = start; i < start + count; i++)
            {
                float* row = c + (long)i * d;
                System.Numerics.Tensors.TensorPrimitives.Subtract(new ReadOnlySpan<float>(values + (long)i * d, d), new ReadOnlySpan<float>(m, d), new Span<float>(row, d));
                norms[i] = CenterKernels.SquaredNorm(row, d);
                CenterKernels.AddWidened(row, d, 1.0, s);
                CenterKernels.AddSquaresWidened(row, d, q);
            }
        return (sums, squares);
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
