using Agrupa.Data;
using Agrupa.Experiments;
using Agrupa.Plots;
using Agrupa.Runtime;
using Agrupa.Tests.Experiments;

namespace Agrupa.Tests.Plots;

/// <summary>Every plot renders a PNG of the size asked (or documented) with actual content.</summary>
public sealed class PlotTests
{
    private static (double[] X, double[] Y, int[] Groups) Points(int n, int groups)
    {
        var random = new Random(3);
        var x = new double[n];
        var y = new double[n];
        var g = new int[n];
        for (int i = 0; i < n; i++)
        {
            g[i] = i % 13 == 0 ? -1 : i % groups;
            x[i] = Math.Cos(g[i]) * 5 + random.NextDouble();
            y[i] = Math.Sin(g[i]) * 5 + random.NextDouble();
        }
        return (x, y, g);
    }

    [Fact]
    public void EmbeddingScatterHasTheAskedSizeAndColoursForEveryGroup()
    {
        var (x, y, g) = Points(3000, 6);
        byte[] png = EmbeddingScatterPlot.Render(x, y, g, ["a", "b", "c", "d", "e", "f"], "scatter", new ScatterPlotOptions { Width = 800, Height = 600, MaxPoints = 1000 });
        Assert.Equal((800, 600), Png.Size(png));
        Assert.True(Png.DistinctColours(png) > 8);
        Assert.Equal((900, 650), Png.Size(EmbeddingScatterPlot.Render(x, y, g, null, "default size")));
        Assert.Throws<ArgumentException>(() => EmbeddingScatterPlot.Render(x, y[..10], g, null, "mismatch"));
    }

    [Fact]
    public void ManyPointsAndManyGroupsStillRender()
    {
        var (x, y, g) = Points(70_000, 40);
        byte[] png = EmbeddingScatterPlot.Render(x, y, g, null, "70,000 points in 40 clusters");
        Assert.Equal((900, 650), Png.Size(png));
    }

    [Fact]
    public void TrainingCurvesDrawLossesAndMetricsAndNothingForAnEmptyHistory()
    {
        var history = new TrainingHistory();
        Assert.Null(TrainingCurvesPlot.Losses(history, "empty"));
        for (int epoch = 1; epoch <= 10; epoch++)
            history.Add(new TrainingProgress
            {
                Stage = "pretrain", Epoch = epoch, TotalEpochs = 10,
                Losses = new Dictionary<string, double> { ["train"] = 1.0 / epoch, ["validation"] = 1.1 / epoch },
                Metrics = new Dictionary<string, double> { ["acc"] = 0.5 + epoch / 40.0 },
            });
        Assert.Equal((900, 500), Png.Size(TrainingCurvesPlot.Losses(history, "losses")!));
        Assert.Equal((700, 400), Png.Size(TrainingCurvesPlot.Losses(history, "log losses", 700, 400, logScale: true)!));
        Assert.Equal((900, 500), Png.Size(TrainingCurvesPlot.Metrics(history, "metrics")!));
        history.Add(new TrainingProgress { Stage = "k-means", Epoch = 1, Losses = new Dictionary<string, double> { ["inertia"] = 5000, ["centre shift"] = 0 } });
        Assert.Equal(["pretrain", "k-means"], history.Stages);
        Assert.Equal(2, history.OfStage("k-means").Points.Count);
        Assert.NotNull(TrainingCurvesPlot.Losses(history, "k-means only", stage: "k-means"));
        Assert.Null(TrainingCurvesPlot.Metrics(history, "no metrics in k-means", stage: "k-means"));
        Assert.True(Png.DistinctColours(TrainingCurvesPlot.Metrics(history, "metrics")!) > 4);
    }

    [Fact]
    public void ConfusionTablesWithHundredsOfClustersKeepTheLargestAndSumTheRest()
    {
        // 3 classes × 200 clusters (+ noise): cluster c holds c + 1 rows of class c % 3; noise 7 rows of each class.
        int columns = 201;
        var counts = new int[3 * columns];
        var names = new string[columns];
        for (int c = 0; c < 200; c++) { names[c] = $"cluster {c}"; counts[(c % 3) * columns + c] = c + 1; }
        names[200] = "noise";
        for (int r = 0; r < 3; r++) counts[r * columns + 200] = 7;
        var table = new ConfusionTable(counts, ["a", "b", "c"], names);
        ConfusionTable collapsed = ConfusionHeatmapPlot.Collapse(table, ConfusionHeatmapPlot.MaxColumns);
        Assert.Equal(ConfusionHeatmapPlot.MaxColumns, collapsed.ColumnNames.Count);
        Assert.Contains("noise", collapsed.ColumnNames);
        Assert.Equal("cluster 172", collapsed.ColumnNames[0]);                 // the 28 largest (172 … 199), in order
        Assert.Equal("other\n172", collapsed.ColumnNames[^1]);
        for (int r = 0; r < 3; r++)
            Assert.Equal(Enumerable.Range(0, columns).Sum(c => table[r, c]), Enumerable.Range(0, collapsed.ColumnNames.Count).Sum(c => collapsed[r, c]));
        Assert.Same(table, ConfusionHeatmapPlot.Collapse(table, 500));
        Assert.Equal(260 + 62 * 30 > 1600 ? 1600 : 260 + 62 * 30, Png.Size(ConfusionHeatmapPlot.Render(table, "many clusters")).Width);
    }

