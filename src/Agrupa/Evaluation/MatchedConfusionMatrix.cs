namespace Agrupa.Evaluation;

/// <summary>
/// The contingency table with its columns permuted to follow the best one-to-one matching of clusters to classes (the
/// Hungarian matching behind ACC): the clusters matched to classes come first, in the order of their classes, then the
/// clusters matched to no class, in ascending label order. When every class has a match (at least as many clusters as
/// classes) the matched cells are the diagonal, and its sum is the number of correctly clustered points, ACC × n.
/// </summary>
public sealed class MatchedConfusionMatrix
{
    internal MatchedConfusionMatrix(int[] classes, int[] clusters, long[,] counts, int?[] matchedColumns, long correct)
    {
        Classes = classes;
        Clusters = clusters;
        Counts = counts;
        MatchedColumns = matchedColumns;
        Correct = correct;
    }

    /// <summary>True labels, ascending (the rows).</summary>
    public IReadOnlyList<int> Classes { get; }

    /// <summary>Cluster labels in matched order (the columns).</summary>
    public IReadOnlyList<int> Clusters { get; }

    /// <summary>Counts, classes × clusters, columns in matched order. A copy is not made: do not modify.</summary>
    public long[,] Counts { get; }

    /// <summary>
    /// For each class (row), the column of <see cref="Counts"/> holding its matched cluster, or null when there are fewer
    /// clusters than classes and it got none.
    /// </summary>
    public IReadOnlyList<int?> MatchedColumns { get; }

    /// <summary>Points in matched cells (correctly clustered under the matching).</summary>
    public long Correct { get; }
}
