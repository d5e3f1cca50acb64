using Agrupa.Data;
using Agrupa.Evaluation;

namespace Agrupa.Tests.Reliability;

/// <summary>
/// The evaluation metrics on degenerate input: constant features, one cluster, all singletons, one row, NaN/∞
/// features. Internal scores follow scikit-learn's conventions for the defined cases (silhouette 0, Calinski–Harabasz 1,
/// Davies–Bouldin 0 when every point coincides) and refuse the undefined ones with an <see cref="ArgumentException"/>;
/// label scores are always finite.
/// </summary>
public sealed class MetricEdgeCaseTests
{
    private static readonly int[] TwoClusters = [0, 0, 0, 1, 1, 1];

    [Fact]
    public void CoincidingPointsScoreAsScikitLearnDoes()
    {
        var data = new Dataset("constant", Enumerable.Repeat(0.5f, 24).ToArray(), 4);
        Assert.Equal(0.0, Silhouette.Score(data, TwoClusters));
        Assert.Equal(1.0, CalinskiHarabasz.Score(data, TwoClusters));
        Assert.Equal(0.0, DaviesBouldin.Score(data, TwoClusters));
    }

    [Theory]
    [InlineData(new[] { 0, 0, 0, 0, 0, 0 })]   // one cluster
    [InlineData(new[] { 0, 1, 2, 3, 4, 5 })]   // every point its own cluster
    [InlineData(new[] { -1, -1, -1, -1, -1, -1 })]   // all noise counted as one cluster
    public void AnUndefinedInternalScoreIsAnArgumentExceptionNamingTheClusterCount(int[] labels)
    {
        var data = new Dataset("line", Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 4);
        foreach (Func<double> score in new Func<double>[] { () => Silhouette.Score(data, labels), () => CalinskiHarabasz.Score(data, labels), () => DaviesBouldin.Score(data, labels) })
            Assert.Contains("clusters", Assert.Throws<ArgumentException>(() => score()).Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteFeaturesAreRefusedNamingTheRow(float bad)
    {
        float[] x = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        x[5] = bad;   // row 1, feature 1
        var data = new Dataset("bad", x, 4);
        foreach (Func<double> score in new Func<double>[] { () => Silhouette.Score(data, TwoClusters), () => CalinskiHarabasz.Score(data, TwoClusters), () => DaviesBouldin.Score(data, TwoClusters) })
            Assert.Contains("row 1, feature 1", Assert.Throws<ArgumentException>(() => score()).Message);
        float[] clean = Enumerable.Range(0, 80).Select(i => (float)Math.Sin(i)).ToArray();
        float[] embedding = Enumerable.Range(0, 40).Select(i => i == 7 ? bad : i).ToArray();
        Assert.Contains("row 7, feature 0", Assert.Throws<ArgumentException>(() => Trustworthiness.Score(clean, 40, 2, embedding, 1)).Message);
    }

    [Fact]
    public void LabelScoresAreFiniteOnDegeneratePartitions()
    {
        int[] constant = [0, 0, 0, 0, 0, 0], singletons = [0, 1, 2, 3, 4, 5];
        foreach (var (truth, predicted) in new[] { (constant, constant), (constant, singletons), (singletons, constant), (singletons, singletons), (constant, TwoClusters), (new[] { 0 }, new[] { 0 }) })
        {
            ClusterScores s = ClusterMetrics.Compute(truth, predicted);
            Assert.All(new[] { s.Acc, s.Nmi, s.Ami, s.Ari, s.Homogeneity, s.Completeness, s.VMeasure, s.Purity }, v => Assert.InRange(v, -1.0, 1.0));
        }
        ClusterScores same = ClusterMetrics.Compute(constant, constant);
        Assert.Equal(1.0, same.Nmi);   // scikit-learn: identical partitions score 1, even a single cluster
        ClusterScores none = ClusterMetrics.Compute(constant, TwoClusters);
        Assert.Equal((0.0, 0.0), (none.Nmi, none.Ari));
    }
}
