using Agrupa.Reduction;

namespace Agrupa.Tests.Reduction;

public sealed class PowerTableTests
{
    [Theory]
    [InlineData(0.8951f)]      // UMAP's b for min_dist 0.1, spread 1
    [InlineData(0.7915f)]      // b for min_dist 0 (N2D)
    [InlineData(1.9f)]
    [InlineData(0.3f)]
    public void InterpolatedPowersStayWithinTheStatedBound(float b)
    {
        var table = new PowerTable(b);
        double bound = Math.Abs(b * (b - 1.0)) / 8 / (256.0 * 256.0) + 4e-7;
        var random = new Random(3);
        for (int t = 0; t < 300_000; t++)
        {
            float x = MathF.Exp((float)(random.NextDouble() * 54 - 27));   // e^−27 … e^27, inside [2^−40, 2^40)
            double expected = Math.Pow(x, b);
            Assert.True(Math.Abs(table.Pow(x) - expected) <= bound * expected, $"{x}^{b}: {table.Pow(x)} vs {expected}");
        }
        foreach (float x in new[] { 1f, 2f, 0.5f, 1.99999988f, MathF.Pow(2, -40), MathF.Pow(2, 40) * 0.99999994f })
            Assert.True(Math.Abs(table.Pow(x) - Math.Pow(x, b)) <= bound * Math.Pow(x, b), $"{x}^{b}: {table.Pow(x)} vs {Math.Pow(x, b)}");
    }

    [Fact]
    public void ValuesOutsideTheTableUseTheExactPower()
    {
        var table = new PowerTable(0.8951f);
        foreach (float x in new[] { 1e-13f, 1e-40f, 2e12f, 1e30f, 0f })
            Assert.Equal(MathF.Pow(x, 0.8951f), table.Pow(x));
        Assert.True(float.IsNaN(table.Pow(float.NaN)));
        Assert.True(float.IsNaN(table.Pow(-1f)));
        Assert.Equal(float.PositiveInfinity, table.Pow(float.PositiveInfinity));
    }
}
