using Agrupa.Clustering;
using Agrupa.Data;

namespace Agrupa.Tests.Clustering;

/// <summary>Choosing k: every criterion finds the three blobs; the internal indices agree with hand computations.</summary>
public sealed class ClusterCountSweepTests
{
    [Fact]
    public void KMeansSweepFindsThreeBlobs()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 60);
        ClusterCountSweep sweep = ClusterCountSweep.Run(data, new ClusterCountSweepOptions { MinClusters = 1, MaxClusters = 6, Seed = 1 });
        Assert.Equal(Enumerable.Range(1, 6), sweep.Scores.Select(s => s.Clusters));
        Assert.Equal(3, sweep.BestBySilhouette);
        Assert.Equal(3, sweep.Elbow);
        Assert.Null(sweep.BestByBic);
        Assert.True(double.IsNaN(sweep.Scores[0].Silhouette));
        Assert.True(sweep.Scores.Zip(sweep.Scores.Skip(1)).All(pair => pair.Second.Inertia <= pair.First.Inertia * 1.0001), "inertia falls with k");
    }

    [Fact]
    public void GaussianMixtureSweepPicksThreeByBic()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 60);
        ClusterCountSweep sweep = ClusterCountSweep.Run(data, new ClusterCountSweepOptions
        {
            Method = ClusterCountMethod.GaussianMixture, MinClusters = 2, MaxClusters = 5, Covariance = CovarianceType.Diagonal, Seed = 1,
        });
        Assert.Equal(3, sweep.BestByBic);
        Assert.All(sweep.Scores, s => Assert.True(double.IsNaN(s.Inertia)));
    }

    [Fact]
    public void SilhouetteAndCalinskiHarabaszMatchHandComputedValues()
    {
        // Points 0, 1 in cluster 0 and 4, 6 in cluster 1 (1-D).
        var data = new Dataset("line", [0f, 1f, 4f, 6f], 1);
        int[] labels = [0, 0, 1, 1];
        // silhouette: s0 = (5 − 1)/5, s1 = (4 − 1)/4, s4 = (3.5 − 2)/3.5, s6 = (5.5 − 2)/5.5.
        double expected = (4.0 / 5 + 3.0 / 4 + 1.5 / 3.5 + 3.5 / 5.5) / 4;
        var sample = new SweepScores.SilhouetteSample(data, 10, 0);
        Assert.Equal(expected, sample.Score(labels), 6);
        // CH: means 0.5 and 5, overall 2.75; B = 2·2.25² + 2·2.25² = 20.25; W = 0.5 + 2 = 2.5; (B/1)/(W/2) = 16.2.
        Assert.Equal(16.2, SweepScores.CalinskiHarabasz(data, labels), 6);
    }

    [Fact]
    public void BadRangesAreClearErrors()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 2);
        Assert.Contains("MaxClusters", Assert.Throws<ArgumentOutOfRangeException>(() =>
            ClusterCountSweep.Run(data, new ClusterCountSweepOptions { MinClusters = 4, MaxClusters = 3 })).Message);
        Assert.Contains("MaxClusters", Assert.Throws<ArgumentOutOfRangeException>(() =>
            ClusterCountSweep.Run(data, new ClusterCountSweepOptions { MinClusters = 2, MaxClusters = 7 })).Message);
    }
}
