namespace Agrupa.Clustering;

/// <summary>
/// Options for <see cref="MiniBatchKMeans"/>. Defaults are scikit-learn's <c>MiniBatchKMeans</c> (≥ 1.4;
/// <c>sklearn/cluster/_kmeans.py</c>), after Sculley, "Web-scale k-means clustering", WWW 2010.
/// </summary>
public sealed record MiniBatchKMeansOptions
{
    /// <summary>Number of clusters k; at least 1 and at most the number of rows (scikit-learn: 8).</summary>
    public int Clusters { get; init; } = 8;

    /// <summary>Rows per mini-batch (scikit-learn: 1024); capped at the number of rows.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Maximum passes over the data; the step limit is MaxIterations × n / BatchSize (scikit-learn: 100).</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>
    /// Stop after this many consecutive mini-batches that do not improve the smoothed (exponentially weighted)
    /// batch inertia (scikit-learn's <c>max_no_improvement</c>: 10). 0 disables this stop.
    /// </summary>
    public int MaxNoImprovement { get; init; } = 10;

    /// <summary>
    /// Relative tolerance on the squared centre change of one step, scaled like <see cref="KMeansOptions.Tolerance"/>
    /// (scikit-learn: 0, i.e. off).
    /// </summary>
    public double Tolerance { get; init; }

    /// <summary>Rows sampled for each k-means++ seeding and for comparing seedings (scikit-learn: 3 × BatchSize, at least 3k).</summary>
    public int? InitSize { get; init; }

    /// <summary>Seedings tried on the init sample; the one with the lowest inertia on a validation sample wins (scikit-learn ≥ 1.4: 1).</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>
    /// Centres whose accumulated weight falls below this fraction of the heaviest centre's are moved to random rows
    /// of the batch (scikit-learn's <c>reassignment_ratio</c>: 0.01). 0 disables reassignment.
    /// </summary>
    public double ReassignmentRatio { get; init; } = 0.01;

    /// <summary>Seed of the sampling and seeding.</summary>
    public int Seed { get; init; }

    /// <summary>Initial centres (k × features, row-major) instead of k-means++.</summary>
    public IReadOnlyList<float>? InitialCenters { get; init; }
}
