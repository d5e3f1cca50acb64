using Agrupa.LinearAlgebra;

namespace Agrupa.Tests.LinearAlgebra;

public sealed class ColumnMomentsTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(7, 5)]
    [InlineData(9000, 19)]      // several row blocks, and a column count that leaves a scalar tail after the vector loop
    public void MeansAndVariancesEqualATwoPassReference(int rows, int columns)
    {
        var random = new Random(rows + columns);
        var values = new float[rows * columns];
        for (int i = 0; i < values.Length; i++) values[i] = (float)((i % columns) * 1000.0 + random.NextDouble());
        var (mean, variance) = ColumnMoments.Compute(values, rows, columns);
        for (int j = 0; j < columns; j++)
        {
            double m = 0, v = 0;
            for (int r = 0; r < rows; r++) m += values[r * columns + j];
            m /= rows;
            for (int r = 0; r < rows; r++) v += Math.Pow(values[r * columns + j] - m, 2);
            v = rows > 1 ? v / (rows - 1) : 0;
            Assert.Equal(m, mean[j], 1e-9 * Math.Max(1, Math.Abs(m)));
            Assert.True(Math.Abs(v - variance[j]) <= 1e-9 * Math.Max(1e-3, v), $"column {j}: variance {variance[j]} vs {v}");
        }
    }

    [Fact]
    public void ResultDoesNotDependOnTheThreadCount()
    {
        var random = new Random(2);
        var values = Enumerable.Range(0, 20000 * 3).Select(_ => (float)random.NextDouble()).ToArray();
        var (mean, variance) = ColumnMoments.Compute(values, 20000, 3);
        int before = Agrupa.Runtime.ThreadBudget.Threads;
        try
        {
            Agrupa.Runtime.ThreadBudget.Threads = 1;
            var (mean1, variance1) = ColumnMoments.Compute(values, 20000, 3);
            Assert.Equal(mean, mean1);
            Assert.Equal(variance, variance1);
        }
        finally { Agrupa.Runtime.ThreadBudget.Threads = before; }
    }
}
