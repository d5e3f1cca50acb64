using Agrupa.Data;
using Agrupa.Reduction;

namespace Agrupa.Tests.Reduction;

public class PcaTests
{
    private static (Dataset Data, System.Text.Json.JsonElement Results) Fixture()
    {
        var pca = ReductionFixture.Json.GetProperty("pca");
        var data = new Dataset("pca-fixture", ReductionFixture.Floats(pca.GetProperty("x")), pca.GetProperty("columns").GetInt32());
        return (data, pca.GetProperty("results"));
    }

    [Theory]
    [InlineData(PcaSolver.Full, "full_plain")]
    [InlineData(PcaSolver.CovarianceEigh, "full_plain")]
    [InlineData(PcaSolver.Randomized, "randomized_plain")]
    public void ComponentsAndVariancesEqualScikitLearn(PcaSolver solver, string key)
    {
        var (data, results) = Fixture();
        var expected = results.GetProperty(key);
        PcaModel model = new Pca(new PcaOptions { Components = 4, Solver = solver }).Fit(data);
        Assert.Equal(solver, model.Solver);
        float[] components = model.Components.ToArray();
        double[] reference = ReductionFixture.Doubles(expected.GetProperty("components"));
        for (int i = 0; i < reference.Length; i++)
            Assert.True(Math.Abs(components[i] - reference[i]) < 1e-4, $"component value {i}: {components[i]} vs scikit-learn {reference[i]}");
        AssertClose(ReductionFixture.Doubles(expected.GetProperty("explained_variance")), model.ExplainedVariance, 1e-4);
        AssertClose(ReductionFixture.Doubles(expected.GetProperty("explained_variance_ratio")), model.ExplainedVarianceRatio, 1e-4);
        AssertClose(ReductionFixture.Doubles(expected.GetProperty("singular_values")), model.SingularValues, 1e-4);
        AssertClose(ReductionFixture.Doubles(expected.GetProperty("mean")), model.Mean.ToArray().Select(v => (double)v).ToArray(), 1e-4);
    }

