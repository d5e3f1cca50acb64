using Agrupa.Clustering;

namespace Agrupa.Evaluation;

/// <summary>
/// Selective prediction ("abstain when unsure"): rows whose confidence is below <see cref="Threshold"/> get label −1,
/// the rest keep theirs. <see cref="Coverage"/> is the share of rows kept; with true classes,
/// <see cref="CoveredAccuracy"/> is the clustering accuracy (<see cref="ClusterMetrics.Accuracy(IReadOnlyList{int}, IReadOnlyList{int})"/>,
/// Hungarian matching computed on the covered rows only) — the risk–coverage trade-off of selective classification
/// (El-Yaniv and Wiener, JMLR 2010; Geifman and El-Yaniv, NeurIPS 2017) applied to cluster confidences.
/// </summary>
/// <param name="Assignment">The labels after abstention (−1 for uncovered rows) with the original confidences.</param>
/// <param name="Threshold">Rows with confidence ≥ this are covered.</param>
/// <param name="Covered">Rows kept.</param>
/// <param name="Total">All rows.</param>
/// <param name="CoveredAccuracy">Accuracy on the covered rows, or null without true classes or when no row is covered.</param>
public sealed record Abstention(ClusterAssignment Assignment, double Threshold, int Covered, int Total, double? CoveredAccuracy)
{
    /// <summary>Share of rows covered, in [0, 1] (1 for no rows).</summary>
    public double Coverage => Total == 0 ? 1.0 : (double)Covered / Total;

    /// <summary>
    /// Applies <paramref name="threshold"/> to <paramref name="assignment"/>; with <paramref name="truth"/> (one class
    /// per row), also scores the covered rows. Rows already labelled −1 (noise) stay uncovered.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not in [0, 1].</exception>
    /// <exception cref="ArgumentException">The truth has another length than the assignment.</exception>
    public static Abstention Apply(ClusterAssignment assignment, double threshold, IReadOnlyList<int>? truth = null)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (!(threshold >= 0 && threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The confidence threshold must be in [0, 1].");
        int n = assignment.Labels.Count;
        if (truth is not null && truth.Count != n)
            throw new ArgumentException($"Expected {n} true classes (one per row), got {truth.Count}.", nameof(truth));
        var labels = new int[n];
        var coveredTruth = new List<int>();
        var coveredPredicted = new List<int>();
        for (int i = 0; i < n; i++)
        {
            bool covered = assignment.Labels[i] >= 0 && assignment.Confidence[i] >= threshold;
            labels[i] = covered ? assignment.Labels[i] : -1;
            if (!covered) continue;
            coveredPredicted.Add(labels[i]);
            if (truth is not null) coveredTruth.Add(truth[i]);
        }
        double? accuracy = truth is not null && coveredPredicted.Count > 0 ? ClusterMetrics.Accuracy(coveredTruth, coveredPredicted) : null;
        return new Abstention(new ClusterAssignment(labels, assignment.Confidence), threshold, coveredPredicted.Count, n, accuracy);
    }
}
