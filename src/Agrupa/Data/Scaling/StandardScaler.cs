namespace Agrupa.Data.Scaling;

/// <summary>
/// Z-score per feature: (x − mean) / standard deviation, with the population deviation (ddof = 0) as scikit-learn's
/// StandardScaler (Pedregosa et al., JMLR 2011); a constant feature gets scale 1. Statistics are accumulated in double.
/// </summary>
public sealed class StandardScaler : IScaler
{
    private const double FloatEpsilon = 1.1920928955078125e-07;

    /// <inheritdoc />
    public FittedScaler Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0) throw new ArgumentException("Cannot fit a scaler on 0 rows.", nameof(data));
        int d = data.FeatureCount;
        var mean = new double[d];
        var m2 = new double[d];
        for (int i = 0; i < data.Count; i++)
        {
            ReadOnlySpan<float> row = data.Row(i);
            for (int j = 0; j < d; j++)
            {
                double delta = row[j] - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (row[j] - mean[j]);
            }
        }
        double n = data.Count;
        var offsets = new float[d];
        var scales = new float[d];
        for (int j = 0; j < d; j++)
        {
            double variance = m2[j] / data.Count;
            // scikit-learn's test for a constant feature (_is_constant_feature): the variance is within rounding of 0.
            double bound = n * FloatEpsilon * variance + Math.Pow(n * mean[j] * FloatEpsilon, 2);
            offsets[j] = (float)mean[j];
            scales[j] = variance > bound && (float)Math.Sqrt(variance) != 0 ? (float)Math.Sqrt(variance) : 1f;
        }
        return new FittedScaler("standard", offsets, scales);
    }
}
