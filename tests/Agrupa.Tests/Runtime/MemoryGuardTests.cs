using System.Globalization;
using Agrupa.Cli;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Evaluation;
using Agrupa.Reduction;
using Agrupa.Runtime;

namespace Agrupa.Tests.Runtime;

/// <summary>
/// Work that would not fit in memory is refused before it starts, with the estimate and the available memory. Every
/// test fakes the available memory (<see cref="MemoryGuard.OverrideAvailable"/>) so it is deterministic and allocates
/// nothing large: the data are small, the fake limit smaller still.
/// </summary>
public sealed class MemoryGuardTests
{
    [Fact]
    public void RequireComparesTheEstimateWithAFractionOfTheAvailableMemory()
    {
        Assert.True(MemoryGuard.AvailableBytes > 0);
        using (MemoryGuard.OverrideAvailable(1_000_000_000))
        {
            Assert.Equal(1_000_000_000, MemoryGuard.AvailableBytes);
            MemoryGuard.Require(0.7e9, "small work", "nothing");
            Assert.True(MemoryGuard.Fits(0.8e9));
            var error = Assert.Throws<MemoryLimitException>(() => MemoryGuard.Require(2.5e9, "Big work on 10 rows", "Do less."));
            Assert.Equal("Big work on 10 rows needs about 2.5 GB, more than 80% of the 1.0 GB of memory available. Do less.", error.Message);
            Assert.Equal(2.5e9, error.RequiredBytes);
            Assert.Equal(1_000_000_000, error.AvailableBytes);
        }
        Assert.NotEqual(1_000_000_000, MemoryGuard.AvailableBytes);   // the override ends with its scope
    }

    [Theory]
    [InlineData(AgglomerativeLinkage.Average)]
    [InlineData(AgglomerativeLinkage.Complete)]
    public void AgglomerativeWithoutConnectivityIsRefusedWhenTheDistanceMatrixDoesNotFit(AgglomerativeLinkage linkage)
    {
        Dataset data = Points(300, 2);   // condensed matrix: 300·299/2 doubles = 359 KB
        using var _ = MemoryGuard.OverrideAvailable(100_000);
        var error = Assert.Throws<MemoryLimitException>(() => new Agglomerative(new AgglomerativeOptions { Linkage = linkage, Clusters = 3 }).Fit(data));
        Assert.Contains($"{linkage} linkage on 300 rows", error.Message);
        Assert.Contains("ConnectivityNeighbors", error.Message);
        // With a k-NN graph the same request runs in O(n·k) memory.
        var model = new Agglomerative(new AgglomerativeOptions { Linkage = linkage, Clusters = 3, ConnectivityNeighbors = 10 }).Fit(data);
        Assert.Equal(300, model.Labels.Count);
    }

    [Fact]
    public void WardFallsBackToCentroidsWithTheSameTreeWhenTheMatrixDoesNotFit()
    {
        Dataset data = Points(300, 2);
        int[] withMatrix = new Agglomerative(new AgglomerativeOptions { Clusters = 3 }).Fit(data).Labels.ToArray();
        using var _ = MemoryGuard.OverrideAvailable(100_000);
        Assert.Equal(withMatrix, new Agglomerative(new AgglomerativeOptions { Clusters = 3 }).Fit(data).Labels);
    }

    [Fact]
    public void ExactTsneIsRefusedWhenItsDenseAffinitiesDoNotFit()
    {
        Dataset data = Points(500, 4);   // 500² pairs × ~60 bytes = 15 MB
        using var _ = MemoryGuard.OverrideAvailable(2_000_000);
        var error = Assert.Throws<MemoryLimitException>(() => new Tsne(new TsneOptions { Method = TsneGradientMethod.Exact, Perplexity = 10 }).Fit(data));
        Assert.Contains("t-SNE (Exact) on 500 rows", error.Message);
        Assert.Contains("BarnesHut", error.Message);
    }

