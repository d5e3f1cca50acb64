using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// A fixed split of n rows into contiguous partitions that depends only on n (and a per-partition memory bound),
/// never on the thread count: per-partition partial sums reduced in partition order make parallel results
/// reproducible bit for bit.
/// </summary>
internal readonly struct RowPartitions
{
    public RowPartitions(int rows, int preferredRows = CenterKernels.PartitionRows, int maxPartitions = int.MaxValue)
    {
        Rows = rows;
        int count = Math.Max(1, Math.Min((rows + preferredRows - 1) / preferredRows, Math.Max(1, maxPartitions)));
        int size = (rows + count - 1) / count;
        size = Math.Max(4, (size + 3) / 4 * 4);                       // blocks of four rows stay inside one partition
        Size = size;
        Count = Math.Max(1, (rows + size - 1) / size);
    }

    /// <summary>Total rows.</summary>
    public int Rows { get; }

    /// <summary>Rows per partition (the last may hold fewer).</summary>
    public int Size { get; }

    /// <summary>Number of partitions.</summary>
    public int Count { get; }

    /// <summary>First row of partition <paramref name="p"/>.</summary>
    public int Start(int p) => p * Size;

    /// <summary>Rows in partition <paramref name="p"/>.</summary>
    public int Length(int p) => Math.Min(Size, Rows - p * Size);

    /// <summary>Runs <paramref name="body"/> for every partition in parallel under the thread budget.</summary>
    public void ForEach(Action<int> body, CancellationToken cancellationToken = default)
    {
        if (Count == 1) { cancellationToken.ThrowIfCancellationRequested(); body(0); return; }
        var options = ThreadBudget.Options;
        if (cancellationToken.CanBeCanceled)
            options = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, Count, options, body);
    }
}
