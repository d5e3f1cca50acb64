using System.Text.Json;
using Agrupa.Evaluation;

namespace Agrupa.Tests.Evaluation;

/// <summary>Silhouette, Calinski–Harabasz, Davies–Bouldin and trustworthiness against scikit-learn 1.2 on float32 features.</summary>
public sealed class FeatureMetricsFixtureTests
{
    private const double Tolerance = 1e-6;

    public static TheoryData<string> Cases() => MetricsFixture.FeatureCaseNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void SilhouetteEqualsScikitLearn(string name)
    {
        (float[] x, int n, int d, int[] labels, JsonElement c) = Load(name);
        Close(c.GetProperty("silhouette").GetDouble(), Silhouette.Score(x, n, d, labels), "silhouette");
        double[] expected = c.GetProperty("silhouette_samples").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double[] actual = Silhouette.Samples(x, n, d, labels);
        for (int i = 0; i < n; i++) Close(expected[i], actual[i], $"silhouette of point {i}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SilhouetteDoesNotDependOnTheBlockSize(string name)
    {
        (float[] x, int n, int d, int[] labels, JsonElement c) = Load(name);
        double expected = c.GetProperty("silhouette").GetDouble();
        foreach (int block in new[] { 37, 100 })
            Close(expected, Silhouette.Score(x, n, d, labels, new SilhouetteOptions { BlockRows = block }), $"silhouette, blocks of {block}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CalinskiHarabaszAndDaviesBouldinEqualScikitLearn(string name)
    {
        (float[] x, int n, int d, int[] labels, JsonElement c) = Load(name);
        double ch = c.GetProperty("calinski_harabasz").GetDouble();
        double actual = CalinskiHarabasz.Score(x, n, d, labels);
        Assert.True(Math.Abs(ch - actual) <= Tolerance * Math.Max(1, Math.Abs(ch)), $"Calinski–Harabasz: expected {ch:R}, got {actual:R}");
        Close(c.GetProperty("davies_bouldin").GetDouble(), DaviesBouldin.Score(x, n, d, labels), "Davies–Bouldin");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrustworthinessEqualsScikitLearn(string name)
    {
        (float[] x, int n, int d, _, JsonElement c) = Load(name);
        if (!c.TryGetProperty("trustworthiness", out JsonElement expected)) return;   // case without an embedding
        float[] embedding = MetricsFixture.Floats(c.GetProperty("embedding"));
        int e = c.GetProperty("embedding_columns").GetInt32();
        foreach (JsonProperty k in expected.EnumerateObject())
        {
            var options = new TrustworthinessOptions { Neighbors = int.Parse(k.Name), BlockRows = 64 };
            Close(k.Value.GetDouble(), Trustworthiness.Score(x, n, d, embedding, e, options), $"trustworthiness k={k.Name}");
        }
    }

    private static (float[] X, int N, int D, int[] Labels, JsonElement Case) Load(string name)
    {
        JsonElement c = MetricsFixture.FeatureCase(name);
        return (MetricsFixture.Floats(c.GetProperty("features")), c.GetProperty("rows").GetInt32(), c.GetProperty("columns").GetInt32(),
            MetricsFixture.Ints(c.GetProperty("labels")), c);
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what}: expected {expected:R} (scikit-learn), got {actual:R}");
}
