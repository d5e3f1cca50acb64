using System.Text.Json;
using Agrupa.Data;
using Agrupa.Reduction;
using Agrupa.Runtime;

namespace Agrupa.Tests.Reduction;

public class TsneTests
{
    /// <summary>Exact KL(P ‖ Q) of <paramref name="layout"/> (n×2) under <paramref name="p"/>, with the exact Z.</summary>
    private static double ExactKl(TsneAffinityMatrix p, float[] layout)
    {
        double[] y = layout.Select(v => (double)v).ToArray();
        return Tsne.Gradient(p, y, 2, new TsneExactRepulsion(p.Count, 2), 1, new double[y.Length], new double[y.Length], new double[p.Count]);
    }

    private static TsneAffinityMatrix Affinities(Dataset data, double perplexity)
    {
        int k = Math.Min(data.Count - 1, (int)(3 * perplexity));
        return TsneAffinities.FromNeighbors(global::Agrupa.Neighbors.ExactNeighbors.Search(data, k + 1), perplexity);
    }

    [Theory]
    [InlineData(TsneGradientMethod.BarnesHut)]
    [InlineData(TsneGradientMethod.Fft)]
    public void DigitsKlDivergenceIsWithinFivePercentOfSklearns(TsneGradientMethod method)
    {
        JsonElement fixture = TsneFixtures.Digits;
        Dataset digits = TsneFixtures.DigitsData();
        var tsne = new Tsne(new TsneOptions { Method = method, Iterations = fixture.GetProperty("iterations").GetInt32() });
        TsneModel model = tsne.Fit(digits);
        Assert.Equal(method, model.Method);

        // Both layouts scored exactly, under the same P (ours; sklearn's differs only by its 91st neighbour).
        TsneAffinityMatrix p = Affinities(digits, 30);
        float[] sklearnLayout = TsneFixtures.Doubles(fixture.GetProperty("embedding")).Select(v => (float)v).ToArray();
        double ours = ExactKl(p, model.Embedding.Features.ToArray());
        double theirs = ExactKl(p, sklearnLayout);
        Assert.True(Math.Abs(ours / theirs - 1) <= 0.05,
            $"{method}: exact KL {ours:F4} vs sklearn's layout {theirs:F4} (sklearn reported {fixture.GetProperty("kl_divergence").GetDouble():F4})");
        // The reported value approximates the exact one.
        Assert.True(Math.Abs(model.KlDivergence / ours - 1) < 0.02, $"reported KL {model.KlDivergence:F4}, exact {ours:F4}");

        double trust = TsneFixtures.Trustworthiness(digits.Features.ToArray(), 64, model.Embedding.Features.ToArray(), 2, 10);
        double sklearnTrust = fixture.GetProperty("trustworthiness10").GetDouble();
        Assert.True(trust >= sklearnTrust - 0.01, $"trustworthiness(10) {trust:F4} vs sklearn's {sklearnTrust:F4}");
    }

    [Fact]
    public void TrustworthinessHelperAgreesWithSklearn()
    {
        JsonElement fixture = TsneFixtures.Digits;
        Dataset digits = TsneFixtures.DigitsData();
        float[] sklearnLayout = TsneFixtures.Doubles(fixture.GetProperty("embedding")).Select(v => (float)v).ToArray();
        double trust = TsneFixtures.Trustworthiness(digits.Features.ToArray(), 64, sklearnLayout, 2, 10);
        Assert.Equal(fixture.GetProperty("trustworthiness10").GetDouble(), trust, 3);
    }

