namespace Agrupa.Data.Scaling;

/// <summary>
/// A fitted per-feature affine map x' = (x − Offset[j]) / Scale[j]. Immutable and thread-safe. Scales are never 0:
/// a constant feature gets scale 1 (as scikit-learn does), so it maps to a constant and never to NaN.
/// </summary>
public sealed class FittedScaler
{
    private readonly float[] _offsets;
    private readonly float[] _scales;

    /// <summary>Creates the map; <paramref name="offsets"/> and <paramref name="scales"/> have one entry per feature.</summary>
    public FittedScaler(string kind, float[] offsets, float[] scales)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(scales);
        if (offsets.Length != scales.Length || offsets.Length == 0)
            throw new ArgumentException($"Expected as many offsets as scales (at least one); got {offsets.Length} and {scales.Length}.", nameof(scales));
        foreach (float scale in scales)
            if (!(float.IsFinite(scale) && scale != 0)) throw new ArgumentException($"Scales must be finite and non-zero, found {scale}.", nameof(scales));
        Kind = kind;
        _offsets = (float[])offsets.Clone();
        _scales = (float[])scales.Clone();
    }

    /// <summary>Which scaler produced this ("standard", "min-max", "pixel").</summary>
    public string Kind { get; }

    /// <summary>Number of features this map expects.</summary>
    public int FeatureCount => _offsets.Length;

    /// <summary>Per-feature offsets subtracted first.</summary>
    public IReadOnlyList<float> Offsets => _offsets;

    /// <summary>Per-feature divisors applied after the offset.</summary>
    public IReadOnlyList<float> Scales => _scales;

    /// <summary>The scaled copy of <paramref name="data"/> (labels, class names and image shape kept).</summary>
    /// <exception cref="ArgumentException">The feature count differs from the fitted one.</exception>
    public Dataset Transform(Dataset data) => Apply(data, inverse: false);

    /// <summary>Undoes <see cref="Transform"/>.</summary>
    public Dataset InverseTransform(Dataset data) => Apply(data, inverse: true);

    private Dataset Apply(Dataset data, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != FeatureCount)
            throw new ArgumentException($"The scaler was fitted on {FeatureCount} features, the data has {data.FeatureCount}.", nameof(data));
        float[] source = data.FeatureArray;
        var result = new float[source.Length];
        int d = FeatureCount;
        Parallel.For(0, data.Count, Runtime.ThreadBudget.Options, row =>
        {
            long start = (long)row * d;
            for (int j = 0; j < d; j++)
                result[start + j] = inverse ? source[start + j] * _scales[j] + _offsets[j] : (source[start + j] - _offsets[j]) / _scales[j];
        });
        return data.WithFeatures(result, d, keepImageShape: true);
    }
}
