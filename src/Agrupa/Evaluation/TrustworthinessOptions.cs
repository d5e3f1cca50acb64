namespace Agrupa.Evaluation;

/// <summary>Options for <see cref="Trustworthiness"/>. Defaults follow scikit-learn's <c>sklearn.manifold.trustworthiness</c>.</summary>
public sealed record TrustworthinessOptions
{
    /// <summary>
    /// Neighbourhood size k (scikit-learn's <c>n_neighbors</c>, default 5). At least 1 and below n / 2
    /// (n the number of points).
    /// </summary>
    public int Neighbors { get; init; } = 5;

    /// <summary>
    /// Score only this many randomly chosen points (their neighbours and ranks are still taken among all n points, so
    /// the result is an unbiased estimate of the full score); null (default) scores every point. Useful from a few
    /// tens of thousands of points on: the full score costs n²·d multiply-adds. At least 1 when set.
    /// </summary>
    public int? SampleSize { get; init; }

    /// <summary>Seed of the subset drawn when <see cref="SampleSize"/> is set.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Query points per block (a block × n float64 distance tile is held at a time). Default 512, lowered automatically so
    /// that a tile stays near 128 MB (228 rows for n = 70,000). At least 1.
    /// </summary>
    public int BlockRows { get; init; } = 512;
}