    [Fact]
    public void ExactAndBarnesHutLayoutsAreEquallyGood()
    {
        Dataset digits = TsneFixtures.DigitsData().Subsample(400, seed: 1);
        TsneModel exact = new Tsne(new TsneOptions { Perplexity = 20, Iterations = 500 }).Fit(digits);
        Assert.Equal(TsneGradientMethod.Exact, exact.Method);
        Assert.Equal(399, exact.NeighborCount);
        TsneModel barnesHut = new Tsne(new TsneOptions { Perplexity = 20, Iterations = 500, Method = TsneGradientMethod.BarnesHut }).Fit(digits);
        Assert.Equal(60, barnesHut.NeighborCount);
        // The exact method reports the exact KL under its dense P.
        TsneAffinityMatrix dense = TsneAffinities.FromNeighbors(global::Agrupa.Neighbors.ExactNeighbors.Search(digits, 400), 20);
        double[] layout = exact.Embedding.Features.ToArray().Select(v => (double)v).ToArray();
        double recomputed = Tsne.Gradient(dense, layout, 2, new TsneExactRepulsion(400, 2), 1, new double[800], new double[800], new double[400]);
        Assert.True(Math.Abs(exact.KlDivergence / recomputed - 1) < 0.01, $"reported {exact.KlDivergence:F4}, recomputed {recomputed:F4}");
        // Scored under the same (sparse) P, both layouts are about as good.
        double exactScore = Tsne.KlDivergence(digits, exact.Embedding, 20), barnesHutScore = Tsne.KlDivergence(digits, barnesHut.Embedding, 20);
        Assert.True(Math.Abs(exactScore / barnesHutScore - 1) < 0.05, $"exact layout {exactScore:F4}, Barnes–Hut layout {barnesHutScore:F4}");
    }

