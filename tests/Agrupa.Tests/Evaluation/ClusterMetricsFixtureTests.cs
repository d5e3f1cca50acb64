using System.Text.Json;
using Agrupa.Evaluation;

namespace Agrupa.Tests.Evaluation;

/// <summary>Every label metric against scikit-learn 1.2 on the generated cases (random, degenerate, noise, 70k labels).</summary>
public sealed class ClusterMetricsFixtureTests
{
    private const double Tolerance = 1e-6;

    public static TheoryData<string> Cases() => MetricsFixture.LabelCaseNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void SingleMetricsEqualScikitLearn(string name)
    {
        JsonElement c = MetricsFixture.LabelCase(name);
        int[] truth = MetricsFixture.Ints(c.GetProperty("truth"));
        int[] predicted = MetricsFixture.Ints(c.GetProperty("predicted"));
        JsonElement s = c.GetProperty("scores");
        ContingencyTable table = ContingencyTable.Create(truth, predicted);
        Assert.Equal(s.GetProperty("classes").GetInt32(), table.Classes.Count);
        Assert.Equal(s.GetProperty("clusters").GetInt32(), table.Clusters.Count);
        Close(s, "mi", ClusterMetrics.MutualInformation(truth, predicted));
        Close(s, "acc", ClusterMetrics.Accuracy(truth, predicted));
        Close(s, "purity", ClusterMetrics.Purity(truth, predicted));
        Close(s, "ari", ClusterMetrics.AdjustedRandIndex(truth, predicted));
        (double h, double co, double v) = ClusterMetrics.HomogeneityCompletenessVMeasure(truth, predicted);
        Close(s, "homogeneity", h);
        Close(s, "completeness", co);
        Close(s, "v_measure", v);
        foreach ((string key, MutualInformationAverage average) in Averages)
        {
            Close(s.GetProperty("nmi"), key, ClusterMetrics.NormalizedMutualInformation(table, average), $"nmi {key}");
            double ami = ClusterMetrics.AdjustedMutualInformation(table, average);
            if (AmiIsZeroOverZero(table, average))
            {
                // E.g. all-singleton clusters with the min average: MI = E[MI] = min(H) exactly, so AMI is 0/0 and both
                // libraries return rounding noise (scikit-learn 0.993 here). Only finiteness is meaningful.
                Assert.True(double.IsFinite(ami), $"ami {key} not finite");
                continue;
            }
            Close(s.GetProperty("ami"), key, ami, $"ami {key}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ComputeEqualsScikitLearnUnderBothNoiseOptions(string name)
    {
        JsonElement c = MetricsFixture.LabelCase(name);
        int[] truth = MetricsFixture.Ints(c.GetProperty("truth"));
        int[] predicted = MetricsFixture.Ints(c.GetProperty("predicted"));
        ClusterScores counted = ClusterMetrics.Compute(truth, predicted, new ClusterMetricsOptions { NmiAverage = MutualInformationAverage.Geometric });
        Assert.Equal(NoiseHandling.Cluster, counted.Noise);
        Assert.Equal(MutualInformationAverage.Geometric, counted.NmiAverage);
        Assert.Equal(truth.Length, counted.Count);
        AssertScores(c.GetProperty("scores"), counted, "geometric");
        ClusterScores excluded = ClusterMetrics.Compute(truth, predicted, new ClusterMetricsOptions { Noise = NoiseHandling.Exclude });
        Assert.Equal(NoiseHandling.Exclude, excluded.Noise);
        if (c.TryGetProperty("scores_noise_excluded", out JsonElement withoutNoise))
        {
            double fraction = c.GetProperty("noise_fraction").GetDouble();
            Assert.Equal(fraction, counted.NoiseFraction, 12);
            Assert.Equal(fraction, excluded.NoiseFraction, 12);
            Assert.Equal(truth.Length - (int)Math.Round(fraction * truth.Length), excluded.Count);
            AssertScores(withoutNoise, excluded, "arithmetic");
        }
        else
        {
            Assert.Equal(0, counted.NoiseFraction);
            AssertScores(c.GetProperty("scores"), excluded, "arithmetic");
        }
    }

    private static bool AmiIsZeroOverZero(ContingencyTable table, MutualInformationAverage average)
    {
        double emi = ExpectedMutualInformation.Compute(table.ClassTotals, table.ClusterTotals, table.Total);
        double normalizer = ClusterMetrics.Average(ClusterMetrics.Entropy(table.ClassTotals), ClusterMetrics.Entropy(table.ClusterTotals), average);
        return table.Classes.Count > 1 && Math.Abs(normalizer - emi) < 1e-12 * Math.Max(1, normalizer);
    }

    private static readonly (string Key, MutualInformationAverage Average)[] Averages =
    [
        ("arithmetic", MutualInformationAverage.Arithmetic), ("geometric", MutualInformationAverage.Geometric),
        ("min", MutualInformationAverage.Min), ("max", MutualInformationAverage.Max),
    ];

    private static void AssertScores(JsonElement s, ClusterScores scores, string nmiKey)
    {
        Close(s, "acc", scores.Acc);
        Close(s.GetProperty("nmi"), nmiKey, scores.Nmi, "nmi");
        Close(s.GetProperty("ami"), "arithmetic", scores.Ami, "ami");
        Close(s, "ari", scores.Ari);
        Close(s, "homogeneity", scores.Homogeneity);
        Close(s, "completeness", scores.Completeness);
        Close(s, "v_measure", scores.VMeasure);
        Close(s, "purity", scores.Purity);
        Assert.Equal(s.GetProperty("classes").GetInt32(), scores.ClassCount);
        Assert.Equal(s.GetProperty("clusters").GetInt32(), scores.ClusterCount);
    }

    private static void Close(JsonElement scores, string key, double actual, string? what = null)
    {
        double expected = scores.GetProperty(key).GetDouble();
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what ?? key}: expected {expected:R} (scikit-learn), got {actual:R}");
    }
}
