using Agrupa.Data;
using Agrupa.Reduction;
using Agrupa.Runtime;
using Agrupa.Tests.Neighbors;

namespace Agrupa.Tests.Reduction;

public class UmapTests
{
    [Fact]
    public void TrustworthinessOnDigitsIsWithinOneHundredthOfUmapLearn()
    {
        Dataset digits = ReductionFixture.Digits();
        var reference = ReductionFixture.Json.GetProperty("umap_digits_trustworthiness");
        double expected = ReductionFixture.Doubles(reference.GetProperty("values")).Average();
        var ours = new List<double>();
        foreach (int seed in new[] { 0 })
        {
            UmapModel model = new Umap(new UmapOptions { Seed = seed }).Fit(digits);
            ours.Add(Trustworthiness.Compute(digits.Features.ToArray(), 64, model.Embedding.Features.ToArray(), 2, 10));
        }
        Assert.True(Math.Abs(ours.Average() - expected) <= 0.01, $"Agrupa {string.Join(", ", ours.Select(v => v.ToString("F4")))} vs umap-learn mean {expected:F4}");
    }

    [Fact]
    public void TwoWellSeparatedBlobsStaySeparated()
    {
        var random = new Random(3);
        const int n = 400, d = 10;
        var x = new float[n * d];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 2;
            for (int j = 0; j < d; j++) x[i * d + j] = (float)(random.NextDouble() + (labels[i] == 1 ? 50 : 0));
        }
        var data = new Dataset("blobs", x, d, labels);
        float[] e = new Umap(new UmapOptions { Seed = 1 }).Fit(data).Embedding.Features.ToArray();
        double between = double.PositiveInfinity, within = 0;
        for (int i = 0; i < n; i++)
        {
            double nearestSame = double.PositiveInfinity;
            for (int j = 0; j < n; j++)
            {
                if (i == j) continue;
                double dist = Math.Sqrt(Math.Pow(e[i * 2] - e[j * 2], 2) + Math.Pow(e[i * 2 + 1] - e[j * 2 + 1], 2));
                if (labels[i] != labels[j]) between = Math.Min(between, dist);
                else nearestSame = Math.Min(nearestSame, dist);
            }
            within = Math.Max(within, nearestSame);
        }
        Assert.True(between > 3 * within, $"closest pair across blobs {between:F3}, largest nearest-neighbour gap inside a blob {within:F3}");
    }

    [Fact]
    public void SameSeedGivesTheSameEmbedding()
    {
        Dataset data = new("blobs", NeighborTestData.Blobs(500, 8, 4, seed: 9), 8);
        var options = new UmapOptions { Seed = 5, Epochs = 100 };
        float[] first = new Umap(options).Fit(data).Embedding.Features.ToArray();
        float[] second = new Umap(options).Fit(data).Embedding.Features.ToArray();
        Assert.Equal(first, second);
        float[] other = new Umap(options with { Seed = 6 }).Fit(data).Embedding.Features.ToArray();
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void AnyOutputDimensionWorks()
    {
        Dataset data = new("blobs", NeighborTestData.Blobs(300, 6, 3, seed: 2), 6);
        foreach (int dims in new[] { 1, 3, 10 })
        {
            UmapModel model = new Umap(new UmapOptions { Dimensions = dims, Epochs = 50 }).Fit(data);
            Assert.Equal(dims, model.Embedding.FeatureCount);
            Assert.All(model.Embedding.Features.ToArray(), v => Assert.True(float.IsFinite(v)));
        }
    }

    [Fact]
    public void TransformPlacesNewPointsBesideTheirNeighbours()
    {
        Dataset digits = ReductionFixture.Digits();
        var trainRows = Enumerable.Range(0, digits.Count).Where(i => i % 5 != 0).ToArray();
        var testRows = Enumerable.Range(0, digits.Count).Where(i => i % 5 == 0).ToArray();
        Dataset train = digits.Select(trainRows), test = digits.Select(testRows);
        UmapModel model = new Umap(new UmapOptions { Seed = 0 }).Fit(train);
        float[] embedded = model.Transform(test).Features.ToArray();
        float[] trained = model.Embedding.Features.ToArray();
        Assert.Equal(test.Count * 2, embedded.Length);
        // 1-NN label agreement in the embedding should be high (digits separate well)
        int agree = 0;
        for (int i = 0; i < test.Count; i++)
        {
            int best = 0;
            double bestDistance = double.PositiveInfinity;
            for (int j = 0; j < train.Count; j++)
            {
                double dist = Math.Pow(embedded[i * 2] - trained[j * 2], 2) + Math.Pow(embedded[i * 2 + 1] - trained[j * 2 + 1], 2);
                if (dist < bestDistance) { bestDistance = dist; best = j; }
            }
            if (train.Labels![best] == test.Labels![i]) agree++;
        }
        Assert.True(agree >= 0.9 * test.Count, $"1-NN agreement of transformed points {agree}/{test.Count}");
        Assert.Equal(embedded, model.Transform(test).Features.ToArray());
    }

    [Fact]
    public void TooFewRowsAndBadOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new Umap(new UmapOptions()).Fit(new Dataset("one", new float[3], 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Umap(new UmapOptions { NeighborCount = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Umap(new UmapOptions { MinDist = 2, Spread = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Umap(new UmapOptions { Dimensions = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Umap(new UmapOptions { SetOperationMixRatio = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Umap(new UmapOptions { LearningRate = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Umap(new UmapOptions { Epochs = 0 }));
        Assert.Equal(200, Umap.DefaultEpochs(10_001));
        Assert.Equal(500, Umap.DefaultEpochs(10_000));
    }
}

/// <summary>Tests that change the global thread budget run alone.</summary>
[CollectionDefinition(nameof(ThreadBudgetCollection), DisableParallelization = true)]
public class ThreadBudgetCollection;

[Collection(nameof(ThreadBudgetCollection))]
public class UmapThreadCountTests
{
    /// <param name="dimensions">12, and 150: above <c>RandomProjectionForest.SketchAbove</c> the trees split a sketch
    /// of the rows (N2D's joint autoencoder + SimCLR code has 138 columns).</param>
    [Theory]
    [InlineData(12)]
    [InlineData(150)]
    public void ThreadCountDoesNotChangeTheResult(int dimensions)
    {
        Dataset data = new("blobs", NeighborTestData.Blobs(4500, dimensions, 5, seed: 8), dimensions);   // ≥ 4096 rows: NN-descent path
        var options = new UmapOptions { Seed = 2, Epochs = 40 };
        int saved = ThreadBudget.Threads;
        try
        {
            ThreadBudget.Threads = 1;
            float[] one = new Umap(options).Fit(data).Embedding.Features.ToArray();
            ThreadBudget.Threads = 2;
            float[] two = new Umap(options).Fit(data).Embedding.Features.ToArray();
            ThreadBudget.Threads = 3;
            float[] three = new Umap(options).Fit(data).Embedding.Features.ToArray();
            Assert.Equal(one, two);
            Assert.Equal(one, three);
        }
        finally
        {
            ThreadBudget.Threads = saved;
        }
    }
}
