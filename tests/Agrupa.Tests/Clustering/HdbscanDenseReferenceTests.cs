using System.Text.Json;
using Agrupa.Clustering;

namespace Agrupa.Tests.Clustering;

/// <summary>
/// HDBSCAN with the hdbscan library's conventions against the fixture script's dense O(n²) transcription of them
/// (Prim on the full mutual reachability matrix, NumPy tree stages): the library itself is not packaged in Debian 12.
/// Includes digits reduced to 8 PCA components, whose tree has many small clusters, so selection is really exercised.
/// </summary>
public sealed class HdbscanDenseReferenceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in DensityFixtures.Hdbscan.GetProperty("dense_cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static JsonElement Case(string name) =>
        DensityFixtures.Hdbscan.GetProperty("dense_cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Labels_probabilities_and_core_distances_equal_the_dense_reference(string name)
    {
        JsonElement c = Case(name);
        var data = DensityFixtures.Dataset(DensityFixtures.Hdbscan, c.GetProperty("dataset").GetString()!);
        int[] expected = DensityFixtures.Ints(c.GetProperty("labels"));
        double[] probabilities = DensityFixtures.Doubles(c.GetProperty("probabilities"));
        double[] core = DensityFixtures.Doubles(c.GetProperty("core_distances"));
        foreach (var algorithm in new[] { HdbscanSpanningTreeAlgorithm.KdTreeBoruvka, HdbscanSpanningTreeAlgorithm.BlockedBoruvka })
        {
            var model = new Hdbscan(new HdbscanOptions
            {
                MinClusterSize = c.GetProperty("min_cluster_size").GetInt32(),
                MinSamples = c.GetProperty("min_samples").GetInt32(),
                SpanningTree = algorithm,
            }).Fit(data);
            for (int i = 0; i < core.Length; i++) Assert.Equal(core[i], model.CoreDistances[i], 1e-9);
            Assert.Equal(expected.Max() + 1, model.ClusterCount);
            double ari = DensityFixtures.AdjustedRandIndex(expected, model.Labels);
            Assert.True(ari >= 0.99, $"{name} ({algorithm}): ARI {ari:F4}.");
            // Equal mutual reachability weights are common (an edge often weighs its endpoint's core distance), and
            // Prim (reference) and Borůvka pick different edges among equals: only tie points may differ.
            var ties = DensityFixtures.TiePoints(model);
            var noiseDifferences = Enumerable.Range(0, expected.Length).Where(i => expected[i] < 0 != model.Labels[i] < 0 && !ties.Contains(i)).ToArray();
            var probabilityDifferences = Enumerable.Range(0, expected.Length).Where(i => Math.Abs(probabilities[i] - model.Probabilities[i]) > 1e-6 && !ties.Contains(i)).ToArray();
            Assert.True(noiseDifferences.Length == 0, $"{name} ({algorithm}): noise sets differ on {string.Join(", ", noiseDifferences)} (not tie points).");
            Assert.True(probabilityDifferences.Length <= expected.Length / 100, $"{name} ({algorithm}): probabilities differ on {probabilityDifferences.Length} points outside ties.");
        }
    }
}
