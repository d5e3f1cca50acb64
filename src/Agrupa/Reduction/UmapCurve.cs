namespace Agrupa.Reduction;

/// <summary>
/// The low-dimensional similarity 1/(1 + a d^(2b)) and umap-learn's <c>find_ab_params</c>: a, b fitted by least squares
/// to the target curve f(d) = 1 for d &lt; min_dist, exp(−(d − min_dist)/spread) beyond, on 300 points of [0, 3·spread]
/// (umap-learn calls SciPy's curve_fit, i.e. Levenberg–Marquardt from a = b = 1; so does this).
/// </summary>
internal static class UmapCurve
{
    /// <summary>Fitted (a, b) for <paramref name="minDist"/> and <paramref name="spread"/>; about (1.577, 0.895) for (0.1, 1).</summary>
    public static (double A, double B) FindAbParameters(double spread, double minDist)
    {
        const int points = 300;
        var x = new double[points];
        var y = new double[points];
        for (int i = 0; i < points; i++)
        {
            x[i] = 3.0 * spread * i / (points - 1);
            y[i] = x[i] < minDist ? 1.0 : Math.Exp(-(x[i] - minDist) / spread);
        }
        double a = 1, b = 1, lambda = 1e-3;
        double cost = Cost(x, y, a, b);
        for (int iteration = 0; iteration < 500; iteration++)
        {
            // Normal equations of the 2-parameter problem: (JᵀJ + λ diag(JᵀJ)) δ = −Jᵀ r
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (int i = 0; i < points; i++)
            {
                double p = x[i] > 0 ? Math.Pow(x[i], 2 * b) : 0;
                double denominator = 1 + a * p;
                double residual = 1 / denominator - y[i];
                double da = -p / (denominator * denominator);
                double db = x[i] > 0 ? -a * p * 2 * Math.Log(x[i]) / (denominator * denominator) : 0;
                jaa += da * da; jab += da * db; jbb += db * db;
                ga += da * residual; gb += db * residual;
            }
            bool improved = false;
            for (int attempt = 0; attempt < 30 && !improved; attempt++)
            {
                double m11 = jaa * (1 + lambda), m22 = jbb * (1 + lambda), m12 = jab;
                double determinant = m11 * m22 - m12 * m12;
                double stepA = -(m22 * ga - m12 * gb) / determinant;
                double stepB = -(m11 * gb - m12 * ga) / determinant;
                double newCost = Cost(x, y, a + stepA, b + stepB);
                if (newCost < cost)
                {
                    bool converged = Math.Abs(cost - newCost) <= 1e-15 * Math.Max(1, cost) && Math.Abs(stepA) + Math.Abs(stepB) < 1e-12;
                    a += stepA; b += stepB; cost = newCost; lambda = Math.Max(lambda / 10, 1e-12); improved = true;
                    if (converged) return (a, b);
                }
                else lambda *= 10;
            }
            if (!improved) break;
        }
        return (a, b);
    }

    private static double Cost(double[] x, double[] y, double a, double b)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double p = x[i] > 0 ? Math.Pow(x[i], 2 * b) : 0;
            double r = 1 / (1 + a * p) - y[i];
            sum += r * r;
        }
        return double.IsFinite(sum) ? sum : double.PositiveInfinity;
    }
}
