using System.Text.Json;
using Agrupa.Clustering;

namespace Agrupa.Tests.Clustering;

/// <summary>Agglomerative clustering against SciPy's linkage/fcluster (fixtures from the committed script).</summary>
public sealed class AgglomerativeReferenceTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (JsonElement c in DensityFixtures.Agglomerative.GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("dataset").GetString()!, c.GetProperty("linkage").GetString()!);
        return data;
    }

    private static JsonElement Case(string dataset, string linkage) =>
        DensityFixtures.Agglomerative.GetProperty("cases").EnumerateArray()
            .First(c => c.GetProperty("dataset").GetString() == dataset && c.GetProperty("linkage").GetString() == linkage);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Merge_heights_and_sizes_equal_scipy(string dataset, string linkage)
    {
        JsonElement c = Case(dataset, linkage);
        var data = DensityFixtures.Dataset(DensityFixtures.Agglomerative, dataset);
        var model = new Agglomerative(new AgglomerativeOptions { Linkage = Enum.Parse<AgglomerativeLinkage>(linkage, true), Clusters = 3 }).Fit(data);
        double[] heights = DensityFixtures.Doubles(c.GetProperty("heights"));
        int[] sizes = DensityFixtures.Ints(c.GetProperty("sizes"));
        Assert.Equal(heights.Length, model.Dendrogram.MergeCount);
        for (int i = 0; i < heights.Length; i++) Assert.Equal(heights[i], model.Dendrogram.Height[i], 1e-9 * Math.Max(1, heights[i]));
        Assert.Equal(sizes, model.Dendrogram.Size);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Labels_equal_scipy_fcluster_up_to_permutation(string dataset, string linkage)
    {
        JsonElement c = Case(dataset, linkage);
        var data = DensityFixtures.Dataset(DensityFixtures.Agglomerative, dataset);
        foreach (JsonProperty cut in c.GetProperty("labels").EnumerateObject())
        {
            int k = int.Parse(cut.Name);
            var model = new Agglomerative(new AgglomerativeOptions { Linkage = Enum.Parse<AgglomerativeLinkage>(linkage, true), Clusters = k }).Fit(data);
            int[] expected = DensityFixtures.Ints(cut.Value);
            Assert.Equal(1.0, DensityFixtures.AdjustedRandIndex(expected, model.Labels), 12);
            Assert.Equal(expected.Max() + 1, model.ClusterCount);
        }
    }

    [Fact]
    public void Distance_threshold_cut_matches_the_cluster_count_cut()
    {
        var data = DensityFixtures.Dataset(DensityFixtures.Agglomerative, "blobs60");
        var full = new Agglomerative(new AgglomerativeOptions { Linkage = AgglomerativeLinkage.Average, Clusters = 4 }).Fit(data);
        // A threshold between the 4th- and 3rd-last merge heights leaves exactly 4 clusters.
        var h = full.Dendrogram.Height;
        double threshold = (h[h.Count - 4] + h[h.Count - 3]) / 2;
        var cut = new Agglomerative(new AgglomerativeOptions { Linkage = AgglomerativeLinkage.Average, Clusters = null, DistanceThreshold = threshold }).Fit(data);
        Assert.Equal(full.Labels, cut.Labels);
    }

    [Fact]
    public void Ward_with_centroids_equals_ward_with_the_distance_matrix()
    {
        var data = DensityFixtures.Dataset(DensityFixtures.Agglomerative, "iris_jitter");
        var matrix = NearestNeighborChain.WithDistanceMatrix(data.FeatureArray, data.Count, data.FeatureCount, AgglomerativeLinkage.Ward, default);
        var centroids = NearestNeighborChain.WardWithCentroids(data.FeatureArray, data.Count, data.FeatureCount, default);
        for (int i = 0; i < matrix.MergeCount; i++) Assert.Equal(matrix.Height[i], centroids.Height[i], 1e-9);
        Assert.Equal(matrix.Size, centroids.Size);
    }

    [Theory]
    [InlineData(AgglomerativeLinkage.Ward)]
    [InlineData(AgglomerativeLinkage.Average)]
    [InlineData(AgglomerativeLinkage.Complete)]
    [InlineData(AgglomerativeLinkage.Single)]
    public void Connectivity_to_all_neighbours_equals_the_unconstrained_tree(AgglomerativeLinkage linkage)
    {
        // With every pair connected, the heap algorithm must make the same merges as the nearest-neighbour chain.
        var data = DensityFixtures.Dataset(DensityFixtures.Agglomerative, "blobs60");
        var free = new Agglomerative(new AgglomerativeOptions { Linkage = linkage, Clusters = 3 }).Fit(data);
        var graph = new Agglomerative(new AgglomerativeOptions { Linkage = linkage, Clusters = 3, ConnectivityNeighbors = data.Count - 1 }).Fit(data);
        var sorted = graph.Dendrogram.Height.OrderBy(v => v).ToArray();
        for (int i = 0; i < sorted.Length; i++) Assert.Equal(free.Dendrogram.Height[i], sorted[i], 1e-9);
        Assert.Equal(1.0, DensityFixtures.AdjustedRandIndex(free.Labels, graph.Labels), 12);
    }

    [Fact]
    public void Sparse_connectivity_joins_disconnected_groups_and_stays_below_quadratic_memory()
    {
        // Two far groups: a 3-NN graph has (at least) two components, joined by the spanning tree's bridge.
        var rng = new Random(3);
        var x = new float[400 * 2];
        for (int i = 0; i < 400; i++) { x[2 * i] = (float)rng.NextDouble() + (i < 200 ? 0 : 100); x[2 * i + 1] = (float)rng.NextDouble(); }
        var data = new Agrupa.Data.Dataset("two", x, 2);
        var model = new Agglomerative(new AgglomerativeOptions { Linkage = AgglomerativeLinkage.Average, Clusters = 2, ConnectivityNeighbors = 3 }).Fit(data);
        Assert.Equal(399, model.Dendrogram.MergeCount);
        Assert.Equal(Enumerable.Range(0, 400).Select(i => i < 200 ? 0 : 1), model.Labels);
    }

    [Fact]
    public void Average_linkage_on_70k_rows_without_connectivity_is_refused_up_front_with_the_estimate()
    {
        var data = new Agrupa.Data.Dataset("big", new float[70_000 * 2], 2);
        using var _ = Agrupa.Runtime.MemoryGuard.OverrideAvailable(16_000_000_000);   // a 16 GB machine, whatever this one has
        var error = Assert.Throws<Agrupa.Runtime.MemoryLimitException>(() =>
            new Agglomerative(new AgglomerativeOptions { Linkage = AgglomerativeLinkage.Average, Clusters = 10 }).Fit(data));
        Assert.Contains("19.6 GB", error.Message);
        Assert.Contains("ConnectivityNeighbors", error.Message);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Agglomerative(new AgglomerativeOptions { Clusters = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Agglomerative(new AgglomerativeOptions { Clusters = 2, DistanceThreshold = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Agglomerative(new AgglomerativeOptions { Clusters = null }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Agglomerative(new AgglomerativeOptions { Clusters = null, DistanceThreshold = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Agglomerative(new AgglomerativeOptions { ConnectivityNeighbors = 0 }));
        var data = new Agrupa.Data.Dataset("three", new float[] { 0, 1, 2 }, 1);
        var error = Assert.Throws<ArgumentException>(() => new Agglomerative(new AgglomerativeOptions { Clusters = 4 }).Fit(data));
        Assert.Contains("4 clusters from 3 rows", error.Message);
        Assert.Throws<NotSupportedException>(() => new Agglomerative().Fit(data).Predict(data));
    }
}
