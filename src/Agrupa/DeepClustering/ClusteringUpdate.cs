namespace Agrupa.DeepClustering;

/// <summary>
/// One point of a deep clusterer's clustering-stage curve, recorded at every target update (DEC family) or epoch.
/// </summary>
/// <param name="Iteration">Training steps done so far in the clustering stage.</param>
/// <param name="LabelChange">Fraction of rows whose label changed since the previous update (the DEC stop criterion); NaN at the first.</param>
/// <param name="Loss">Mean training loss since the previous update, or NaN at the first.</param>
/// <param name="Metrics">ACC/NMI/ARI against the data's labels when monitoring was on and labels exist (display only).</param>
/// <param name="ValidationLoss">Clustering loss on the held-out rows (DEC family with a validation split), else NaN.</param>
public sealed record ClusteringUpdate(long Iteration, double LabelChange, double Loss, IReadOnlyDictionary<string, double> Metrics,
    double ValidationLoss = double.NaN);
