namespace Agrupa.Evaluation;

/// <summary>
/// What the label metrics do with predicted label −1, the noise label of density-based clusterers (DBSCAN, HDBSCAN).
/// The choice changes the scores a lot, so <see cref="ClusterScores"/> always says which was used.
/// </summary>
public enum NoiseHandling
{
    /// <summary>
    /// Noise points form one more cluster (label −1), exactly as scikit-learn scores raw labels. Honest: noise counts
    /// against the clustering. The default.
    /// </summary>
    Cluster,

    /// <summary>
    /// Noise points are left out of every score; only the clustered points are compared with the truth. Flattering
    /// when much is noise: read it together with <see cref="ClusterScores.NoiseFraction"/>.
    /// </summary>
    Exclude,
}
