using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Runtime;

namespace Agrupa.Tests.Clustering;

/// <summary>k-means behaviour: edge cases, determinism, prediction, weights, restarts.</summary>
public sealed class KMeansTests
{
    /// <summary>Three tight blobs in 3-D (n = 3 × perBlob), deterministic.</summary>
    internal static Dataset Blobs(int perBlob = 60, int seed = 1, int features = 3)
    {
        var random = new Random(seed);
        var centres = new[] { 0f, 10f, -10f };
        var values = new float[3 * perBlob * features];
        var labels = new int[3 * perBlob];
        for (int b = 0; b < 3; b++)
            for (int i = 0; i < perBlob; i++)
            {
                int row = b * perBlob + i;
                labels[row] = b;
                for (int j = 0; j < features; j++)
                    values[row * features + j] = centres[b] * (j % 2 == 0 ? 1 : -1) + (float)(random.NextDouble() - 0.5);
            }
        return new Dataset("blobs", values, features, labels);
    }

    [Fact]
    public void FindsWellSeparatedBlobs()
    {
        Dataset data = Blobs();
        KMeansModel model = new KMeans(new KMeansOptions { Clusters = 3, Seed = 4 }).Fit(data);
        // Each true blob maps to exactly one cluster.
        for (int b = 0; b < 3; b++)
            Assert.Single(Enumerable.Range(0, data.Count).Where(i => data.Labels![i] == b).Select(i => model.Labels[i]).Distinct());
        Assert.Equal(3, model.Labels.Distinct().Count());
        Assert.True(model.Inertia < data.Count * 3 * 0.1, $"inertia {model.Inertia}");
    }

    [Fact]
    public void SameSeedGivesIdenticalResultsAndPredictMatchesLabels()
    {
        Dataset data = Blobs(perBlob: 200, features: 20);
        var options = new KMeansOptions { Clusters = 5, Seed = 9, Restarts = 3 };
        KMeansModel first = new KMeans(options).Fit(data);
        KMeansModel second = new KMeans(options).Fit(data);
        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(first.Centers.ToArray(), second.Centers.ToArray());
        Assert.Equal(first.Inertia, second.Inertia);
        Assert.Equal(first.Labels, first.Predict(data).Labels);
        // A subset predicts the same labels as the full set (the kernel's arithmetic does not depend on blocking).
        int[] subset = [5, 17, 301, 599];
        Assert.Equal(subset.Select(i => first.Labels[i]), first.Predict(data.Select(subset)).Labels);
    }

    [Fact]
    public void MoreClustersThanRowsIsAClearError()
    {
        var data = new Dataset("tiny", [0f, 1f, 2f], 1);
        var error = Assert.Throws<ArgumentException>(() => new KMeans(new KMeansOptions { Clusters = 4 }).Fit(data));
        Assert.Contains("Clusters=4", error.Message);
        Assert.Contains("rows=3", error.Message);
    }

    [Fact]
    public void OneClusterIsTheMean()
    {
        Dataset data = Blobs();
        KMeansModel model = new KMeans(new KMeansOptions { Clusters = 1 }).Fit(data);
        Assert.All(model.Labels, l => Assert.Equal(0, l));
        for (int j = 0; j < data.FeatureCount; j++)
        {
            double mean = Enumerable.Range(0, data.Count).Average(i => data.Row(i)[j]);
            Assert.Equal(mean, model.Center(0)[j], 4);
        }
        Assert.All(model.Predict(data).Confidence, c => Assert.Equal(1.0, c));
    }

