using System.Globalization;

namespace Agrupa.Experiments;

/// <summary>Mean and sample standard deviation (n − 1 in the denominator; 0 for a single value) of a set of runs.</summary>
/// <param name="Mean">Arithmetic mean (NaN when there are no values).</param>
/// <param name="StandardDeviation">Sample standard deviation.</param>
/// <param name="Count">Number of values.</param>
public readonly record struct MeanDeviation(double Mean, double StandardDeviation, int Count)
{
    /// <summary>Mean and sample standard deviation of <paramref name="values"/>.</summary>
    public static MeanDeviation Of(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        if (v.Length == 0) return new MeanDeviation(double.NaN, double.NaN, 0);
        double mean = v.Average();
        double deviation = v.Length == 1 ? 0 : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return new MeanDeviation(mean, deviation, v.Length);
    }

    /// <summary>"0.6360 ± 0.0120" with <paramref name="digits"/> decimals; "–" when empty.</summary>
    public string Format(int digits = 4)
    {
        if (Count == 0) return "–";
        string format = "F" + digits.ToString(CultureInfo.InvariantCulture);
        return Count == 1
            ? Mean.ToString(format, CultureInfo.InvariantCulture)
            : $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {StandardDeviation.ToString(format, CultureInfo.InvariantCulture)}";
    }
}
