namespace Agrupa.Reduction;

/// <summary>
/// A weighted directed graph on n vertices in compressed sparse row form: the edges leaving vertex i are
/// <c>Columns[RowStarts[i]..RowStarts[i+1]]</c> (ascending) with <c>Values</c>. Symmetric after the fuzzy union.
/// </summary>
internal sealed class SparseGraph(int count, int[] rowStarts, int[] columns, float[] values)
{
    public int Count { get; } = count;
    public int[] RowStarts { get; } = rowStarts;
    public int[] Columns { get; } = columns;
    public float[] Values { get; } = values;
    public int EdgeCount => Columns.Length;

    /// <summary>Weight of edge i → j, 0 when absent.</summary>
    public float Weight(int i, int j)
    {
        int at = Array.BinarySearch(Columns, RowStarts[i], RowStarts[i + 1] - RowStarts[i], j);
        return at >= 0 ? Values[at] : 0f;
    }

    /// <summary>The transpose (edge j → i for every i → j), rows sorted by column.</summary>
    public SparseGraph Transpose()
    {
        var starts = new int[Count + 1];
        foreach (int j in Columns) starts[j + 1]++;
        for (int i = 0; i < Count; i++) starts[i + 1] += starts[i];
        var next = (int[])starts.Clone();
        var columns = new int[Columns.Length];
        var values = new float[Values.Length];
        for (int i = 0; i < Count; i++)
            for (int e = RowStarts[i]; e < RowStarts[i + 1]; e++)
            {
                int slot = next[Columns[e]]++;
                columns[slot] = i;
                values[slot] = Values[e];
            }
        return new SparseGraph(Count, starts, columns, values);
    }

    /// <summary>The graph without edges whose weight is below <paramref name="threshold"/> (or zero).</summary>
    public SparseGraph Without(float threshold)
    {
        var starts = new int[Count + 1];
        var columns = new List<int>(Columns.Length);
        var values = new List<float>(Values.Length);
        for (int i = 0; i < Count; i++)
        {
            for (int e = RowStarts[i]; e < RowStarts[i + 1]; e++)
                if (Values[e] >= threshold && Values[e] > 0) { columns.Add(Columns[e]); values.Add(Values[e]); }
            starts[i + 1] = columns.Count;
        }
        return new SparseGraph(Count, starts, columns.ToArray(), values.ToArray());
    }

    /// <summary>Largest edge weight (0 for an empty graph).</summary>
    public float MaxValue() => Values.Length == 0 ? 0f : Values.Max();
}