    [Fact]
    public void ConfusionHeatmapGrowsWithTheTable()
    {
        var small = new ConfusionTable([5, 1, 0, 2, 6, 1, 0, 0, 9], ["setosa", "versicolor", "virginica"], ["cluster 2", "cluster 0", "cluster 1"]);
        Assert.Equal((560, 420), Png.Size(ConfusionHeatmapPlot.Render(small, "iris")));
        var large = new ConfusionTable(Enumerable.Range(0, 110).ToArray(), Enumerable.Range(0, 10).Select(i => $"class {i}").ToArray(),
            Enumerable.Range(0, 11).Select(i => i == 10 ? "noise" : $"cluster {i}").ToArray());
        Assert.Equal((260 + 62 * 11, 200 + 48 * 10), Png.Size(ConfusionHeatmapPlot.Render(large, "ten classes")));
        Assert.Equal((640, 480), Png.Size(ConfusionHeatmapPlot.Render(small, "fixed", 640, 480)));
    }

    [Fact]
    public void ImageGridsShowReconstructionsAndClusterSamples()
    {
        Dataset data = TestMethods.Blobs(perClass: 10);   // 30 rows, 1×2×2 images
        Dataset reconstructions = data.WithFeatures(data.Features.ToArray().Select(v => v * 0.9f).ToArray(), 4, keepImageShape: true);
        byte[] pairs = ImageGridPlot.Reconstructions(data, reconstructions, "reconstructions", count: 12);
        (int width, int height) = Png.Size(pairs);
        Assert.Equal(44 + 12 + 4 * (64 + 4), height);   // title, margin, 2 pairs of rows of 64-px cells
        Assert.True(width > 10 * 68);
        int[] labels = Enumerable.Range(0, 30).Select(i => i % 4 == 0 ? -1 : i % 3).ToArray();
        byte[] samples = ImageGridPlot.ClusterSamples(data, labels, "samples", perCluster: 5);
        Assert.Equal(44 + 12 + 4 * (64 + 4), Png.Size(samples).Height);   // 3 clusters and noise
        Assert.True(Png.DistinctColours(samples) > 3);
        Assert.Throws<ArgumentException>(() => ImageGridPlot.ClusterSamples(data.WithFeatures(new float[30 * 3], 3), labels, "no image shape"));
    }

    [Fact]
    public void MethodComparisonHasOneGroupPerMethodAndKSelectionMarksTheChoice()
    {
        RunRecord Run(string p, int s, double acc, double nmi) => new()
        {
            Pipeline = p, Method = p, Seed = s, Status = RunRecord.Succeeded, Configuration = "c",
            Metrics = new Dictionary<string, double> { ["acc"] = acc, ["nmi"] = nmi },
        };
        var summary = ExperimentSummary.Compute([Run("kmeans", 0, .5, .6), Run("kmeans", 1, .55, .62), Run("umap2+hdbscan", 0, .6, .7)], ["kmeans", "umap2+hdbscan"], ["acc", "nmi"]);
        byte[] bars = MethodComparisonPlot.Render(summary, "methods");
        Assert.Equal((1000, 360), Png.Size(bars));
        Assert.True(Png.DistinctColours(bars) > 4);
        byte[] curve = KSelectionPlot.Render([2, 3, 4, 5], new Dictionary<string, double[]> { ["silhouette"] = [0.3, 0.5, 0.4, 0.35] }, "silhouette", "k", chosenK: 3);
        Assert.Equal((800, 500), Png.Size(curve));
        Assert.Throws<ArgumentException>(() => KSelectionPlot.Render([2, 3], new Dictionary<string, double[]> { ["x"] = [1] }, "c", "t"));
    }

    [Fact]
    public void LongTitlesShrinkButStayReadable()
    {
        Assert.Equal(PlotTheme.TitleSize, PlotTheme.TitleSizeFor(new string('a', 60)));
        Assert.Equal(PlotTheme.TitleSize * 0.75f, PlotTheme.TitleSizeFor(new string('a', 80)), 3);
        Assert.Equal(12f, PlotTheme.TitleSizeFor(new string('a', 400)));
    }
}
