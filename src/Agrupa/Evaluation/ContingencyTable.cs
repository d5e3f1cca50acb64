namespace Agrupa.Evaluation;

/// <summary>
/// The contingency table of two labellings of the same points: cell (i, j) counts the points whose true class is
/// <see cref="Classes"/>[i] and whose cluster is <see cref="Clusters"/>[j]. The shared building block of every label
/// metric, as scikit-learn's <c>sklearn.metrics.cluster.contingency_matrix</c>; stored sparsely (only non-zero cells),
/// so 70,000 singleton clusters cost memory in the number of points, not classes × clusters. Counts are
/// <see cref="long"/>, and every product of counts in the metrics is widened before it is formed.
/// </summary>
public sealed class ContingencyTable
{
    private readonly int[] _cellRows;
    private readonly int[] _cellColumns;
    private readonly long[] _cellCounts;
    private readonly int[] _rowStarts;

    private ContingencyTable(int[] classes, int[] clusters, long[] classTotals, long[] clusterTotals, long total,
        int[] cellRows, int[] cellColumns, long[] cellCounts)
    {
        Classes = classes;
        Clusters = clusters;
        ClassTotals = classTotals;
        ClusterTotals = clusterTotals;
        Total = total;
        _cellRows = cellRows;
        _cellColumns = cellColumns;
        _cellCounts = cellCounts;
        _rowStarts = new int[classes.Length + 1];
        foreach (int row in cellRows) _rowStarts[row + 1]++;
        for (int i = 0; i < classes.Length; i++) _rowStarts[i + 1] += _rowStarts[i];
    }

    /// <summary>The distinct true labels, ascending (the rows).</summary>
    public IReadOnlyList<int> Classes { get; }

    /// <summary>The distinct predicted labels, ascending (the columns).</summary>
    public IReadOnlyList<int> Clusters { get; }

    /// <summary>Points per class (row sums).</summary>
    public IReadOnlyList<long> ClassTotals { get; }

    /// <summary>Points per cluster (column sums).</summary>
    public IReadOnlyList<long> ClusterTotals { get; }

    /// <summary>Number of points.</summary>
    public long Total { get; }

    /// <summary>Number of non-zero cells.</summary>
    public int NonZeroCount => _cellCounts.Length;

    /// <summary>The count in row <paramref name="classIndex"/>, column <paramref name="clusterIndex"/> (indices, not labels).</summary>
    public long this[int classIndex, int clusterIndex]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, Classes.Count);
            ArgumentOutOfRangeException.ThrowIfNegative(clusterIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(clusterIndex, Clusters.Count);
            int start = _rowStarts[classIndex], length = _rowStarts[classIndex + 1] - start;
            int found = Array.BinarySearch(_cellColumns, start, length, clusterIndex);
            return found >= 0 ? _cellCounts[found] : 0;
        }
    }

    /// <summary>The non-zero cells, row by row and column by column within a row.</summary>
    public IEnumerable<(int ClassIndex, int ClusterIndex, long Count)> Cells
    {
        get
        {
            for (int c = 0; c < _cellCounts.Length; c++) yield return (_cellRows[c], _cellColumns[c], _cellCounts[c]);
        }
    }

    internal ReadOnlySpan<int> CellRows => _cellRows;
    internal ReadOnlySpan<int> CellColumns => _cellColumns;
    internal ReadOnlySpan<long> CellCounts => _cellCounts;

    /// <summary>
    /// The table of <paramref name="truth"/> against <paramref name="predicted"/> (same length). Every label is a
    /// class or a cluster, −1 included: noise handling is <see cref="ClusterMetrics.Compute"/>'s job.
    /// </summary>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    public static ContingencyTable Create(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"Label lists differ in length: truth has {truth.Count} labels, predicted {predicted.Count}.", nameof(predicted));
        LabelEncoding rows = LabelEncoding.Create(truth), columns = LabelEncoding.Create(predicted);
        int n = truth.Count, r = rows.Distinct.Length, c = columns.Distinct.Length;
        var cellRows = new List<int>();
        var cellColumns = new List<int>();
        var cellCounts = new List<long>();
        if ((long)r * c <= Math.Max(4L * n, 1 << 16))
        {
            var dense = new long[(long)r * c];
            for (int i = 0; i < n; i++) dense[(long)rows.Codes[i] * c + columns.Codes[i]]++;
            for (long cell = 0; cell < dense.LongLength; cell++)
            {
                if (dense[cell] == 0) continue;
                cellRows.Add((int)(cell / c));
                cellColumns.Add((int)(cell % c));
                cellCounts.Add(dense[cell]);
            }
        }
        else
        {
            var keys = new long[n];
            for (int i = 0; i < n; i++) keys[i] = (long)rows.Codes[i] * c + columns.Codes[i];
            Array.Sort(keys);
            for (int i = 0; i < n;)
            {
                int j = i;
                while (j < n && keys[j] == keys[i]) j++;
                cellRows.Add((int)(keys[i] / c));
                cellColumns.Add((int)(keys[i] % c));
                cellCounts.Add(j - i);
                i = j;
            }
        }
        return new ContingencyTable(rows.Distinct, columns.Distinct, rows.Counts, columns.Counts, n,
            [.. cellRows], [.. cellColumns], [.. cellCounts]);
    }

    /// <summary>
    /// The table as a dense classes × clusters array (as <c>contingency_matrix(..., sparse=False)</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The dense table would exceed 100 million cells.</exception>
    public long[,] ToArray()
    {
        long cells = (long)Classes.Count * Clusters.Count;
        if (cells > 100_000_000)
            throw new InvalidOperationException($"A dense {Classes.Count}×{Clusters.Count} contingency table has {cells} cells; use Cells instead.");
        var dense = new long[Classes.Count, Clusters.Count];
        for (int k = 0; k < _cellCounts.Length; k++) dense[_cellRows[k], _cellColumns[k]] = _cellCounts[k];
        return dense;
    }
}
