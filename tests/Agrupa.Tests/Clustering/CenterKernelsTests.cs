using Agrupa.Clustering;

namespace Agrupa.Tests.Clustering;

/// <summary>The SIMD kernels against plain float64 loops, for widths with and without a vector tail and odd centre counts.</summary>
public sealed unsafe class CenterKernelsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(8, 2)]
    [InlineData(9, 5)]
    [InlineData(17, 1)]
    [InlineData(33, 7)]
    public void DotsAndNearestMatchPlainLoops(int d, int k)
    {
        var random = new Random(d * 100 + k);
        int rows = 11;                                           // blocks of four plus a remainder
        float[] x = Enumerable.Range(0, rows * d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] c = Enumerable.Range(0, k * d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var norms = new float[k];
        var dots = new float[4 * k];
        var labels = new int[rows];
        var best = new float[rows];
        fixed (float* px = x)
        fixed (float* pc = c)
        fixed (float* pn = norms)
        fixed (float* pd = dots)
        fixed (int* pl = labels)
        fixed (float* pb = best)
        {
            for (int j = 0; j < k; j++) pn[j] = CenterKernels.Dot(pc + j * d, pc + j * d, d);
            for (int i = 0; i < rows; i += 4)
            {
                int block = Math.Min(4, rows - i);
                CenterKernels.Dots(px + i * d, block, d, pc, k, pd);
                for (int r = 0; r < block; r++)
                    for (int j = 0; j < k; j++)
                    {
                        double expected = Enumerable.Range(0, d).Sum(f => (double)x[(i + r) * d + f] * c[j * d + f]);
                        Assert.Equal(expected, dots[r * k + j], 4);
                        // The same value whether the row is computed in a block or alone.
                        Assert.Equal(CenterKernels.Dot(px + (i + r) * d, pc + j * d, d), dots[r * k + j]);
                    }
            }
            CenterKernels.Nearest(px, rows, d, pc, pn, k, pl, pb, null, pd);
        }
        for (int i = 0; i < rows; i++)
        {
            double Distance(int j) => Enumerable.Range(0, d).Sum(f => Math.Pow(x[i * d + f] - c[j * d + f], 2));
            int expected = Enumerable.Range(0, k).MinBy(Distance);
            Assert.Equal(expected, labels[i]);
            double squaredNorm = Enumerable.Range(0, d).Sum(f => (double)x[i * d + f] * x[i * d + f]);
            Assert.Equal(Distance(expected), squaredNorm + best[i], 4);
        }
    }
}
