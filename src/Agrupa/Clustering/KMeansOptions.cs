namespace Agrupa.Clustering;

/// <summary>
/// Options for <see cref="KMeans"/>. Defaults follow scikit-learn's <c>KMeans</c> (Pedregosa et al., JMLR 12, 2011;
/// <c>sklearn/cluster/_kmeans.py</c>); seeding is greedy k-means++ (Arthur &amp; Vassilvitskii, "k-means++: the
/// advantages of careful seeding", SODA 2007) with 2 + ⌊ln k⌋ local trials per centre, as scikit-learn does.
/// </summary>
public sealed record KMeansOptions
{
    /// <summary>Number of clusters k; at least 1 and at most the number of rows. scikit-learn's default is 8.</summary>
    public int Clusters { get; init; } = 8;

    /// <summary>
    /// Independent runs (scikit-learn's <c>n_init</c>), each with its own k-means++ seeding; the run with the lowest
    /// inertia is kept. At least 1. scikit-learn ≥ 1.4 uses 1 for k-means++ (<c>n_init='auto'</c>); the deep
    /// clustering papers (DEC, IDEC, DCEC) initialise with 20.
    /// </summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Maximum Lloyd iterations per run (scikit-learn: 300). At least 1.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>
    /// Relative tolerance on the centre shift (scikit-learn: 1e-4): a run stops when the summed squared centre shift
    /// of an iteration is at most <c>Tolerance × mean over features of Var(X[:, f])</c> (scikit-learn's
    /// <c>_tolerance</c>), or as soon as no label changes. 0 means "only stop when labels no longer change".
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Seed of the k-means++ seeding; the same seed and data give the same result.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Initial centres (k × features, row-major) instead of k-means++; then only one run is made (a warning is
    /// reported when <see cref="Restarts"/> &gt; 1, as scikit-learn warns).
    /// </summary>
    public IReadOnlyList<float>? InitialCenters { get; init; }
}
