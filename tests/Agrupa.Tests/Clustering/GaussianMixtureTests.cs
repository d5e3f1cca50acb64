using Agrupa.Clustering;
using Agrupa.Data;

namespace Agrupa.Tests.Clustering;

/// <summary>Gaussian mixture behaviour: edge cases, determinism, probabilities, criteria.</summary>
public sealed class GaussianMixtureTests
{
    public static TheoryData<CovarianceType> AllTypes => [CovarianceType.Full, CovarianceType.Tied, CovarianceType.Diagonal, CovarianceType.Spherical];

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void FindsBlobsAndPredictsConsistently(CovarianceType type)
    {
        Dataset data = KMeansTests.Blobs(perBlob: 80);
        var options = new GaussianMixtureOptions { Components = 3, Covariance = type, Seed = 2 };
        GaussianMixtureModel model = new GaussianMixture(options).Fit(data);
        for (int b = 0; b < 3; b++)
            Assert.Single(Enumerable.Range(0, data.Count).Where(i => data.Labels![i] == b).Select(i => model.Labels[i]).Distinct());
        ClusterAssignment assignment = model.Predict(data);
        Assert.Equal(model.Labels, assignment.Labels);
        double[] probabilities = model.PredictProbabilities(data);
        for (int i = 0; i < data.Count; i++)
        {
            double sum = probabilities[i * 3] + probabilities[i * 3 + 1] + probabilities[i * 3 + 2];
            Assert.Equal(1.0, sum, 10);
            Assert.Equal(probabilities[i * 3 + assignment.Labels[i]], assignment.Confidence[i], 12);
        }
        Assert.True(model.Converged);
        Assert.Equal(1.0, model.Weights.ToArray().Sum(), 10);
        // The lower bound is the average log-likelihood at the last E-step; one more M-step only raises it.
        Assert.True(model.AverageLogLikelihood(data) >= model.LowerBound - 1e-9);
    }

