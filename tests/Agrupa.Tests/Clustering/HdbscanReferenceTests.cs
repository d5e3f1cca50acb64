using System.Text.Json;
using Agrupa.Clustering;

namespace Agrupa.Tests.Clustering;

/// <summary>HDBSCAN against R's dbscan::hdbscan on blobs with noise, moons and iris (fixtures from the committed script).</summary>
public sealed class HdbscanReferenceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in DensityFixtures.Hdbscan.GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static JsonElement Case(string name) =>
        DensityFixtures.Hdbscan.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    private static HdbscanModel FitLikeR(JsonElement c, HdbscanSpanningTreeAlgorithm algorithm)
    {
        int minPts = c.GetProperty("min_pts").GetInt32();
        var data = DensityFixtures.Dataset(DensityFixtures.Hdbscan, c.GetProperty("dataset").GetString()!);
        return new Hdbscan(new HdbscanOptions { MinClusterSize = minPts, MinSamples = minPts, CountSelfAsNeighbor = true, SpanningTree = algorithm }).Fit(data);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Core_distances_equal_R(string name)
    {
        JsonElement c = Case(name);
        var model = FitLikeR(c, HdbscanSpanningTreeAlgorithm.KdTreeBoruvka);
        double[] expected = DensityFixtures.Doubles(c.GetProperty("core_distances"));
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], model.CoreDistances[i], 1e-6);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Labels_equal_R_up_to_permutation_with_the_same_noise_ties_aside(string name)
    {
        JsonElement c = Case(name);
        int[] expected = DensityFixtures.Ints(c.GetProperty("labels"));
        foreach (var algorithm in new[] { HdbscanSpanningTreeAlgorithm.KdTreeBoruvka, HdbscanSpanningTreeAlgorithm.BlockedBoruvka })
        {
            var model = FitLikeR(c, algorithm);
            var ties = DensityFixtures.TiePoints(model);
            var kept = Enumerable.Range(0, expected.Length).Where(i => !ties.Contains(i)).ToArray();
            double ari = DensityFixtures.AdjustedRandIndex(kept.Select(i => expected[i]).ToArray(), kept.Select(i => model.Labels[i]).ToArray());
            Assert.True(ari >= 0.99, $"{name} ({algorithm}): ARI {ari:F4} against R outside {ties.Count} tie points.");
            double all = DensityFixtures.AdjustedRandIndex(expected, model.Labels);
            Assert.True(all >= 0.98, $"{name} ({algorithm}): ARI {all:F4} against R on all points.");
            var noiseDifferences = Enumerable.Range(0, expected.Length).Where(i => expected[i] < 0 != model.Labels[i] < 0).ToArray();
            Assert.All(noiseDifferences, i => Assert.Contains(i, ties));
            Assert.True(noiseDifferences.Length <= expected.Length / 100, $"{noiseDifferences.Length} noise differences.");
            Assert.Equal(expected.Max() + 1, model.ClusterCount);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Outlier_scores_rank_like_R(string name)
    {
        // R's GLOSH takes each point's own departure distance where hdbscan (and Agrupa) let a small branch leave its
        // cluster at once, so the values differ by design; the ranking of outlyingness must agree.
        JsonElement c = Case(name);
        double[] expected = DensityFixtures.Doubles(c.GetProperty("outlier_scores"));
        var model = FitLikeR(c, HdbscanSpanningTreeAlgorithm.KdTreeBoruvka);
        double rho = DensityFixtures.SpearmanCorrelation(expected, model.OutlierScores.ToArray());
        Assert.True(rho >= 0.9, $"Spearman correlation of outlier scores with R: {rho:F3}.");
        Assert.All(model.OutlierScores, s => Assert.InRange(s, 0.0, 1.0));
    }
}
