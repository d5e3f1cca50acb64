using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Runtime;

namespace Agrupa.Tests.Clustering;

/// <summary>Fixed row partitions and ordered reductions make k-means results independent of the thread count.</summary>
[Collection(nameof(ThreadBudgetCollection))]
public sealed class KMeansThreadTests
{
    [Fact]
    public void ResultDoesNotDependOnTheThreadCount()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 3000, features: 12);      // 9000 rows: several row partitions
        var options = new KMeansOptions { Clusters = 7, Seed = 2 };
        int saved = ThreadBudget.Threads;
        try
        {
            ThreadBudget.Threads = 1;
            KMeansModel single = new KMeans(options).Fit(data);
            ThreadBudget.Threads = 2;
            KMeansModel two = new KMeans(options).Fit(data);
            Assert.Equal(single.Labels, two.Labels);
            Assert.Equal(single.Centers.ToArray(), two.Centers.ToArray());
        }
        finally { ThreadBudget.Threads = saved; }
    }

}