    [Fact]
    public void DuplicatePointsGiveADefinedResultAndAWarning()
    {
        // Two distinct points, each repeated, and three clusters asked for.
        var values = new float[] { 1, 1, 1, 1, 1, 1, 5, 5, 5, 5 };
        var data = new Dataset("duplicates", values, 2);
        var messages = new List<string>();
        var progress = new Recorder(p => { if (p.Message is { } m) messages.Add(m); });
        KMeansModel model = new KMeans(new KMeansOptions { Clusters = 3, Seed = 1 }).Fit(data, progress);
        Assert.Equal(2, model.Labels.Distinct().Count());
        Assert.Equal(0.0, model.Inertia, 10);
        Assert.Contains(messages, m => m.Contains("distinct clusters (2)") && m.Contains("Clusters (3)"));
        Assert.True(model.Centers.ToArray().All(float.IsFinite));
    }

    [Fact]
    public void ConstantFeaturesAreHarmless()
    {
        Dataset blobs = Blobs();
        var values = new float[blobs.Count * 5];
        for (int i = 0; i < blobs.Count; i++)
        {
            values[i * 5] = 7f;
            blobs.Row(i).CopyTo(values.AsSpan(i * 5 + 1, 3));
            values[i * 5 + 4] = -2f;
        }
        var data = new Dataset("constant", values, 5);
        KMeansModel model = new KMeans(new KMeansOptions { Clusters = 3, Seed = 3 }).Fit(data);
        Assert.Equal(3, model.Labels.Distinct().Count());
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(7f, model.Center(c)[0], 4);
            Assert.Equal(-2f, model.Center(c)[4], 4);
        }
        // All features constant: one distinct point.
        var flat = new Dataset("flat", Enumerable.Repeat(3f, 20).ToArray(), 2);
        KMeansModel flatModel = new KMeans(new KMeansOptions { Clusters = 2 }).Fit(flat);
        Assert.Equal(0.0, flatModel.Inertia);
    }

    [Fact]
    public void NaNIsAClearErrorNamingTheRow()
    {
        float[] values = Blobs().Features.ToArray();
        values[17 * 3 + 2] = float.NaN;
        var data = new Dataset("nan", values, 3);
        var error = Assert.Throws<ArgumentException>(() => new KMeans(new KMeansOptions { Clusters = 2 }).Fit(data));
        Assert.Contains("row 17", error.Message);
        Assert.Contains("feature 2", error.Message);
        Assert.Contains("NaN", error.Message);
    }

    [Fact]
    public void PredictRejectsAnotherFeatureCount()
    {
        KMeansModel model = new KMeans(new KMeansOptions { Clusters = 2 }).Fit(Blobs());
        var error = Assert.Throws<ArgumentException>(() => model.Predict(new Dataset("wide", new float[8], 4)));
        Assert.Contains("expected 3 features, got 4", error.Message);
    }

    [Fact]
    public void TransformGivesEuclideanDistancesToTheCentres()
    {
        Dataset data = Blobs();
        KMeansModel model = new KMeans(new KMeansOptions { Clusters = 3, Seed = 5 }).Fit(data);
        Dataset distances = model.Transform(data);
        Assert.Equal(3, distances.FeatureCount);
        for (int i = 0; i < data.Count; i += 13)
            for (int c = 0; c < 3; c++)
            {
                double expected = Math.Sqrt(Enumerable.Range(0, 3).Sum(j => Math.Pow(data.Row(i)[j] - model.Center(c)[j], 2)));
                Assert.Equal(expected, distances.Row(i)[c], 3);
            }
        ClusterAssignment assignment = model.Predict(data);
        Assert.All(assignment.Confidence, c => Assert.InRange(c, 0.0, 1.0));
        Assert.True(assignment.Confidence.Average() > 0.8, "rows of tight blobs are far closer to their own centre");
    }

    [Fact]
    public void IntegerWeightsEqualRepeatedRows()
    {
        Dataset data = Blobs(perBlob: 30);
        var weights = Enumerable.Range(0, data.Count).Select(i => (double)(1 + i % 3)).ToArray();
        var repeated = Enumerable.Range(0, data.Count).SelectMany(i => Enumerable.Repeat(i, 1 + i % 3)).ToArray();
        float[] initial = [.. data.Row(0), .. data.Row(40), .. data.Row(80)];
        var options = new KMeansOptions { Clusters = 3, InitialCenters = initial };
        KMeansModel weighted = new KMeans(options).Fit(data, weights);
        KMeansModel expanded = new KMeans(options).Fit(data.Select(repeated));
        Assert.Equal(expanded.Inertia, weighted.Inertia, 3);
        for (int i = 0; i < 9; i++) Assert.Equal(expanded.Centers.Span[i], weighted.Centers.Span[i], 4);
    }

    [Fact]
    public void MoreRestartsNeverIncreaseInertia()
    {
        Dataset data = Blobs(perBlob: 100, seed: 3, features: 6);
        double one = new KMeans(new KMeansOptions { Clusters = 8, Seed = 11, Restarts = 1 }).Fit(data).Inertia;
        double five = new KMeans(new KMeansOptions { Clusters = 8, Seed = 11, Restarts = 5 }).Fit(data).Inertia;
        Assert.True(five <= one, $"5 restarts {five} vs 1 restart {one}");
    }

    [Fact]
    public void OptionsAreValidatedWhenBuilt()
    {
        Assert.Contains("Clusters", Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(new KMeansOptions { Clusters = 0 })).Message);
        Assert.Contains("Restarts", Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(new KMeansOptions { Restarts = 0 })).Message);
        Assert.Contains("MaxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(new KMeansOptions { MaxIterations = 0 })).Message);
        Assert.Contains("Tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(new KMeansOptions { Tolerance = double.NaN })).Message);
        var data = Blobs();
        Assert.Contains("InitialCenters", Assert.Throws<ArgumentException>(() =>
            new KMeans(new KMeansOptions { Clusters = 2, InitialCenters = new float[5] }).Fit(data)).Message);
        Assert.Contains("row 4", Assert.Throws<ArgumentException>(() =>
            new KMeans(new KMeansOptions { Clusters = 2 }).Fit(data, Enumerable.Range(0, data.Count).Select(i => i == 4 ? -1.0 : 1.0).ToArray())).Message);
    }

    [Fact]
    public void KMeansPlusPlusSearchSortedIsNumpysLeftSide()
    {
        double[] cumulative = [0, 1, 1, 3, 6];
        Assert.Equal(0, KMeansPlusPlus.SearchSorted(cumulative, 0));
        Assert.Equal(1, KMeansPlusPlus.SearchSorted(cumulative, 0.5));
        Assert.Equal(1, KMeansPlusPlus.SearchSorted(cumulative, 1));
        Assert.Equal(3, KMeansPlusPlus.SearchSorted(cumulative, 1.0001));
        Assert.Equal(5, KMeansPlusPlus.SearchSorted(cumulative, 7));
    }

    [Fact]
    public void SeedingSpreadsCentresOverSeparatedBlobs()
    {
        // With ten well separated blobs and k = 10, greedy k-means++ should almost always put one seed in each.
        var random = new Random(0);
        int perBlob = 20, k = 10;
        var values = new float[k * perBlob * 2];
        for (int b = 0; b < k; b++)
            for (int i = 0; i < perBlob; i++)
            {
                values[(b * perBlob + i) * 2] = b * 100 + (float)random.NextDouble();
                values[(b * perBlob + i) * 2 + 1] = (float)random.NextDouble();
            }
        var data = new Dataset("line", values, 2);
        for (int seed = 0; seed < 5; seed++)
        {
            KMeansModel model = new KMeans(new KMeansOptions { Clusters = k, Seed = seed }).Fit(data);
            Assert.Equal(k, model.Labels.Distinct().Count());
            Assert.True(model.Inertia < k * perBlob * 0.5, $"seed {seed}: inertia {model.Inertia}");
        }
    }

    /// <summary>Synchronous progress sink.</summary>
    internal sealed class Recorder(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
