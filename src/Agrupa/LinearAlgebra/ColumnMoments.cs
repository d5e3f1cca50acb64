using System.Numerics;
using Agrupa.Runtime;

namespace Agrupa.LinearAlgebra;

/// <summary>
/// Per-column mean and variance of a row-major float matrix in one parallel pass, accumulated in float64 over fixed row
/// blocks merged in order, so the result does not depend on the thread count. Values are shifted by the first row before
/// accumulating (the shifted-data algorithm), so a large offset does not cancel the variance away.
/// </summary>
internal static class ColumnMoments
{
    private const int BlockRows = 4096;

    /// <summary>Column means and unbiased column variances (n − 1 in the denominator; 0 when n = 1).</summary>
    public static (double[] Mean, double[] Variance) Compute(float[] values, int rows, int columns)
    {
        if ((long)rows * columns != values.Length)
            throw new ArgumentException($"Expected {rows}×{columns} = {(long)rows * columns} values, got {values.Length}.", nameof(values));
        int blocks = (rows + BlockRows - 1) / BlockRows;
        var shift = new double[columns];
        for (int j = 0; j < columns && rows > 0; j++) shift[j] = values[j];
        var sums = new double[blocks][];
        var squares = new double[blocks][];
        Parallel.For(0, blocks, ThreadBudget.Options, b =>
        {
            var sum = new double[columns];
            var square = new double[columns];
            int end = Math.Min(rows, (b + 1) * BlockRows);
            for (int r = b * BlockRows; r < end; r++)
                Accumulate(new ReadOnlySpan<float>(values, r * columns, columns), shift, sum, square);
            sums[b] = sum;
            squares[b] = square;
        });
        var mean = new double[columns];
        var variance = new double[columns];
        for (int b = 0; b < blocks; b++)
            for (int j = 0; j < columns; j++) { mean[j] += sums[b][j]; variance[j] += squares[b][j]; }
        for (int j = 0; j < columns; j++)
        {
            double total = mean[j];
            mean[j] = shift[j] + total / rows;
            variance[j] = rows > 1 ? Math.Max(variance[j] - total * total / rows, 0) / (rows - 1) : 0;
        }
        return (mean, variance);
    }

    private static void Accumulate(ReadOnlySpan<float> row, ReadOnlySpan<double> shift, Span<double> sum, Span<double> square)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<float>.Count, half = Vector<double>.Count;
            for (; j <= row.Length - width; j += width)
            {
                Vector.Widen(new Vector<float>(row.Slice(j, width)), out Vector<double> low, out Vector<double> high);
                low -= new Vector<double>(shift.Slice(j, half));
                high -= new Vector<double>(shift.Slice(j + half, half));
                var s0 = sum.Slice(j, half); var s1 = sum.Slice(j + half, half);
                var q0 = square.Slice(j, half); var q1 = square.Slice(j + half, half);
                (new Vector<double>(s0) + low).CopyTo(s0);
                (new Vector<double>(s1) + high).CopyTo(s1);
                (new Vector<double>(q0) + low * low).CopyTo(q0);
                (new Vector<double>(q1) + high * high).CopyTo(q1);
            }
        }
        for (; j < row.Length; j++)
        {
            double v = row[j] - shift[j];
            sum[j] += v;
            square[j] += v * v;
        }
    }
}
