namespace Agrupa.Data;

/// <summary>Rejects NaN and infinite feature values with a message naming the first offending row and feature.</summary>
internal static class FiniteCheck
{
    /// <summary>Throws <see cref="ArgumentException"/> if any value of the row-major n×<paramref name="features"/> array is not finite.</summary>
    public static void Require(float[] values, int features, string method, string parameterName)
    {
        int bad = FirstNonFinite(values);
        if (bad < 0) return;
        float value = values[bad];
        string what = float.IsNaN(value) ? "NaN" : value > 0 ? "+∞" : "−∞";
        throw new ArgumentException(
            $"{method} needs finite values: row {bad / features}, feature {bad % features} is {what} (rows and features count from 0).",
            parameterName);
    }

    private static int FirstNonFinite(float[] values)
    {
        // A block's sum × 0 is 0 when every value is finite and NaN otherwise (or when the sum overflows, which the
        // element scan then clears); summing blocks keeps the common case vectorised.
        const int Block = 1 << 14;
        for (int start = 0; start < values.Length; start += Block)
        {
            var span = new ReadOnlySpan<float>(values, start, Math.Min(Block, values.Length - start));
            float sum = System.Numerics.Tensors.TensorPrimitives.Sum(span) * 0f;
            if (float.IsFinite(sum)) continue;
            for (int i = 0; i < span.Length; i++)
                if (!float.IsFinite(span[i])) return start + i;
        }
        return -1;
    }
}