    [Fact]
    public void AFullCovarianceMixtureInHighDimensionIsRefusedWhileDiagonalRuns()
    {
        Dataset data = Points(40, 200);   // full: 3 × 4 × 200² doubles = 3.8 MB; diagonal: a few KB
        using var _ = MemoryGuard.OverrideAvailable(1_000_000);
        var error = Assert.Throws<MemoryLimitException>(() =>
            new GaussianMixture(new GaussianMixtureOptions { Components = 4, Covariance = CovarianceType.Full, Seed = 1 }).Fit(data));
        Assert.Contains("full-covariance Gaussian mixture with 4 components on 40 rows × 200 features", error.Message);
        Assert.Contains("PCA", error.Message);
        var diagonal = new GaussianMixture(new GaussianMixtureOptions { Components = 4, Covariance = CovarianceType.Diagonal, Seed = 1 }).Fit(data);
        Assert.Equal(40, diagonal.Labels.Count);
    }

    [Fact]
    public void PcaRefusesAFullSvdThatDoesNotFitAndPointsToTheRandomizedSolver()
    {
        Dataset data = Points(200, 300);
        double full = Pca.WorkingBytes(200, 300, 2, PcaSolver.Full, 10);
        double randomized = Pca.WorkingBytes(200, 300, 2, PcaSolver.Randomized, 10);
        Assert.True(randomized < 0.6 * full, $"randomized {randomized} should need far less than full {full}");
        using var _ = MemoryGuard.OverrideAvailable((long)(full * 0.9));
        var error = Assert.Throws<MemoryLimitException>(() => new Pca(new PcaOptions { Components = 2, Solver = PcaSolver.Full }).Fit(data));
        Assert.Contains("PCA (Full solver) of 200 rows × 300 features", error.Message);
        Assert.Contains("Randomized", error.Message);
        Assert.Equal(200, new Pca(new PcaOptions { Components = 2, Solver = PcaSolver.Randomized, Seed = 1 }).Fit(data).Embedding.Count);
    }

    [Fact]
    public void ClusteringAccuracyRefusesAMatchingTableThatDoesNotFit()
    {
        // Classes i mod 49 against clusters i mod 50: every pair occurs, one connected 49×50 table (39 KB as two float64 copies).
        int[] truth = Enumerable.Range(0, 2450).Select(i => i % 49).ToArray();
        int[] predicted = Enumerable.Range(0, 2450).Select(i => i % 50).ToArray();
        using var _ = MemoryGuard.OverrideAvailable(20_000);
        var error = Assert.Throws<MemoryLimitException>(() => ClusterMetrics.Compute(truth, predicted));
        Assert.Contains("Matching 49 classes with 50 clusters", error.Message);
    }

    [Fact]
    public void TheCliReportsARefusalAsOneLineWithExitCode1()
    {
        string folder = Directory.CreateTempSubdirectory("agrupa-memory-").FullName;
        try
        {
            string input = Path.Combine(folder, "points.csv");
            Dataset data = Points(300, 2);
            File.WriteAllLines(input, new[] { "a,b" }.Concat(Enumerable.Range(0, data.Count).Select(i =>
                string.Join(",", data.Row(i).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))))));
            string output = Path.Combine(folder, "labels.csv");
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code;
            using (MemoryGuard.OverrideAvailable(100_000))
                code = CliApplication.Run(["cluster", "--data", input, "--method", "agglomerative", "--linkage", "average", "-k", "3", "--out", output], stdout, stderr);
            Assert.Equal(ExitCodes.Failure, code);
            string[] lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("agrupa: Average linkage on 300 rows", lines[0]);
            Assert.Contains("needs about", lines[0]);
            Assert.Contains("available", lines[0]);
            Assert.False(File.Exists(output));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dataset Points(int n, int d)
    {
        var random = new Random(11);
        var features = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) features[i * d + j] = (float)(random.NextDouble() + 3 * (i % 3));
        return new Dataset("points", features, d);
    }
}
