using Agrupa.Neighbors;

namespace Agrupa.Tests.Neighbors;

public class ExactNeighborsTests
{
    [Theory]
    [InlineData(1f, 0f)]
    [InlineData(25f, 100f)]   // pixel-like magnitudes: the matrix-product distances lose digits here
    public void EqualsBruteForce(float scale, float offset)
    {
        const int n = 700, d = 24, k = 12;
        float[] x = NeighborTestData.Blobs(n, d, 6, seed: 1, scale, offset);
        NeighborGraph graph = ExactNeighbors.Search(x, n, d, x, n, k);
        var truth = NeighborTestData.BruteForce(x, x, d, k);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(i, graph.NeighborsOf(i)[0]);
            Assert.Equal(0f, graph.DistancesOf(i)[0]);
            for (int j = 0; j < k; j++)
            {
                Assert.True(Math.Abs(graph.DistancesOf(i)[j] - truth[i][j].Distance) <= 1e-4 * Math.Max(1, truth[i][j].Distance),
                    $"row {i} rank {j}: {graph.DistancesOf(i)[j]} vs {truth[i][j].Distance}");
            }
            Assert.Equal(truth[i].Select(t => t.Index).Order(), graph.NeighborsOf(i).ToArray().Order());
        }
    }

    [Fact]
    public void QueriesAgainstOtherPointsEqualBruteForce()
    {
        const int d = 10, k = 5;
        float[] data = NeighborTestData.Blobs(500, d, 4, seed: 2);
        float[] queries = NeighborTestData.Blobs(60, d, 4, seed: 3);
        NeighborGraph graph = ExactNeighbors.Search(data, 500, d, queries, 60, k);
        var truth = NeighborTestData.BruteForce(data, queries, d, k);
        for (int q = 0; q < 60; q++) Assert.Equal(truth[q].Select(t => t.Index), graph.NeighborsOf(q).ToArray());
    }

    [Fact]
    public void CosineEqualsBruteForce()
    {
        const int n = 400, d = 16, k = 8;
        float[] x = NeighborTestData.Blobs(n, d, 5, seed: 4, offset: -5f);
        NeighborGraph graph = NeighborSearch.Exact(x, n, d, x, n, k, NeighborMetric.Cosine);
        var truth = NeighborTestData.BruteForce(x, x, d, k, cosine: true);
        for (int i = 0; i < n; i++)
            for (int j = 1; j < k; j++)
                Assert.True(Math.Abs(graph.DistancesOf(i)[j] - truth[i][j].Distance) < 1e-4, $"row {i} rank {j}: {graph.DistancesOf(i)[j]} vs {truth[i][j].Distance}");
    }

    [Fact]
    public void TooManyNeighboursIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactNeighbors.Search(new float[20], 10, 2, new float[20], 10, 11));
}
