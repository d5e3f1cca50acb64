using Agrupa.Data;
using Agrupa.Experiments;

namespace Agrupa.Tests.Experiments;

public sealed class ClusterMetricsScorerTests
{
    [Fact]
    public void APermutedPerfectClusteringScoresOneAndTheConfusionIsInMatchedOrder()
    {
        Dataset data = TestMethods.Blobs(perClass: 10);
        int[] predicted = data.Labels!.Select(l => (l + 1) % 3).ToArray();   // class 0 → cluster 1, 1 → 2, 2 → 0
        var scorer = new ClusterMetricsScorer();
        IReadOnlyDictionary<string, double> scores = scorer.Score(data, predicted, ["acc", "nmi", "ami", "ari", "purity", "silhouette", "calinski-harabasz", "davies-bouldin"]);
        foreach (string metric in new[] { "acc", "nmi", "ami", "ari", "purity" }) Assert.Equal(1.0, scores[metric], 9);
        Assert.True(scores["silhouette"] > 0.9, $"silhouette {scores["silhouette"]}");
        Assert.True(scores["davies-bouldin"] < 0.2);
        ConfusionTable table = scorer.Confusion(data.Labels!, predicted, data.ClassNames);
        Assert.Equal(["left", "middle", "right"], table.RowNames);
        Assert.Equal(["cluster 1", "cluster 2", "cluster 0"], table.ColumnNames);
        Assert.Equal([10, 0, 0, 0, 10, 0, 0, 0, 10], table.Counts);
    }

    [Fact]
    public void NoiseCountsAsOneMoreClusterAndGetsItsOwnColumn()
    {
        Dataset data = TestMethods.Blobs(perClass: 10);
        int[] predicted = data.Labels!.Select((l, i) => i % 5 == 0 ? -1 : l).ToArray();
        var scorer = new ClusterMetricsScorer();
        double acc = scorer.Score(data, predicted, ["acc"])["acc"];
        Assert.Equal(24 / 30.0, acc, 9);   // the 6 noise rows are wrong
        ConfusionTable table = scorer.Confusion(data.Labels!, predicted, null);
        Assert.Equal("noise", table.ColumnNames[^1]);
        Assert.Equal(6, Enumerable.Range(0, 3).Sum(r => table[r, 3]));
        Assert.Empty(scorer.Score(data.WithoutLabels(), predicted, ["acc", "nmi"]));
    }
}
