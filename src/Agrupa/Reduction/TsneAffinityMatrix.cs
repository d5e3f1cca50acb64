namespace Agrupa.Reduction;

/// <summary>
/// The symmetric joint probabilities P of t-SNE as a sparse n×n matrix in compressed sparse row form: row i's nonzero
/// columns are <c>Columns[RowStart[i]..RowStart[i + 1]]</c> (ascending) with values <c>Values[...]</c>; all values sum to 1.
/// </summary>
internal sealed class TsneAffinityMatrix
{
    public TsneAffinityMatrix(int count, int[] rowStart, int[] columns, double[] values)
    {
        if (rowStart.Length != count + 1 || columns.Length != values.Length || rowStart[count] != columns.Length)
            throw new ArgumentException("Inconsistent compressed sparse row arrays.");
        Count = count;
        RowStart = rowStart;
        Columns = columns;
        Values = values;
    }

    /// <summary>Number of points n.</summary>
    public int Count { get; }

    /// <summary>n + 1 offsets into <see cref="Columns"/> and <see cref="Values"/>.</summary>
    public int[] RowStart { get; }

    /// <summary>Column index of each nonzero, ascending within a row.</summary>
    public int[] Columns { get; }

    /// <summary>pᵢⱼ of each nonzero.</summary>
    public double[] Values { get; }

    /// <summary>Number of stored nonzeros.</summary>
    public int NonZeroCount => Columns.Length;

    /// <summary>pᵢⱼ (0 when not stored); binary search within row i.</summary>
    public double this[int i, int j]
    {
        get
        {
            int position = Array.BinarySearch(Columns, RowStart[i], RowStart[i + 1] - RowStart[i], j);
            return position >= 0 ? Values[position] : 0;
        }
    }
}
