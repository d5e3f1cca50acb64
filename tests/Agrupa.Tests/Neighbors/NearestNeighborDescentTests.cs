using Agrupa.Neighbors;

namespace Agrupa.Tests.Neighbors;

public class NearestNeighborDescentTests
{
    [Fact]
    public void RecallAgainstExactIsAtLeast95Percent()
    {
        const int n = 4000, d = 32, k = 15;
        float[] x = NeighborTestData.Blobs(n, d, 8, seed: 5);
        NeighborGraph approximate = NearestNeighborDescent.Build(x, n, d, k, new NearestNeighborDescentOptions { Seed = 1 });
        NeighborGraph exact = ExactNeighbors.Search(x, n, d, x, n, k);
        double recall = approximate.RecallAgainst(exact);
        Assert.True(recall >= 0.95, $"recall {recall:F4}");
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(i, approximate.NeighborsOf(i)[0]);
            Assert.Equal(0f, approximate.DistancesOf(i)[0]);
            var row = approximate.DistancesOf(i);
            for (int j = 1; j < k; j++) Assert.True(row[j] >= row[j - 1], $"row {i} not sorted");
            Assert.Equal(k, approximate.NeighborsOf(i).ToArray().Distinct().Count());
        }
    }

    [Fact]
    public void CosineRecallIsAtLeast95Percent()
    {
        const int n = 3000, d = 20, k = 10;
        float[] x = NeighborTestData.Blobs(n, d, 6, seed: 6, offset: -5f);
        NeighborGraph approximate = NearestNeighborDescent.Build(x, n, d, k, new NearestNeighborDescentOptions { Metric = NeighborMetric.Cosine, Seed = 2 });
        NeighborGraph exact = NeighborSearch.Exact(x, n, d, x, n, k, NeighborMetric.Cosine);
        double recall = approximate.RecallAgainst(exact);
        Assert.True(recall >= 0.95, $"recall {recall:F4}");
        var truth = NeighborTestData.BruteForce(x, x.AsSpan(0, 5 * d).ToArray(), d, k, cosine: true);
        for (int i = 0; i < 5; i++)
            for (int j = 1; j < k; j++)
            {
                int index = approximate.NeighborsOf(i)[j];
                var match = truth[i].FirstOrDefault(t => t.Index == index);
                if (match.Index == index && index != 0) Assert.True(Math.Abs(match.Distance - approximate.DistancesOf(i)[j]) < 1e-4);
            }
    }

    [Fact]
    public void SameSeedGivesTheSameGraph()
    {
        const int n = 2500, d = 12, k = 8;
        float[] x = NeighborTestData.Blobs(n, d, 5, seed: 7);
        var options = new NearestNeighborDescentOptions { Seed = 11 };
        NeighborGraph first = NearestNeighborDescent.Build(x, n, d, k, options);
        NeighborGraph second = NearestNeighborDescent.Build(x, n, d, k, options);
        Assert.Equal(first.Indices, second.Indices);
        Assert.Equal(first.Distances, second.Distances);
    }

    [Fact]
    public void AutoChoosesExactBelow4096Points()
    {
        Assert.Equal(NeighborSearchMethod.Exact, NeighborSearch.Resolve(NeighborSearchMethod.Auto, 4095));
        Assert.Equal(NeighborSearchMethod.Descent, NeighborSearch.Resolve(NeighborSearchMethod.Auto, 4096));
        Assert.Equal(NeighborSearchMethod.Exact, NeighborSearch.Resolve(NeighborSearchMethod.Exact, 70_000));
    }

    [Fact]
    public void DefaultsFollowUmapLearn()
    {
        Assert.Equal(18, NearestNeighborDescent.DefaultTrees(70_000));   // 5 + round(264.6 / 20)
        Assert.Equal(64, NearestNeighborDescent.DefaultTrees(10_000_000));
        Assert.Equal(16, NearestNeighborDescent.DefaultIterations(70_000));
        Assert.Equal(5, NearestNeighborDescent.DefaultIterations(20));
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NearestNeighborDescent.Build(new float[20], 10, 2, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => NearestNeighborDescent.Build(new float[20], 10, 2, 3, new NearestNeighborDescentOptions { MaxCandidates = 0 }));
    }
}
