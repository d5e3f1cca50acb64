namespace Agrupa.Evaluation;

/// <summary>
/// Floating-point precision of the distance products behind <see cref="Silhouette"/>. Distances come from
/// ‖x‖² − 2x·y + ‖y‖², which loses accuracy when distances are small next to the points' norms (tight clusters far from
/// the data's mean): float32 products are then not accurate enough to agree with scikit-learn (float64) to 1e-6.
/// </summary>
public enum DistancePrecision
{
    /// <summary>
    /// Float32 products when the data are well-conditioned for them — the mean squared norm of the mean-centred points is
    /// at most <see cref="Silhouette.SinglePrecisionConditionLimit"/> times the smallest cluster's mean squared
    /// within-cluster distance — otherwise float64. The default.
    /// </summary>
    Auto,

    /// <summary>Always float32 products (about twice as fast); sums are still accumulated in float64.</summary>
    Single,

    /// <summary>Always float64 products, as scikit-learn (which upcasts float32 input to float64 for distances).</summary>
    Double,
}
