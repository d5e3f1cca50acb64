using System.Runtime.CompilerServices;

namespace Agrupa.Reduction;

/// <summary>
/// x^b for one fixed exponent b by linear interpolation in a table over x ∈ [2^−40, 2^40): 256 segments per octave,
/// indexed straight from the float's exponent and top mantissa bits. Relative error ≤ |b(b − 1)|/8 · 256^−2 (below 2e-7
/// for UMAP's b ≈ 0.8–0.9); x outside the range falls back to <see cref="MathF.Pow(float, float)"/>. UMAP's layout
/// evaluates d^(2b) hundreds of millions of times, each in a chain of dependent updates, so the latency of
/// <c>powf</c> (≈ 20 ns here) was a third of the layout's time; a table lookup is a few loads and one multiply-add.
/// </summary>
internal sealed class PowerTable
{
    private const int MantissaBits = 8;
    private const int LowestExponent = -40, HighestExponent = 40;
    private const int Shift = 23 - MantissaBits;
    private const int FirstKey = (LowestExponent + 127) << MantissaBits;
    private const float FractionScale = 1f / (1 << Shift);
    private readonly float[] _values;
    private readonly float _exponent;

    /// <summary>Tabulates x^<paramref name="exponent"/>.</summary>
    public PowerTable(float exponent)
    {
        _exponent = exponent;
        int segments = (HighestExponent - LowestExponent) << MantissaBits;
        _values = new float[segments + 1];
        for (int s = 0; s <= segments; s++)
        {
            double x = Math.Pow(2, LowestExponent + (s >> MantissaBits)) * (1 + (s & ((1 << MantissaBits) - 1)) / (double)(1 << MantissaBits));
            _values[s] = (float)Math.Pow(x, exponent);
        }
    }

    /// <summary>x^b for x &gt; 0 (x ≤ 0, NaN and ∞ go to <see cref="MathF.Pow(float, float)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Pow(float x)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        uint key = (uint)((bits >> Shift) - FirstKey);
        if (key >= (uint)(_values.Length - 1)) return MathF.Pow(x, _exponent);
        float t = (bits & ((1 << Shift) - 1)) * FractionScale;
        float low = _values[key];
        return low + (_values[key + 1] - low) * t;
    }
}
