using Agrupa.Neighbors;
using Agrupa.Reduction;
using TorchSharp;

namespace Agrupa.Tests.Reduction;

/// <summary>Each UMAP stage against umap-learn's own functions on the same input (Fixtures/reduction/generate.py).</summary>
public class UmapStageTests
{
    private static NeighborGraph FixtureKnn(out System.Text.Json.JsonElement fuzzy)
    {
        fuzzy = ReductionFixture.Json.GetProperty("fuzzy");
        return new NeighborGraph(ReductionFixture.Ints(fuzzy.GetProperty("knn_indices")), ReductionFixture.Floats(fuzzy.GetProperty("knn_distances")),
            fuzzy.GetProperty("k").GetInt32());
    }

    [Fact]
    public void SmoothKnnDistancesEqualUmapLearn()
    {
        NeighborGraph knn = FixtureKnn(out var fuzzy);
        var (sigmas, rhos) = FuzzySimplicialSet.SmoothKnnDistances(knn.Distances, knn.Count, knn.NeighborCount, 15);
        double[] expectedSigmas = ReductionFixture.Doubles(fuzzy.GetProperty("sigmas"));
        double[] expectedRhos = ReductionFixture.Doubles(fuzzy.GetProperty("rhos"));
        for (int i = 0; i < knn.Count; i++)
        {
            Assert.True(Math.Abs(rhos[i] - expectedRhos[i]) <= 1e-5 * Math.Max(1, expectedRhos[i]), $"rho {i}: {rhos[i]} vs {expectedRhos[i]}");
            Assert.True(Math.Abs(sigmas[i] - expectedSigmas[i]) <= 1e-4 * Math.Max(1, expectedSigmas[i]), $"sigma {i}: {sigmas[i]} vs {expectedSigmas[i]}");
        }
    }

    [Fact]
    public void FuzzyUnionGraphEqualsUmapLearn()
    {
        NeighborGraph knn = FixtureKnn(out var fuzzy);
        var (graph, _, _) = FuzzySimplicialSet.Build(knn, 15, 1.0, 1.0);
        int[] rows = ReductionFixture.Ints(fuzzy.GetProperty("graph_rows"));
        int[] columns = ReductionFixture.Ints(fuzzy.GetProperty("graph_columns"));
        double[] values = ReductionFixture.Doubles(fuzzy.GetProperty("graph_values"));
        Assert.Equal(values.Length, graph.EdgeCount);
        for (int e = 0; e < values.Length; e++)
            Assert.True(Math.Abs(graph.Weight(rows[e], columns[e]) - values[e]) < 1e-4, $"edge {rows[e]}→{columns[e]}: {graph.Weight(rows[e], columns[e])} vs {values[e]}");
        for (int i = 0; i < graph.Count; i++)
            for (int e = graph.RowStarts[i]; e < graph.RowStarts[i + 1]; e++)
                Assert.Equal(graph.Values[e], graph.Weight(graph.Columns[e], i));   // symmetric
    }

    [Fact]
    public void FuzzyIntersectionKeepsOnlyMutualEdges()
    {
        NeighborGraph knn = FixtureKnn(out _);
        var (union, _, _) = FuzzySimplicialSet.Build(knn, 15, 1.0, 1.0);
        var (intersection, _, _) = FuzzySimplicialSet.Build(knn, 15, 0.0, 1.0);
        Assert.True(intersection.EdgeCount < union.EdgeCount);
        for (int i = 0; i < intersection.Count; i++)
            for (int e = intersection.RowStarts[i]; e < intersection.RowStarts[i + 1]; e++)
                Assert.True(intersection.Values[e] <= union.Weight(i, intersection.Columns[e]) + 1e-6);
    }

    [Fact]
    public void CurveParametersEqualUmapLearnsFit()
    {
        foreach (var entry in ReductionFixture.Json.GetProperty("ab").EnumerateArray())
        {
            var (a, b) = UmapCurve.FindAbParameters(entry.GetProperty("spread").GetDouble(), entry.GetProperty("min_dist").GetDouble());
            Assert.True(Math.Abs(a - entry.GetProperty("a").GetDouble()) < 1e-3 * entry.GetProperty("a").GetDouble(), $"a {a} vs {entry.GetProperty("a")}");
            Assert.True(Math.Abs(b - entry.GetProperty("b").GetDouble()) < 1e-3, $"b {b} vs {entry.GetProperty("b")}");
        }
        var (a1, b1) = UmapCurve.FindAbParameters(1.0, 0.1);
        Assert.InRange(a1, 1.55, 1.60);
        Assert.InRange(b1, 0.88, 0.91);
    }

    [Fact]
    public void EpochsPerSampleIsMaxWeightOverWeight()
    {
        double[] result = UmapLayout.EpochsPerSample([1f, 0.5f, 0.25f, 0f], 200);
        Assert.Equal([1.0, 2.0, 4.0, -1.0], result);
    }

    [Fact]
    public void SpectralEigenvectorsMatchADenseEigenDecomposition()
    {
        NeighborGraph knn = FixtureKnn(out _);
        var (graph, _, _) = FuzzySimplicialSet.Build(knn, 15, 1.0, 1.0);
        Assert.Equal(1, SpectralLayout.ConnectedComponents(graph).Count);
        double[]? layout = SpectralLayout.Eigenvectors(graph, 2, seed: 0);
        Assert.NotNull(layout);
        int n = graph.Count;
        var dense = new double[n * n];
        var degree = new double[n];
        for (int i = 0; i < n; i++)
            for (int e = graph.RowStarts[i]; e < graph.RowStarts[i + 1]; e++) { dense[i * n + graph.Columns[e]] = graph.Values[e]; degree[i] += graph.Values[e]; }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) dense[i * n + j] /= Math.Sqrt(degree[i] * degree[j]);
        using var scope = torch.NewDisposeScope();
        var (_, vectors) = torch.linalg.eigh(torch.tensor(dense, new long[] { n, n }));
        double[] all = vectors.contiguous().data<double>().ToArray();
        for (int c = 0; c < 2; c++)
        {
            int column = n - 2 - c;   // skip the trivial top eigenvector
            double dot = 0, norm = 0;
            for (int i = 0; i < n; i++) { dot += all[i * n + column] * layout![i * 2 + c]; norm += layout[i * 2 + c] * layout[i * 2 + c]; }
            Assert.True(Math.Abs(dot) / Math.Sqrt(norm) > 0.999, $"eigenvector {c}: |cos| = {Math.Abs(dot) / Math.Sqrt(norm)}");
        }
    }

    [Fact]
    public void DisconnectedComponentsAreFoundAndLaidOutApart()
    {
        // two 4-cycles with no edge between them
        int[] starts = [0, 2, 4, 6, 8, 10, 12, 14, 16];
        int[] columns = [1, 3, 0, 2, 1, 3, 0, 2, 5, 7, 4, 6, 5, 7, 4, 6];
        var graph = new SparseGraph(8, starts, columns, Enumerable.Repeat(1f, 16).ToArray());
        var (count, labels) = SpectralLayout.ConnectedComponents(graph);
        Assert.Equal(2, count);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], labels);
        double[]? layout = SpectralLayout.Layout(graph, 2, 0, null, out string? warning);
        Assert.NotNull(layout);
        Assert.Contains("2 connected components", warning);
        double meanFirst = Enumerable.Range(0, 4).Average(i => layout![i * 2]);
        double meanSecond = Enumerable.Range(4, 4).Average(i => layout![i * 2]);
        Assert.True(Math.Abs(meanFirst - meanSecond) > 1.0, $"component centres {meanFirst} and {meanSecond}");
    }
}
