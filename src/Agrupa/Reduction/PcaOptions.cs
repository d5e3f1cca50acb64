namespace Agrupa.Reduction;

/// <summary>
/// Options for <see cref="Pca"/>. Defaults follow scikit-learn's <c>PCA</c> (Pedregosa et al., JMLR 2011) and its
/// <c>randomized_svd</c> (Halko, Martinsson &amp; Tropp, "Finding structure with randomness", SIAM Review 2011).
/// </summary>
public sealed record PcaOptions
{
    /// <summary>Number of principal components kept; at least 1 and at most min(rows, features).</summary>
    public int Components { get; init; } = 2;

    /// <summary>
    /// Divide each component score by the square root of its explained variance so that the output has unit variance
    /// per component (scikit-learn's <c>whiten</c>, default false).
    /// </summary>
    public bool Whiten { get; init; }

    /// <summary>The solver; <see cref="PcaSolver.Auto"/> picks as scikit-learn ≥ 1.5 does.</summary>
    public PcaSolver Solver { get; init; } = PcaSolver.Auto;

    /// <summary>Extra random directions of the randomized solver (scikit-learn's <c>n_oversamples</c>, default 10). At least 0.</summary>
    public int Oversamples { get; init; } = 10;

    /// <summary>
    /// Power iterations of the randomized solver; null = scikit-learn's 'auto': 7 when Components &lt; 0.1 min(n, d),
    /// else 4. Each iteration is renormalised by an LU factorisation (none when at most 2 iterations), as scikit-learn.
    /// </summary>
    public int? PowerIterations { get; init; }

    /// <summary>Seed of the randomized solver's Gaussian test matrix.</summary>
    public int Seed { get; init; }
}
