using Agrupa.Clustering;
using Agrupa.Data;

namespace Agrupa.Tests.Clustering;

/// <summary>HDBSCAN's own invariants: exact spanning tree, conventions, edge cases, determinism, prediction.</summary>
public sealed class HdbscanBehaviourTests
{
    private static Dataset Blobs(int perBlob, int dimensions, int seed, int noise = 0)
    {
        var rng = new Random(seed);
        int n = 3 * perBlob + noise;
        var x = new float[n * dimensions];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < dimensions; j++)
            {
                double centre = i < 3 * perBlob ? (i / perBlob) * 10.0 * (j % 2 == 0 ? 1 : -1) : rng.NextDouble() * 60 - 30;
                double spread = i < 3 * perBlob ? 1.0 + (i / perBlob) * 0.5 : 0;
                x[i * dimensions + j] = (float)(centre + spread * Gaussian(rng));
            }
        return new Dataset($"blobs{dimensions}d", x, dimensions);
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Prim's algorithm on the dense mutual reachability matrix: the O(n²) textbook reference.</summary>
    private static double DenseSpanningTreeWeight(Dataset data, double[] core, double alpha)
    {
        int n = data.Count;
        var best = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var inTree = new bool[n];
        double total = 0;
        int current = 0;
        inTree[0] = true;
        for (int step = 1; step < n; step++)
        {
            int next = -1;
            for (int j = 0; j < n; j++)
            {
                if (inTree[j]) continue;
                double d = 0;
                for (int f = 0; f < data.FeatureCount; f++) { double diff = (double)data.Row(current)[f] - data.Row(j)[f]; d += diff * diff; }
                double w = Math.Max(Math.Max(core[current], core[j]), Math.Sqrt(d) / alpha);
                if (w < best[j]) best[j] = w;
                if (next < 0 || best[j] < best[next]) next = j;
            }
            total += best[next];
            inTree[next] = true;
            current = next;
        }
        return total;
    }

    [Theory]
    [InlineData(2, HdbscanSpanningTreeAlgorithm.KdTreeBoruvka, 1.0)]
    [InlineData(5, HdbscanSpanningTreeAlgorithm.KdTreeBoruvka, 1.0)]
    [InlineData(5, HdbscanSpanningTreeAlgorithm.BlockedBoruvka, 1.0)]
    [InlineData(40, HdbscanSpanningTreeAlgorithm.BlockedBoruvka, 1.0)]
    [InlineData(3, HdbscanSpanningTreeAlgorithm.KdTreeBoruvka, 0.7)]
    public void Spanning_tree_is_minimal(int dimensions, HdbscanSpanningTreeAlgorithm algorithm, double alpha)
    {
        var data = Blobs(80, dimensions, seed: dimensions, noise: 20);
        var model = new Hdbscan(new HdbscanOptions { MinClusterSize = 8, SpanningTree = algorithm, Alpha = alpha }).Fit(data);
        double ours = model.SingleLinkageTree.Height.Sum();
        double reference = DenseSpanningTreeWeight(data, model.CoreDistances.ToArray(), alpha);
        Assert.Equal(reference, ours, 1e-6 * reference);
    }

    [Fact]
    public void Both_spanning_tree_algorithms_give_the_same_clustering()
    {
        var data = Blobs(150, 6, seed: 11, noise: 40);
        var a = new Hdbscan(new HdbscanOptions { MinClusterSize = 10, SpanningTree = HdbscanSpanningTreeAlgorithm.KdTreeBoruvka }).Fit(data);
        var b = new Hdbscan(new HdbscanOptions { MinClusterSize = 10, SpanningTree = HdbscanSpanningTreeAlgorithm.BlockedBoruvka }).Fit(data);
        Assert.Equal(a.Labels, b.Labels);
        for (int i = 0; i < data.Count; i++) Assert.Equal(a.Probabilities[i], b.Probabilities[i], 1e-9);
        Assert.Equal(3, a.ClusterCount);
    }

    [Fact]
    public void Core_distance_conventions_are_off_by_one()
    {
        var data = Blobs(50, 2, seed: 5);
        var library = new Hdbscan(new HdbscanOptions { MinSamples = 4 }).Fit(data);
        var sklearn = new Hdbscan(new HdbscanOptions { MinSamples = 5, CountSelfAsNeighbor = true }).Fit(data);
        Assert.Equal(library.CoreDistances, sklearn.CoreDistances);
        // Point 0's core distance is the distance to its 4th other neighbour under the library's convention.
        var distances = Enumerable.Range(1, data.Count - 1).Select(j => Math.Sqrt(Enumerable.Range(0, 2).Sum(f => Math.Pow((double)data.Row(0)[f] - data.Row(j)[f], 2)))).OrderBy(v => v).ToArray();
        Assert.Equal(distances[3], library.CoreDistances[0], 1e-12);
    }