    [Fact]
    public void WhitenedScoresEqualScikitLearnUpToSign()
    {
        var (data, results) = Fixture();
        double[] expected = ReductionFixture.Doubles(results.GetProperty("full_whiten").GetProperty("transform_abs_first5"));
        PcaModel model = new Pca(new PcaOptions { Components = 4, Whiten = true, Solver = PcaSolver.Full }).Fit(data);
        float[] scores = model.Embedding.Features.ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(Math.Abs(scores[i]) - expected[i]) < 1e-3, $"score {i}: {scores[i]} vs ±{expected[i]}");
        var column = Enumerable.Range(0, data.Count).Select(r => (double)scores[r * 4]).ToArray();
        double variance = column.Select(v => v * v).Sum() / (data.Count - 1);
        Assert.InRange(variance, 0.999, 1.001);
    }

    [Fact]
    public void InverseTransformWithAllComponentsRestoresTheData()
    {
        var (data, _) = Fixture();
        foreach (bool whiten in new[] { false, true })
        {
            PcaModel model = new Pca(new PcaOptions { Components = data.FeatureCount, Whiten = whiten, Solver = PcaSolver.Full }).Fit(data);
            float[] restored = model.InverseTransform(model.Embedding).Features.ToArray();
            float[] original = data.Features.ToArray();
            for (int i = 0; i < original.Length; i++) Assert.True(Math.Abs(restored[i] - original[i]) < 1e-3, $"value {i}: {restored[i]} vs {original[i]}");
        }
    }

    [Fact]
    public void TransformOfNewRowsProjectsOnTheSameAxes()
    {
        var (data, _) = Fixture();
        PcaModel model = new Pca(new PcaOptions { Components = 3 }).Fit(data);
        Dataset firstRows = data.Select([0, 1, 2]);
        float[] again = model.Transform(firstRows).Features.ToArray();
        float[] embedded = model.Embedding.Features.ToArray()[..9];
        for (int i = 0; i < 9; i++) Assert.Equal(embedded[i], again[i], 4);
        Assert.Throws<ArgumentException>(() => model.Transform(new Dataset("wrong", new float[10], 5)));
    }

    [Fact]
    public void CovarianceSolverWithLargeOffsetsMatchesTheCentredData()
    {
        // Rows 1e4 away from the origin: the uncentred Gram form would cancel the variance away in float32, so the
        // covariance solver must centre first and agree with the exact SVD of the unshifted data.
        var (data, _) = Fixture();
        float[] shifted = data.Features.ToArray().Select(v => v + 1e4f).ToArray();
        var reference = new Pca(new PcaOptions { Components = 3, Solver = PcaSolver.Full }).Fit(data);
        var model = new Pca(new PcaOptions { Components = 3, Solver = PcaSolver.CovarianceEigh }).Fit(new Dataset("shifted", shifted, data.FeatureCount));
        AssertClose(reference.ExplainedVariance.ToArray(), model.ExplainedVariance, 2e-2);
        float[] expected = reference.Components.ToArray(), actual = model.Components.ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 2e-2, $"component value {i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void BlockedGramAgreesWithTheExactSvdOnWideData()
    {
        // 300 features take the covariance solver's blocked Xᵀ X path (upper block triangle, mirrored).
        var random = new Random(5);
        int n = 3000, d = 300;
        var values = new float[n * d];
        for (int r = 0; r < n; r++)
        {
            double a = random.NextDouble() * 4, b = random.NextDouble();
            for (int j = 0; j < d; j++) values[r * d + j] = (float)(a * Math.Sin(j * 0.05) + b * Math.Cos(j * 0.3) + 0.1 * random.NextDouble() + 0.5);
        }
        var data = new Dataset("wide", values, d);
        var full = new Pca(new PcaOptions { Components = 4, Solver = PcaSolver.Full }).Fit(data);
        var eigh = new Pca(new PcaOptions { Components = 4, Solver = PcaSolver.CovarianceEigh }).Fit(data);
        AssertClose(full.ExplainedVariance.ToArray(), eigh.ExplainedVariance, 1e-3);
        AssertClose(full.ExplainedVarianceRatio.ToArray(), eigh.ExplainedVarianceRatio, 1e-3);
        float[] expected = full.Components.ToArray()[..(2 * d)], actual = eigh.Components.ToArray()[..(2 * d)];
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-3, $"component value {i}: {actual[i]} vs {expected[i]}");
        float[] scoresFull = full.Embedding.Features.ToArray(), scoresEigh = eigh.Embedding.Features.ToArray();
        for (int i = 0; i < 400; i += 4) Assert.True(Math.Abs(scoresFull[i] - scoresEigh[i]) < 1e-2, $"score {i}: {scoresEigh[i]} vs {scoresFull[i]}");
    }

    [Fact]
    public void RandomizedSolverIsDeterministicForASeed()
    {
        var (data, _) = Fixture();
        var options = new PcaOptions { Components = 2, Solver = PcaSolver.Randomized, Seed = 3 };
        Assert.Equal(new Pca(options).Fit(data).Components.ToArray(), new Pca(options).Fit(data).Components.ToArray());
    }

    [Theory]
    [InlineData(70_000, 784, 50, PcaSolver.CovarianceEigh)]
    [InlineData(400, 300, 10, PcaSolver.Full)]
    [InlineData(2_000, 3_000, 50, PcaSolver.Randomized)]
    [InlineData(2_000, 3_000, 1_900, PcaSolver.Full)]
    public void AutoSolverFollowsScikitLearnsRule(int rows, int features, int components, PcaSolver expected) =>
        Assert.Equal(expected, Pca.ChooseSolver(rows, features, components, PcaSolver.Auto));

    [Fact]
    public void BadOptionsAndDataAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pca(new PcaOptions { Components = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pca(new PcaOptions { Oversamples = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pca(new PcaOptions { PowerIterations = -2 }));
        var error = Assert.Throws<ArgumentException>(() => new Pca(new PcaOptions { Components = 6 }).Fit(new Dataset("small", new float[20], 5)));
        Assert.Contains("Components=6", error.Message);
    }

    private static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * Math.Max(1, Math.Abs(expected[i])), $"value {i}: {actual[i]} vs {expected[i]}");
    }
}
