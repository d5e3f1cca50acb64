namespace Agrupa.Evaluation;

/// <summary>
/// Options for <see cref="Silhouette"/>. Defaults follow scikit-learn's <c>silhouette_score</c>: every point, every
/// label a cluster.
/// </summary>
public sealed record SilhouetteOptions
{
    /// <summary>
    /// Score a random subset of this many points (distances among the subset only, as scikit-learn's
    /// <c>sample_size</c>); null (default) scores all points. At least 3 when set.
    /// </summary>
    public int? SampleSize { get; init; }

    /// <summary>Seed of the subset drawn when <see cref="SampleSize"/> is set; same seed, same subset.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Leave out points labelled −1 (noise) before scoring. Default false: −1 is an ordinary cluster, as in scikit-learn.
    /// </summary>
    public bool ExcludeNoise { get; init; }

    /// <summary>Precision of the distance products. Default <see cref="DistancePrecision.Auto"/>.</summary>
    public DistancePrecision Precision { get; init; } = DistancePrecision.Auto;

    /// <summary>
    /// Rows per distance block (a block × block tile is held at a time). Default 2048 (a 32 MB float64 tile). At least 16.
    /// </summary>
    public int BlockRows { get; init; } = 2048;
}
