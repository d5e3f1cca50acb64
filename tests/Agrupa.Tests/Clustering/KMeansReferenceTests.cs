using System.Text.Json;
using Agrupa.Clustering;

namespace Agrupa.Tests.Clustering;

/// <summary>
/// k-means from fixed initial centres against scikit-learn 1.2 (KMeans(init=array, n_init=1, algorithm='lloyd')):
/// same labels, centres within 1e-4, same inertia and iteration count.
/// </summary>
public sealed class KMeansReferenceTests
{
    private const string File = "kmeans_reference.json";

    public static TheoryData<string> CaseNames => ClusteringFixtures.Names(File);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesScikitLearnFromTheSameInitialCentres(string name)
    {
        JsonElement item = ClusteringFixtures.Case(File, name);
        var data = ClusteringFixtures.Data(item);
        float[] initial = ClusteringFixtures.Floats(item.GetProperty("initial_centers"));
        int k = initial.Length / data.FeatureCount;
        var options = new KMeansOptions
        {
            Clusters = k,
            InitialCenters = initial,
            Tolerance = item.GetProperty("tolerance").GetDouble(),
            MaxIterations = item.GetProperty("max_iterations").GetInt32(),
        };
        double[]? weights = item.GetProperty("sample_weight").ValueKind == JsonValueKind.Null ? null : ClusteringFixtures.Doubles(item.GetProperty("sample_weight"));

        KMeansModel model = new KMeans(options).Fit(data, weights);

        Assert.Equal(ClusteringFixtures.Ints(item.GetProperty("labels")), model.Labels);
        double[] expectedCenters = ClusteringFixtures.Doubles(item.GetProperty("centers"));
        float[] centers = model.Centers.ToArray();
        for (int i = 0; i < expectedCenters.Length; i++)
            Assert.True(Math.Abs(centers[i] - expectedCenters[i]) <= 1e-4, $"centre value {i}: {centers[i]} vs scikit-learn {expectedCenters[i]}");
        double inertia = item.GetProperty("inertia").GetDouble();
        Assert.True(Math.Abs(model.Inertia - inertia) <= 1e-5 * inertia, $"inertia {model.Inertia} vs scikit-learn {inertia}");
        Assert.Equal(item.GetProperty("iterations").GetInt32(), model.Iterations);
    }
}
