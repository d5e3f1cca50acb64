namespace Agrupa.Data.Scaling;

/// <summary>
/// Global pixel scaling: every value divided by <see cref="Divisor"/> (255 for 8-bit images → [0, 1]), the usual
/// preprocessing of MNIST-like data in the deep-clustering papers (e.g. DEC, Xie et al. ICML 2016; DCEC, Guo et al.
/// ICONIP 2017). Nothing is learned: <see cref="Fit"/> only records the feature count.
/// </summary>
public sealed class PixelScaler(float divisor = 255f) : IScaler
{
    /// <summary>The divisor; finite and positive.</summary>
    public float Divisor { get; } = float.IsFinite(divisor) && divisor > 0
        ? divisor
        : throw new ArgumentOutOfRangeException(nameof(divisor), divisor, "Divisor must be finite and positive.");

    /// <inheritdoc />
    public FittedScaler Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new FittedScaler("pixel", new float[data.FeatureCount], Enumerable.Repeat(Divisor, data.FeatureCount).ToArray());
    }
}
