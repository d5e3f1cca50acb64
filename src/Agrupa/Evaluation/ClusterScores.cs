namespace Agrupa.Evaluation;

/// <summary>
/// External scores of one clustering against the true classes, from <see cref="ClusterMetrics.Compute"/>. All are
/// computed on the same points: all of them, or only the non-noise ones (<see cref="Noise"/> says which).
/// </summary>
/// <param name="Acc">Clustering accuracy with the best one-to-one matching of clusters to classes (Hungarian), in [0, 1].</param>
/// <param name="Nmi">Normalised mutual information (normalisation <see cref="NmiAverage"/>), in [0, 1].</param>
/// <param name="Ami">Adjusted mutual information (normalisation <see cref="AmiAverage"/>): 1 for identical partitions, about 0 for chance, may be negative.</param>
/// <param name="Ari">Adjusted Rand index: 1 for identical partitions, about 0 for chance, ≥ −0.5.</param>
/// <param name="Homogeneity">Each cluster holds one class only, in [0, 1].</param>
/// <param name="Completeness">Each class lies in one cluster only, in [0, 1].</param>
/// <param name="VMeasure">Harmonic mean of homogeneity and completeness (β = 1), in [0, 1].</param>
/// <param name="Purity">Share of points in their cluster's majority class (many clusters may share a class), in [0, 1].</param>
/// <param name="Count">Points scored (after excluding noise when <see cref="Noise"/> is <see cref="NoiseHandling.Exclude"/>).</param>
/// <param name="TotalCount">Points given, noise included.</param>
/// <param name="ClassCount">Distinct true classes among the scored points.</param>
/// <param name="ClusterCount">Distinct predicted clusters among the scored points (the noise cluster included when noise is counted as a cluster).</param>
/// <param name="Noise">How predicted label −1 was treated.</param>
/// <param name="NoiseFraction">Share of all given points predicted as noise (−1), whatever <see cref="Noise"/> says.</param>
/// <param name="NmiAverage">The entropy average that normalised <see cref="Nmi"/>.</param>
/// <param name="AmiAverage">The entropy average that normalised <see cref="Ami"/>.</param>
public sealed record ClusterScores(
    double Acc,
    double Nmi,
    double Ami,
    double Ari,
    double Homogeneity,
    double Completeness,
    double VMeasure,
    double Purity,
    int Count,
    int TotalCount,
    int ClassCount,
    int ClusterCount,
    NoiseHandling Noise,
    double NoiseFraction,
    MutualInformationAverage NmiAverage,
    MutualInformationAverage AmiAverage);