    [Fact]
    public void SameSeedGivesIdenticalResults()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 100, features: 4);
        foreach (var init in new[] { GaussianMixtureInitialization.KMeans, GaussianMixtureInitialization.Random })
        {
            var options = new GaussianMixtureOptions { Components = 4, Seed = 7, Restarts = 2, Initialization = init };
            GaussianMixtureModel first = new GaussianMixture(options).Fit(data);
            GaussianMixtureModel second = new GaussianMixture(options).Fit(data);
            Assert.Equal(first.Labels, second.Labels);
            Assert.Equal(first.LowerBound, second.LowerBound);
            Assert.Equal(first.Means.ToArray(), second.Means.ToArray());
        }
    }

    [Fact]
    public void BicPrefersTheTrueNumberOfComponents()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 100);
        double Bic(int k) => new GaussianMixture(new GaussianMixtureOptions { Components = k, Seed = 1 }).Fit(data) is var m ? m.Bic(data) : 0;
        double two = Bic(2), three = Bic(3), five = Bic(5);
        Assert.True(three < two && three < five, $"BIC k=2 {two}, k=3 {three}, k=5 {five}");
    }

    [Fact]
    public void ParameterCountsAreScikitLearns()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 30, features: 4);
        int Count(CovarianceType type) => new GaussianMixture(new GaussianMixtureOptions { Components = 3, Covariance = type }).Fit(data).ParameterCount;
        // means 3·4, weights 2, covariances: full 3·10, tied 10, diag 12, spherical 3.
        Assert.Equal(12 + 2 + 30, Count(CovarianceType.Full));
        Assert.Equal(12 + 2 + 10, Count(CovarianceType.Tied));
        Assert.Equal(12 + 2 + 12, Count(CovarianceType.Diagonal));
        Assert.Equal(12 + 2 + 3, Count(CovarianceType.Spherical));
    }

    [Fact]
    public void OneComponentIsTheSampleGaussian()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 50, features: 2);
        GaussianMixtureModel model = new GaussianMixture(new GaussianMixtureOptions { Components = 1 }).Fit(data);
        int n = data.Count;
        double meanX = Enumerable.Range(0, n).Average(i => (double)data.Row(i)[0]);
        double meanY = Enumerable.Range(0, n).Average(i => (double)data.Row(i)[1]);
        double covXY = Enumerable.Range(0, n).Average(i => (data.Row(i)[0] - meanX) * (data.Row(i)[1] - meanY));
        Assert.Equal(meanX, model.Means.Span[0], 6);
        Assert.Equal(meanY, model.Means.Span[1], 6);
        Assert.Equal(covXY, model.Covariances.Span[1], 6);
        Assert.All(model.Labels, l => Assert.Equal(0, l));
    }

    [Fact]
    public void ConstantFeatureIsHeldByTheRegularisation()
    {
        Dataset blobs = KMeansTests.Blobs(perBlob: 40, features: 2);
        var values = new float[blobs.Count * 3];
        for (int i = 0; i < blobs.Count; i++)
        {
            values[i * 3] = blobs.Row(i)[0];
            values[i * 3 + 1] = 4f;
            values[i * 3 + 2] = blobs.Row(i)[1];
        }
        var data = new Dataset("constant", values, 3);
        GaussianMixtureModel model = new GaussianMixture(new GaussianMixtureOptions { Components = 3, Seed = 1 }).Fit(data);
        Assert.Equal(3, model.Labels.Distinct().Count());
        Assert.True(double.IsFinite(model.LowerBound));
        // Without regularisation the constant feature makes the covariances singular: a clear error.
        var error = Assert.Throws<InvalidOperationException>(() =>
            new GaussianMixture(new GaussianMixtureOptions { Components = 3, Seed = 1, CovarianceRegularization = 0 }).Fit(data));
        Assert.Contains("CovarianceRegularization", error.Message);
    }

    [Fact]
    public void BadInputIsAClearError()
    {
        var tiny = new Dataset("tiny", [0f, 1f], 1);
        Assert.Contains("Components=3", Assert.Throws<ArgumentException>(() => new GaussianMixture(new GaussianMixtureOptions { Components = 3 }).Fit(tiny)).Message);
        float[] values = KMeansTests.Blobs().Features.ToArray();
        values[5 * 3] = float.PositiveInfinity;
        var error = Assert.Throws<ArgumentException>(() => new GaussianMixture(new GaussianMixtureOptions { Components = 2 }).Fit(new Dataset("inf", values, 3)));
        Assert.Contains("row 5", error.Message);
        Assert.Contains("Components", Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianMixture(new GaussianMixtureOptions { Components = 0 })).Message);
        Assert.Contains("CovarianceRegularization", Assert.Throws<ArgumentOutOfRangeException>(() =>
            new GaussianMixture(new GaussianMixtureOptions { CovarianceRegularization = -1 })).Message);
        Assert.Contains("InitialLabels[1]", Assert.Throws<ArgumentException>(() =>
            new GaussianMixture(new GaussianMixtureOptions { Components = 2, InitialLabels = [0, 2, 1] }).Fit(new Dataset("three", [0f, 1f, 2f], 1))).Message);
        GaussianMixtureModel model = new GaussianMixture(new GaussianMixtureOptions { Components = 2 }).Fit(KMeansTests.Blobs());
        Assert.Contains("expected 3 features, got 1", Assert.Throws<ArgumentException>(() => model.Predict(tiny)).Message);
    }

    [Fact]
    public void NonConvergenceIsReported()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 60);
        var messages = new List<string>();
        var progress = new KMeansTests.Recorder(p => { if (p.Message is { } m) messages.Add(m); });
        GaussianMixtureModel model = new GaussianMixture(new GaussianMixtureOptions
        {
            Components = 3, MaxIterations = 1, Tolerance = 0, Initialization = GaussianMixtureInitialization.Random,
        }).Fit(data, progress);
        Assert.False(model.Converged);
        Assert.Equal(1, model.Iterations);
        Assert.Contains(messages, m => m.Contains("did not converge"));
    }
}
