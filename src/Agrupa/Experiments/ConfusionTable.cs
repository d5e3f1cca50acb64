namespace Agrupa.Experiments;

/// <summary>
/// A confusion matrix of true classes (rows) × clusters (columns), the columns in matched order (column j is the cluster
/// matched to class j; unmatched clusters and noise after them).
/// </summary>
/// <param name="Counts">Row-major <c>RowNames.Count × ColumnNames.Count</c> counts.</param>
/// <param name="RowNames">Class names.</param>
/// <param name="ColumnNames">Cluster names in matched order (e.g. "cluster 3", "noise").</param>
public sealed record ConfusionTable(int[] Counts, IReadOnlyList<string> RowNames, IReadOnlyList<string> ColumnNames)
{
    /// <summary>The count at <paramref name="row"/>, <paramref name="column"/>.</summary>
    public int this[int row, int column] => Counts[row * ColumnNames.Count + column];
}
