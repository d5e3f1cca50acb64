namespace Agrupa.Reduction;

/// <summary>How <see cref="Pca"/> computes the principal axes (scikit-learn's <c>svd_solver</c>).</summary>
public enum PcaSolver
{
    /// <summary>
    /// scikit-learn ≥ 1.5's rule: <see cref="CovarianceEigh"/> for tall data (d ≤ 1000 and n ≥ 10 d); else
    /// <see cref="Full"/> when max(n, d) ≤ 500; else <see cref="Randomized"/> when components &lt; 0.8 min(n, d); else <see cref="Full"/>.
    /// </summary>
    Auto,

    /// <summary>Exact thin SVD of the centred data (LAPACK gesdd through torch.linalg.svd), in float64.</summary>
    Full,

    /// <summary>Exact: d×d covariance matrix in float64, then its symmetric eigen decomposition (torch.linalg.eigh).</summary>
    CovarianceEigh,

    /// <summary>Randomized truncated SVD (Halko, Martinsson &amp; Tropp, SIAM Review 2011) as scikit-learn's <c>randomized_svd</c>.</summary>
    Randomized,
}
