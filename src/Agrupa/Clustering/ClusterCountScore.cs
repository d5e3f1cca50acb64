namespace Agrupa.Clustering;

/// <summary>
/// Scores of one candidate number of clusters in a <see cref="ClusterCountSweep"/>. Values that do not apply are NaN
/// (inertia for a mixture, BIC and AIC for k-means, silhouette and Calinski–Harabasz for k = 1).
/// </summary>
/// <param name="Clusters">The number of clusters k.</param>
/// <param name="Inertia">k-means inertia (within-cluster sum of squares; lower is better, look for the elbow); NaN for GMM.</param>
/// <param name="Silhouette">Mean silhouette on a random sample of rows, in [−1, 1] (higher is better).</param>
/// <param name="CalinskiHarabasz">Calinski–Harabasz index (higher is better).</param>
/// <param name="Bic">Bayesian information criterion of the mixture (lower is better); NaN for k-means.</param>
/// <param name="Aic">Akaike information criterion of the mixture (lower is better); NaN for k-means.</param>
/// <param name="Seconds">Time to fit this k.</param>
public sealed record ClusterCountScore(int Clusters, double Inertia, double Silhouette, double CalinskiHarabasz, double Bic, double Aic, double Seconds);
