using Agrupa.Reduction;

namespace Agrupa.Tests.Reduction;

public class TsneGradientTests
{
    /// <summary>A 2-D layout of three Gaussian clumps of different spreads, like a t-SNE embedding mid-run.</summary>
    private static double[] Layout(int n, int seed, double scale = 10)
    {
        var random = new Random(seed);
        var layout = new double[2 * n];
        double[][] centres = { new[] { 0.0, 0.0 }, new[] { 3 * scale, 0.5 * scale }, new[] { -scale, 2 * scale } };
        for (int i = 0; i < n; i++)
        {
            double[] c = centres[i % 3];
            double spread = 1 + i % 3;
            layout[2 * i] = c[0] + spread * Gaussian(random);
            layout[2 * i + 1] = c[1] + spread * Gaussian(random);
        }
        return layout;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static (double[] Force, double Z) Repulsion(ITsneRepulsion method, double[] layout)
    {
        var force = new double[layout.Length];
        double z = method.Compute(layout, force);
        for (int t = 0; t < force.Length; t++) force[t] /= z;
        return (force, z);
    }

    private static double RelativeError(double[] approximate, double[] exact)
    {
        double error = 0, norm = 0;
        for (int t = 0; t < exact.Length; t++)
        {
            error += (approximate[t] - exact[t]) * (approximate[t] - exact[t]);
            norm += exact[t] * exact[t];
        }
        return Math.Sqrt(error / norm);
    }

    [Fact]
    public void BarnesHutIsCloseToExact()
    {
        const int n = 1500;
        double[] layout = Layout(n, seed: 1);
        var (exact, exactZ) = Repulsion(new TsneExactRepulsion(n, 2), layout);
        var (approximate, approximateZ) = Repulsion(new TsneBarnesHut(n, theta: 0.5), layout);
        double error = RelativeError(approximate, exact);
        Assert.True(error < 0.02, $"relative error of the Barnes–Hut repulsion: {error:E3}");
        Assert.True(Math.Abs(approximateZ / exactZ - 1) < 0.01, $"Z: {approximateZ} vs exact {exactZ}");
    }

    [Fact]
    public void BarnesHutWithThetaZeroIsExact()
    {
        const int n = 300;
        double[] layout = Layout(n, seed: 2);
        var (exact, exactZ) = Repulsion(new TsneExactRepulsion(n, 2), layout);
        var (approximate, approximateZ) = Repulsion(new TsneBarnesHut(n, theta: 0), layout);
        Assert.True(RelativeError(approximate, exact) < 1e-12);
        Assert.Equal(exactZ, approximateZ, exactZ * 1e-12);
    }

    [Fact]
    public void BarnesHutHandlesDuplicatePoints()
    {
        const int n = 200;
        double[] layout = Layout(n, seed: 3);
        for (int i = 0; i < 40; i++) { layout[2 * i + 2 * 100] = layout[0]; layout[2 * i + 2 * 100 + 1] = layout[1]; }
        var (exact, exactZ) = Repulsion(new TsneExactRepulsion(n, 2), layout);
        var (approximate, approximateZ) = Repulsion(new TsneBarnesHut(n, theta: 0), layout);
        Assert.True(RelativeError(approximate, exact) < 1e-12);
        Assert.Equal(exactZ, approximateZ, exactZ * 1e-12);
    }

    /// <summary>
    /// FIt-SNE's defaults (3 nodes per interval of width ≈ 1) trade accuracy for speed: a few percent on sparse
    /// layouts, far less on compact ones; more nodes per interval converge fast (the interpolation is right).
    /// </summary>
    [Theory]
    [InlineData(0.01, 3, 1e-6, 1e-6)]  // a start-of-run layout, all points within 0.5 of each other
    [InlineData(1.0, 3, 0.03, 0.01)]   // extent ≈ 50: 50 intervals of width ≈ 1
    [InlineData(1.0, 5, 3e-3, 1e-3)]
    [InlineData(4.0, 3, 0.06, 0.03)]   // extent ≈ 200, sparse: 200 intervals
    public void FftInterpolationIsCloseToExact(double factor, int points, double forceBound, double zBound)
    {
        const int n = 1500;
        double[] layout = Layout(n, seed: 4);
        for (int t = 0; t < layout.Length; t++) layout[t] *= factor;
        var (exact, exactZ) = Repulsion(new TsneExactRepulsion(n, 2), layout);
        var (approximate, approximateZ) = Repulsion(new TsneFftInterpolation(n, points, 50, 1), layout);
        double error = RelativeError(approximate, exact);
        Assert.True(error < forceBound, $"relative error of the FFT repulsion: {error:E3}");
        Assert.True(Math.Abs(approximateZ / exactZ - 1) < zBound, $"Z: {approximateZ} vs exact {exactZ}");
    }

    [Fact]
    public void FftGridSizesAreSmooth()
    {
        Assert.Equal(50, TsneFftInterpolation.SmoothSize(50));
        Assert.Equal(54, TsneFftInterpolation.SmoothSize(51));
        Assert.Equal(1, TsneFftInterpolation.SmoothSize(0));
        Assert.Equal(125, TsneFftInterpolation.SmoothSize(121));
    }

    [Fact]
    public void ExactGradientMatchesFiniteDifferencesOfTheKlDivergence()
    {
        // KL(P‖Q) = Σ p log p − Σ p log w + log Z; ∂KL/∂y = 4 × (Agrupa's gradient).
        const int n = 30;
        var random = new Random(5);
        double[] layout = Enumerable.Range(0, 2 * n).Select(_ => 3 * Gaussian(random)).ToArray();
        int k = 6;
        var neighbors = new int[n * k];
        var conditional = new double[n * k];
        for (int i = 0; i < n; i++)
            for (int t = 0; t < k; t++)
            {
                neighbors[i * k + t] = (i + t + 1) % n;
                conditional[i * k + t] = (t + 1.0) / (k * (k + 1) / 2.0);
            }
        TsneAffinityMatrix p = TsneAffinities.Symmetrize(neighbors, conditional, n, k);
        var repulsion = new TsneExactRepulsion(n, 2);
        var gradient = new double[2 * n];
        var buffer = new double[2 * n];
        var terms = new double[n];
        Tsne.Gradient(p, layout, 2, repulsion, 1, gradient, buffer, terms);
        const double h = 1e-6;
        foreach (int coordinate in new[] { 0, 7, 33, 59 })
        {
            double saved = layout[coordinate];
            layout[coordinate] = saved + h;
            double plus = Tsne.Gradient(p, layout, 2, repulsion, 1, new double[2 * n], buffer, terms);
            layout[coordinate] = saved - h;
            double minus = Tsne.Gradient(p, layout, 2, repulsion, 1, new double[2 * n], buffer, terms);
            layout[coordinate] = saved;
            double numeric = (plus - minus) / (2 * h);
            Assert.Equal(numeric, 4 * gradient[coordinate], 6);
        }
    }
}
