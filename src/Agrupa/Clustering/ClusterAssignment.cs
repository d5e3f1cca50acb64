namespace Agrupa.Clustering;

/// <summary>
/// Cluster labels of a set of rows with a confidence per row (max soft assignment, posterior or membership
/// probability, in [0, 1]); -1 marks noise or "unsure".
/// </summary>
public sealed record ClusterAssignment(IReadOnlyList<int> Labels, IReadOnlyList<double> Confidence)
{
    /// <summary>Hard labels with confidence 1 for every row (methods without a soft assignment).</summary>
    public static ClusterAssignment Certain(IReadOnlyList<int> labels) => new(labels, Enumerable.Repeat(1.0, labels.Count).ToArray());
}
