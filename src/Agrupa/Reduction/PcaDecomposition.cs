using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Reduction;

/// <summary>
/// The three PCA solvers on an already centred float32 n×d tensor; each returns the leading k right singular vectors
/// (row-major k×d, float32) and the k singular values, largest first. Inputs are assumed validated.
/// </summary>
internal static class PcaDecomposition
{
    /// <summary>Exact thin SVD in float64 (scikit-learn's 'full').</summary>
    public static (float[] Components, double[] SingularValues) FullSvd(TorchTensor centred, int k)
    {
        using var scope = torch.NewDisposeScope();
        var (_, s, vh) = torch.linalg.svd(centred.to_type(torch.float64), fullMatrices: false);
        return (ToFloat(vh.narrow(0, 0, k)), ToDouble(s.narrow(0, 0, k)));
    }

    /// <summary>
    /// Exact: C = Xᵀ X (d×d; the product in float32 like scikit-learn on float32 input, the decomposition in float64),
    /// eigen decomposition, eigenvalues λ = s² (scikit-learn's 'covariance_eigh'). With <paramref name="mean"/> the rows
    /// are not centred and C = Xᵀ X − n μ μᵀ, as scikit-learn computes it. Costs n d² for the product and d³ for the
    /// decomposition; best for tall data.
    /// </summary>
    public static (float[] Components, double[] SingularValues) CovarianceEigh(TorchTensor rows, double[]? mean, int k)
    {
        using var scope = torch.NewDisposeScope();
        TorchTensor gram = Gram(rows).to_type(torch.float64);
        if (mean is not null)
        {
            TorchTensor mu = torch.tensor(mean);
            gram = gram - rows.shape[0] * mu.unsqueeze(1).matmul(mu.unsqueeze(0));
        }
        var (values, vectors) = torch.linalg.eigh(gram);            // ascending
        int d = (int)values.shape[0];
        TorchTensor top = vectors.narrow(1, d - k, k).flip(1).t();   // k×d, descending
        double[] lambdas = ToDouble(values.narrow(0, d - k, k).flip(0));
        var singular = lambdas.Select(l => Math.Sqrt(Math.Max(l, 0))).ToArray();
        return (ToFloat(top), singular);
    }

    /// <summary>
    /// Xᵀ X for float32 X, computed as its upper block triangle (AᵀA, AᵀB, BᵀB for X = [A B]) and mirrored: three
    /// quarters of the full product's work, which is what a symmetric rank-k update (numpy's <c>X.T @ X</c>) saves.
    /// </summary>
    private static TorchTensor Gram(TorchTensor x)
    {
        int d = (int)x.shape[1];
        if (d < 256) return x.t().matmul(x);
        int h = d / 2;
        TorchTensor a = x.narrow(1, 0, h), b = x.narrow(1, h, d - h);
        TorchTensor ab = a.t().matmul(b);
        TorchTensor top = torch.cat([a.t().matmul(a), ab], 1);
        TorchTensor bottom = torch.cat([ab.t(), b.t().matmul(b)], 1);
        return torch.cat([top, bottom], 0);
    }

    /// <summary>
    /// Randomized truncated SVD as scikit-learn's <c>randomized_svd</c>: Q from X Ω (Ω Gaussian d×(k + oversamples)),
    /// <paramref name="powerIterations"/> rounds of Q ← lu(Xᵀ Q), Q ← lu(X Q) (no normaliser when at most 2 rounds), a QR,
    /// then the exact SVD of the small Qᵀ X.
    /// </summary>
    public static (float[] Components, double[] SingularValues) Randomized(TorchTensor centred, int k, int oversamples, int powerIterations, int seed)
    {
        using var scope = torch.NewDisposeScope();
        int n = (int)centred.shape[0], d = (int)centred.shape[1];
        int size = Math.Min(k + oversamples, Math.Min(n, d));
        var generator = new torch.Generator((ulong)seed);
        TorchTensor q = torch.randn(new long[] { d, size }, dtype: torch.float32, generator: generator);
        bool normalise = powerIterations > 2;
        for (int i = 0; i < powerIterations; i++)
        {
            q = centred.matmul(q);
            if (normalise) q = PermutedLower(q);
            q = centred.t().matmul(q);
            if (normalise) q = PermutedLower(q);
        }
        var (basis, _) = torch.linalg.qr(centred.matmul(q), torch.linalg.QRMode.Reduced);
        TorchTensor small = basis.t().matmul(centred).to_type(torch.float64);   // size×d
        var (_, s, vh) = torch.linalg.svd(small, fullMatrices: false);
        return (ToFloat(vh.narrow(0, 0, k)), ToDouble(s.narrow(0, 0, k)));
    }

    /// <summary>P L of a partial-pivot LU factorisation (SciPy's <c>lu(permute_l=True)</c>): a cheap, stable renormalisation.</summary>
    private static TorchTensor PermutedLower(TorchTensor a)
    {
        var (lu, pivots) = torch.linalg.lu_factor(a);
        ArgumentNullException.ThrowIfNull(pivots);
        int rows = (int)lu.shape[0], columns = (int)lu.shape[1];
        TorchTensor lower = lu.tril(-1) + torch.eye(rows, columns, dtype: lu.dtype);
        float[] values = lower.contiguous().data<float>().ToArray();
        int[] swaps = pivots.to_type(torch.int32).data<int>().ToArray();
        // LAPACK's pivots say: swap row i with row pivots[i] - 1, in order, to get Pᵀ A = L U; undo them on L to get P L.
        for (int i = swaps.Length - 1; i >= 0; i--)
        {
            int other = swaps[i] - 1;
            if (other == i) continue;
            var a1 = values.AsSpan(i * columns, columns);
            var a2 = values.AsSpan(other * columns, columns);
            for (int j = 0; j < columns; j++) (a1[j], a2[j]) = (a2[j], a1[j]);
        }
        return torch.tensor(values, new long[] { rows, columns }, torch.float32);
    }

    /// <summary>
    /// scikit-learn's <c>svd_flip(u_based_decision=False)</c>: each component's largest-magnitude loading made positive
    /// (the first one on ties). In place on a row-major k×d array.
    /// </summary>
    public static void FlipSigns(float[] components, int k, int d)
    {
        for (int c = 0; c < k; c++)
        {
            var row = components.AsSpan(c * d, d);
            int best = 0;
            for (int j = 1; j < d; j++) if (Math.Abs(row[j]) > Math.Abs(row[best])) best = j;
            if (row[best] < 0) foreach (ref float value in row) value = -value;
        }
    }

    private static float[] ToFloat(TorchTensor t)
    {
        using var c = t.to_type(torch.float32).contiguous();
        return c.data<float>().ToArray();
    }

    private static double[] ToDouble(TorchTensor t)
    {
        using var c = t.to_type(torch.float64).contiguous();
        return c.data<double>().ToArray();
    }
}