    [Theory]
    [InlineData(TsneGradientMethod.BarnesHut)]
    [InlineData(TsneGradientMethod.Fft)]
    [InlineData(TsneGradientMethod.Exact)]
    public void SameSeedAndAnyThreadCountGiveTheSameEmbedding(TsneGradientMethod method)
    {
        Dataset data = TsneFixtures.DigitsData().Subsample(300, seed: 2);
        var options = new TsneOptions { Method = method, Iterations = 120, Perplexity = 15, Initialization = TsneInitialization.Random, Seed = 5 };
        float[] first = new Tsne(options).Fit(data).Embedding.Features.ToArray();
        int saved = ThreadBudget.Threads;
        float[] second;
        try
        {
            ThreadBudget.Threads = 1;
            second = new Tsne(options).Fit(data).Embedding.Features.ToArray();
        }
        finally
        {
            ThreadBudget.Threads = saved;
        }
        Assert.Equal(first, second);
        float[] otherSeed = new Tsne(options with { Seed = 6 }).Fit(data).Embedding.Features.ToArray();
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void SeparatedBlobsStaySeparated()
    {
        const int perBlob = 150, dims = 10;
        var random = new Random(7);
        var features = new float[3 * perBlob * dims];
        var labels = new int[3 * perBlob];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = i % 3;
            for (int d = 0; d < dims; d++)
                features[i * dims + d] = (float)((d == labels[i] ? 40 : 0) + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }
        var data = new Dataset("blobs", features, dims, labels);
        foreach (TsneGradientMethod method in new[] { TsneGradientMethod.BarnesHut, TsneGradientMethod.Fft })
        {
            float[] y = new Tsne(new TsneOptions { Method = method, Iterations = 350 }).Fit(data).Embedding.Features.ToArray();
            // Single-linkage gap: the closest pair from different blobs is farther apart than any point from its nearest blob mate.
            double between = double.PositiveInfinity, within = 0;
            for (int i = 0; i < labels.Length; i++)
            {
                double nearestMate = double.PositiveInfinity;
                for (int j = 0; j < labels.Length; j++)
                {
                    if (i == j) continue;
                    double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                    double distance = Math.Sqrt(dx * dx + dy * dy);
                    if (labels[i] == labels[j]) nearestMate = Math.Min(nearestMate, distance);
                    else between = Math.Min(between, distance);
                }
                within = Math.Max(within, nearestMate);
            }
            Assert.True(between > 3 * within, $"{method}: closest pair across blobs {between:F2}, largest nearest-mate distance {within:F2}");
        }
    }

    [Fact]
    public void ReportsKlDivergenceEveryFiftyIterations()
    {
        Dataset data = TsneFixtures.DigitsData().Subsample(200, seed: 3);
        var reports = new List<TrainingProgress>();
        var progress = new SynchronousProgress(reports.Add);
        TsneModel model = new Tsne(new TsneOptions { Iterations = 300, Perplexity = 10 }).Fit(data, progress);
        var iterations = reports.Where(r => r.Losses.ContainsKey("kl")).Select(r => r.Epoch).ToArray();
        Assert.Equal(new[] { 50, 100, 150, 200, 250, 300 }, iterations);
        Assert.All(reports.Where(r => r.Epoch > 0), r => Assert.Equal(300, r.TotalEpochs));
        Assert.Equal(model.KlDivergence, reports[^1].Losses["kl"]);
        Assert.Equal(6, model.History.Count);
        // KL decreases once the exaggeration is off.
        Assert.True(model.History[^1].KlDivergence < model.History[^3].KlDivergence);
    }

    [Fact]
    public void CancellationStopsTheOptimisation()
    {
        Dataset data = TsneFixtures.DigitsData().Subsample(200, seed: 3);
        using var source = new CancellationTokenSource();
        var progress = new SynchronousProgress(r => { if (r.Epoch >= 50) source.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => new Tsne(new TsneOptions { Perplexity = 10 }).Fit(data, progress, source.Token));
    }

    [Fact]
    public void PcaInitialisationHasTheTargetSpread()
    {
        Dataset digits = TsneFixtures.DigitsData();
        double[] layout = TsnePcaInitialization.Compute(digits.Features.ToArray(), digits.Count, 64, 2);
        double mean = Enumerable.Range(0, digits.Count).Average(i => layout[2 * i]);
        double std = Math.Sqrt(Enumerable.Range(0, digits.Count).Average(i => (layout[2 * i] - mean) * (layout[2 * i] - mean)));
        Assert.Equal(1e-4, std, 9);
        Assert.True(Math.Abs(mean) < 1e-9);
        // Column 0 carries more variance than column 1 (principal components in order).
        double mean1 = Enumerable.Range(0, digits.Count).Average(i => layout[2 * i + 1]);
        double std1 = Math.Sqrt(Enumerable.Range(0, digits.Count).Average(i => (layout[2 * i + 1] - mean1) * (layout[2 * i + 1] - mean1)));
        Assert.True(std1 < std);
    }

    [Fact]
    public void InvalidOptionsAreRejectedByName()
    {
        Assert.Contains("Perplexity", Assert.Throws<ArgumentOutOfRangeException>(() => new Tsne(new TsneOptions { Perplexity = 0 })).Message);
        Assert.Contains("Iterations", Assert.Throws<ArgumentOutOfRangeException>(() => new Tsne(new TsneOptions { Iterations = 0 })).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Tsne(new TsneOptions { LearningRate = -1 })).Message);
        Assert.Contains("Theta", Assert.Throws<ArgumentOutOfRangeException>(() => new Tsne(new TsneOptions { Theta = 2 })).Message);
        Assert.Contains("FinalMomentum", Assert.Throws<ArgumentOutOfRangeException>(() => new Tsne(new TsneOptions { FinalMomentum = 1 })).Message);
        Assert.Contains("Dimensions", Assert.Throws<ArgumentOutOfRangeException>(() => new Tsne(new TsneOptions { Dimensions = 0 })).Message);
    }

    [Fact]
    public void DataDependentProblemsAreExplained()
    {
        Dataset tiny = TsneFixtures.DigitsData().Subsample(20, seed: 1);
        Assert.Contains("less than the number of rows", Assert.Throws<ArgumentException>(() => new Tsne().Fit(tiny)).Message);
        var threeD = new Tsne(new TsneOptions { Dimensions = 3, Perplexity = 5, Method = TsneGradientMethod.BarnesHut });
        Assert.Contains("Dimensions = 2", Assert.Throws<ArgumentException>(() => threeD.Fit(tiny)).Message);
        Assert.Equal(TsneGradientMethod.Exact, new Tsne(new TsneOptions { Dimensions = 3 }).ResolveMethod(50_000));
        var auto = new Tsne();
        Assert.Equal(TsneGradientMethod.Exact, auto.ResolveMethod(1000));
        Assert.Equal(TsneGradientMethod.BarnesHut, auto.ResolveMethod(Tsne.FftThreshold - 1));
        Assert.Equal(TsneGradientMethod.Fft, auto.ResolveMethod(Tsne.FftThreshold));
    }

    [Fact]
    public void ThreeDimensionalExactEmbeddingAndTransformRefusal()
    {
        Dataset data = TsneFixtures.DigitsData().Subsample(120, seed: 4);
        IReducer reducer = new Tsne(new TsneOptions { Dimensions = 3, Perplexity = 10, Iterations = 300 });
        Assert.Equal("tsne3", reducer.Name);
        IReductionModel model = reducer.Fit(data);
        Assert.Equal(3, model.Embedding.FeatureCount);
        Assert.Equal(data.Labels, model.Embedding.Labels);
        Assert.All(model.Embedding.Features.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.Contains("no mapping for new rows", Assert.Throws<NotSupportedException>(() => model.Transform(data)).Message);
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
