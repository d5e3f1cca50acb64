using System.Text.Json;
using Agrupa.Data;
using Agrupa.Neighbors;
using Agrupa.Reduction;

namespace Agrupa.Tests.Reduction;

public class TsneAffinitiesTests
{
    [Fact]
    public void JointProbabilitiesEqualSklearns()
    {
        JsonElement fixture = TsneFixtures.Affinities;
        int features = fixture.GetProperty("features").GetInt32();
        int k = fixture.GetProperty("neighbors").GetInt32();
        float[] data = TsneFixtures.Doubles(fixture.GetProperty("data")).Select(v => (float)v).ToArray();
        var dataset = new Dataset("blobs", data, features);
        NeighborGraph graph = ExactNeighbors.Search(dataset, k + 1);
        TsneAffinityMatrix p = TsneAffinities.FromNeighbors(graph, fixture.GetProperty("perplexity").GetDouble());

        int[] rows = fixture.GetProperty("rows").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        int[] columns = fixture.GetProperty("columns").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        double[] values = TsneFixtures.Doubles(fixture.GetProperty("values"));
        Assert.Equal(values.Length, p.NonZeroCount);
        double worst = 0;
        for (int t = 0; t < values.Length; t++)
            worst = Math.Max(worst, Math.Abs(p[rows[t], columns[t]] - values[t]) / values[t]);
        Assert.True(worst < 1e-4, $"largest relative difference from sklearn's P: {worst:E3}");
        Assert.Equal(1.0, p.Values.Sum(), 12);
    }

    [Fact]
    public void ConditionalProbabilitiesReachThePerplexity()
    {
        var random = new Random(3);
        int n = 40, k = 25;
        double[] squared = Enumerable.Range(0, n * k).Select(_ => random.NextDouble() * 50).ToArray();
        double[] p = TsneAffinities.ConditionalProbabilities(squared, n, k, perplexity: 7);
        for (int i = 0; i < n; i++)
        {
            var row = p.AsSpan(i * k, k);
            double entropy = 0;
            foreach (double v in row) if (v > 0) entropy -= v * Math.Log(v);
            Assert.Equal(1.0, row.ToArray().Sum(), 12);
            Assert.Equal(Math.Log(7), entropy, 4);
        }
    }

    [Fact]
    public void FarApartPointsDoNotUnderflow()
    {
        // Squared distances in the millions: exp(−β d²) underflows for β = 1 without the shift by the nearest distance.
        double[] squared = { 4e6, 4.1e6, 4.3e6, 5e6, 6e6, 7e6 };
        double[] p = TsneAffinities.ConditionalProbabilities(squared, 1, 6, perplexity: 3);
        Assert.All(p, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(1.0, p.Sum(), 12);
        Assert.True(p[0] > p[5]);
    }

    [Fact]
    public void SymmetrizedMatrixIsSymmetricAndSumsToOne()
    {
        int[] neighbors = { 1, 2, 0, 2, 0, 1, 0, 1 };
        double[] conditional = { 0.7, 0.3, 0.6, 0.4, 0.5, 0.5, 0.9, 0.1 };
        TsneAffinityMatrix p = TsneAffinities.Symmetrize(neighbors, conditional, n: 4, k: 2);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal(p[i, j], p[j, i], 15);
        Assert.Equal(1.0, p.Values.Sum(), 12);
        Assert.Equal((0.7 + 0.6) / 8, p[0, 1], 15);
        Assert.Equal(0.9 / 8, p[3, 0], 15);
        Assert.Equal(0, p[3, 2]);
    }
}