    [Fact]
    public void Same_input_same_output()
    {
        var data = Blobs(300, 3, seed: 8, noise: 60);
        var options = new HdbscanOptions { MinClusterSize = 12 };
        var a = new Hdbscan(options).Fit(data);
        var b = new Hdbscan(options).Fit(data);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Probabilities, b.Probabilities);
        Assert.Equal(a.OutlierScores, b.OutlierScores);
        Assert.Equal(a.CondensedTree.Lambda, b.CondensedTree.Lambda);
    }

    [Fact]
    public void Labels_probabilities_and_scores_are_consistent()
    {
        var data = Blobs(120, 2, seed: 2, noise: 30);
        var model = new Hdbscan(new HdbscanOptions { MinClusterSize = 10 }).Fit(data);
        Assert.Equal(3, model.ClusterCount);
        Assert.Equal(Enumerable.Range(-1, 4), model.Labels.Distinct().Order());
        for (int i = 0; i < data.Count; i++)
        {
            Assert.InRange(model.Probabilities[i], 0.0, 1.0);
            Assert.InRange(model.OutlierScores[i], 0.0, 1.0);
            if (model.Labels[i] < 0) Assert.Equal(0.0, model.Probabilities[i]);
        }
        for (int c = 0; c < 3; c++) Assert.Contains(Enumerable.Range(0, data.Count), i => model.Labels[i] == c && model.Probabilities[i] == 1.0);
        // The uniform noise points score as more outlying than the blobs' points, on average.
        double noiseScore = Enumerable.Range(360, 30).Average(i => model.OutlierScores[i]);
        double blobScore = Enumerable.Range(0, 360).Average(i => model.OutlierScores[i]);
        Assert.True(noiseScore > blobScore + 0.2, $"noise {noiseScore:F3} vs blobs {blobScore:F3}");
        // Every point leaves the condensed tree exactly once.
        var tree = model.CondensedTree;
        Assert.Equal(Enumerable.Range(0, data.Count), Enumerable.Range(0, tree.RowCount).Where(r => tree.Child[r] < data.Count).Select(r => tree.Child[r]).Order());
        var writer = new StringWriter();
        tree.WriteCsv(writer);
        Assert.StartsWith("parent,child,lambda_val,child_size", writer.ToString());
        Assert.Equal(3, model.SelectedClusterIds.Count);
        Assert.Equal(3, model.ClusterStabilities.Count);
    }

    [Fact]
    public void Leaf_selection_and_epsilon_move_the_cut()
    {
        var data = Blobs(200, 2, seed: 4, noise: 30);
        int eom = new Hdbscan(new HdbscanOptions { MinClusterSize = 5 }).Fit(data).ClusterCount;
        int leaf = new Hdbscan(new HdbscanOptions { MinClusterSize = 5, ClusterSelectionMethod = HdbscanClusterSelection.Leaf }).Fit(data).ClusterCount;
        int merged = new Hdbscan(new HdbscanOptions { MinClusterSize = 5, ClusterSelectionMethod = HdbscanClusterSelection.Leaf, ClusterSelectionEpsilon = 3.0 }).Fit(data).ClusterCount;
        Assert.True(leaf >= eom, $"leaf {leaf} < eom {eom}");
        Assert.True(merged < leaf, $"ε did not merge leaves: {merged} vs {leaf}");
        Assert.True(merged >= 2);
    }

    [Fact]
    public void Predict_places_points_like_the_training_labels()
    {
        var data = Blobs(150, 2, seed: 6, noise: 20);
        var model = new Hdbscan(new HdbscanOptions { MinClusterSize = 10 }).Fit(data);
        var assignment = model.Predict(data);
        int agree = Enumerable.Range(0, data.Count).Count(i => assignment.Labels[i] == model.Labels[i]);
        var bad = Enumerable.Range(0, data.Count).Where(i => assignment.Labels[i] != model.Labels[i]).Take(5).Select(i => $"{i}:{model.Labels[i]}->{assignment.Labels[i]}");
        Assert.True(agree >= 0.95 * data.Count, $"{agree} of {data.Count} training points predicted as labelled: {string.Join(' ', bad)}");
        // A point at a blob's centre belongs to it with full strength; a far point is noise.
        var probe = new Dataset("probe", [0f, 0f, 500f, 500f], 2);
        var result = model.Predict(probe);
        Assert.Equal(model.Labels[Enumerable.Range(0, 150).First(i => model.Labels[i] >= 0)], result.Labels[0]);
        Assert.True(result.Confidence[0] > 0.5, $"confidence at the centre {result.Confidence[0]:F3}");
        Assert.Equal(-1, result.Labels[1]);
        Assert.Equal(0.0, result.Confidence[1]);
        Assert.Throws<ArgumentException>(() => model.Predict(new Dataset("wrong", [1f, 2f, 3f], 3)));
    }

    [Fact]
    public void Duplicate_points_are_handled()
    {
        // 60 copies of three points plus a few distinct ones: zero distances, infinite λ.
        var x = new List<float>();
        for (int i = 0; i < 60; i++) x.AddRange([0f, 0f, 10f, 10f, 20f, 0f]);
        x.AddRange([100f, 100f, -50f, 30f]);
        var data = new Dataset("duplicates", x.ToArray(), 2);
        var model = new Hdbscan(new HdbscanOptions { MinClusterSize = 5 }).Fit(data);
        Assert.Equal(3, model.ClusterCount);
        Assert.Equal(-1, model.Labels[^1]);
        Assert.All(model.Probabilities, p => Assert.False(double.IsNaN(p)));
        Assert.All(model.OutlierScores, s => Assert.InRange(s, 0.0, 1.0));
        Assert.Equal(model.Labels[0], model.Labels[3]);
    }

    [Fact]
    public void Fewer_points_than_the_minimum_cluster_size_are_all_noise()
    {
        var data = new Dataset("tiny", [0f, 0f, 1f, 0f, 0f, 1f], 2);
        var model = new Hdbscan(new HdbscanOptions { MinClusterSize = 5 }).Fit(data);
        Assert.All(model.Labels, l => Assert.Equal(-1, l));
        Assert.Equal(0, model.ClusterCount);
        Assert.All(new Hdbscan().Fit(new Dataset("one", [1f, 2f], 2)).Labels, l => Assert.Equal(-1, l));
    }

    [Fact]
    public void Constant_data_is_noise_or_one_cluster_when_allowed()
    {
        var data = new Dataset("constant", Enumerable.Repeat(3f, 40 * 3).ToArray(), 3);
        Assert.All(new Hdbscan().Fit(data).Labels, l => Assert.Equal(-1, l));
        var single = new Hdbscan(new HdbscanOptions { AllowSingleCluster = true, ClusterSelectionMethod = HdbscanClusterSelection.Leaf }).Fit(data);
        Assert.All(single.Labels, l => Assert.Equal(0, l));
    }

    [Fact]
    public void Allow_single_cluster_finds_one_blob()
    {
        var rng = new Random(1);
        var x = Enumerable.Range(0, 400).Select(_ => (float)Gaussian(rng)).ToArray();
        var data = new Dataset("one blob", x, 2);
        var model = new Hdbscan(new HdbscanOptions { MinClusterSize = 20, AllowSingleCluster = true }).Fit(data);
        Assert.Equal(1, model.ClusterCount);
        // As in the hdbscan library, when the root is the single cluster only points leaving it at its largest λ are
        // labelled (do_labelling); the others are noise.
        Assert.Contains(0, model.Labels);
    }

    [Fact]
    public void Non_finite_values_are_rejected_naming_row_and_column()
    {
        var data = new Dataset("nan", [0f, 1f, 2f, float.NaN], 2);
        var error = Assert.Throws<ArgumentException>(() => new Hdbscan().Fit(data));
        Assert.Contains("row 1, column 1", error.Message);
    }

    [Fact]
    public void Empty_data_is_rejected()
    {
        var empty = new Dataset("empty", [], 2);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new Hdbscan().Fit(empty)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new Agglomerative().Fit(empty)).Message);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Hdbscan(new HdbscanOptions { MinClusterSize = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Hdbscan(new HdbscanOptions { MinSamples = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Hdbscan(new HdbscanOptions { ClusterSelectionEpsilon = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Hdbscan(new HdbscanOptions { Alpha = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Hdbscan(new HdbscanOptions { ClusterSelectionMethod = (HdbscanClusterSelection)7 }));
    }

    [Fact]
    public void Works_through_the_clusterer_interface()
    {
        IClusterer clusterer = new Hdbscan(new HdbscanOptions { MinClusterSize = 10 });
        IClusteringModel model = clusterer.Fit(Blobs(60, 2, seed: 9));
        Assert.Equal("hdbscan", clusterer.Name);
        Assert.Equal(3, model.ClusterCount);
    }
}
