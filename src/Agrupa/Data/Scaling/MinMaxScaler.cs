namespace Agrupa.Data.Scaling;

/// <summary>
/// Min-max per feature to [<see cref="Min"/>, <see cref="Max"/>] (default [0, 1], as scikit-learn's MinMaxScaler);
/// a constant feature (range 0) gets scale 1 and maps to <see cref="Min"/>.
/// </summary>
public sealed class MinMaxScaler : IScaler
{
    /// <summary>Creates the scaler; <paramref name="min"/> must be below <paramref name="max"/>.</summary>
    public MinMaxScaler(float min = 0f, float max = 1f)
    {
        if (!(float.IsFinite(min) && float.IsFinite(max) && min < max))
            throw new ArgumentOutOfRangeException(nameof(min), $"The target range must be finite with min < max; got [{min}, {max}].");
        Min = min;
        Max = max;
    }

    /// <summary>Lower end of the target range.</summary>
    public float Min { get; }

    /// <summary>Upper end of the target range.</summary>
    public float Max { get; }

    /// <inheritdoc />
    public FittedScaler Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0) throw new ArgumentException("Cannot fit a scaler on 0 rows.", nameof(data));
        int d = data.FeatureCount;
        var low = new float[d];
        var high = new float[d];
        data.Row(0).CopyTo(low);
        data.Row(0).CopyTo(high);
        for (int i = 1; i < data.Count; i++)
        {
            ReadOnlySpan<float> row = data.Row(i);
            for (int j = 0; j < d; j++)
            {
                if (row[j] < low[j]) low[j] = row[j];
                if (row[j] > high[j]) high[j] = row[j];
            }
        }
        // x' = (x − low) / range × (Max − Min) + Min  ⇔  (x − offset) / scale with offset = low − Min·s, scale = s = range / (Max − Min).
        var offsets = new float[d];
        var scales = new float[d];
        double width = (double)Max - Min;
        for (int j = 0; j < d; j++)
        {
            double range = (double)high[j] - low[j];
            double scale = range > 0 ? range / width : 1.0;
            if ((float)scale == 0 || !float.IsFinite((float)scale)) scale = 1.0;
            scales[j] = (float)scale;
            offsets[j] = (float)(low[j] - Min * scale);
        }
        return new FittedScaler("min-max", offsets, scales);
    }
}
