using Agrupa.Clustering;
using Agrupa.Data;

namespace Agrupa.Tests.Clustering;

/// <summary>Mini-batch k-means: quality close to full k-means, determinism, consistency, edge cases.</summary>
public sealed class MiniBatchKMeansTests
{
    [Fact]
    public void ReachesNearlyTheInertiaOfFullKMeans()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 2000, features: 8);
        KMeansModel full = new KMeans(new KMeansOptions { Clusters = 3, Seed = 1 }).Fit(data);
        KMeansModel mini = new MiniBatchKMeans(new MiniBatchKMeansOptions { Clusters = 3, Seed = 1, BatchSize = 256 }).Fit(data);
        Assert.True(mini.Inertia <= full.Inertia * 1.01, $"mini-batch {mini.Inertia} vs full {full.Inertia}");
        Assert.Equal(mini.Labels, mini.Predict(data).Labels);
        Assert.InRange(mini.Iterations, 1, 100);
    }

    [Fact]
    public void SameSeedGivesIdenticalResults()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 500, features: 5);
        var options = new MiniBatchKMeansOptions { Clusters = 6, Seed = 3, BatchSize = 100, Restarts = 2 };
        KMeansModel first = new MiniBatchKMeans(options).Fit(data);
        KMeansModel second = new MiniBatchKMeans(options).Fit(data);
        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(first.Centers.ToArray(), second.Centers.ToArray());
    }

    [Fact]
    public void EmptyStartingCentreIsReassigned()
    {
        // One initial centre far away never receives rows: its count stays 0 and it is moved onto a batch row.
        Dataset data = KMeansTests.Blobs(perBlob: 200, features: 2);
        float[] initial = [.. data.Row(0), .. data.Row(300), 1000f, 1000f];
        var messages = new List<string>();
        KMeansModel model = new MiniBatchKMeans(new MiniBatchKMeansOptions { Clusters = 3, InitialCenters = initial, BatchSize = 64, Seed = 2 })
            .Fit(data, new KMeansTests.Recorder(p => { if (p.Message is { } m) messages.Add(m); }));
        Assert.Contains(messages, m => m.Contains("reassigned"));
        Assert.Equal(3, model.Labels.Distinct().Count());
        Assert.True(model.Center(2)[0] < 100, "the far centre moved onto the data");
    }

    [Fact]
    public void BadInputIsAClearError()
    {
        var tiny = new Dataset("tiny", [0f, 1f], 1);
        Assert.Contains("Clusters=3", Assert.Throws<ArgumentException>(() => new MiniBatchKMeans(new MiniBatchKMeansOptions { Clusters = 3 }).Fit(tiny)).Message);
        Assert.Contains("BatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new MiniBatchKMeans(new MiniBatchKMeansOptions { BatchSize = 0 })).Message);
        var nan = new Dataset("nan", [0f, float.NaN, 2f], 1);
        Assert.Contains("row 1", Assert.Throws<ArgumentException>(() => new MiniBatchKMeans(new MiniBatchKMeansOptions { Clusters = 2 }).Fit(nan)).Message);
    }
}
