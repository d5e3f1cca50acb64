using System.Text.Json.Nodes;
using Agrupa.Data;
using Agrupa.DeepClustering;
using Agrupa.Experiments;
using Agrupa.Neural;
using Agrupa.Runtime;
using TrainingHistory = Agrupa.Experiments.TrainingHistory;

namespace Agrupa.Tests.Experiments;

public sealed class ExperimentRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agrupa-runner-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class Recorder : IProgress<TrainingProgress>
    {
        public readonly List<TrainingProgress> Reports = [];
        public Action<TrainingProgress>? OnReport;

        public void Report(TrainingProgress value)
        {
            Reports.Add(value);
            OnReport?.Invoke(value);
        }
    }

    /// <summary>
    /// The distinct lines of a history file whose position is a whole epoch or update: the progress points inside an
    /// epoch come every 250 ms, so how many there are (and whether one repeats the epoch's last step) depends on the
    /// machine's speed.
    /// </summary>
    private static string[] EpochPoints(string historyPath) => File.ReadAllLines(historyPath)
        .Where(line => line.Split(',') is [_, string position, ..] && (!double.TryParse(position, System.Globalization.CultureInfo.InvariantCulture, out double value) || value == Math.Floor(value)))
        .Distinct().ToArray();

    [Fact]
    public void ADeepClustererWithATwoDimensionalCodeGetsItsOwnEmbeddingAndReconstructions()
    {
        var runner = new ExperimentRunner(BuiltInMethods.Create(), new IdentityScorer());
        ExperimentSpec spec = ExperimentSpecReader.Parse("""
            { "name": "deep", "data": { "name": "blobs" }, "seeds": [0], "metrics": ["acc"], "plots": { "view": null },
              "pipelines": [{ "name": "dcn", "clusterer": { "embeddingSize": 2, "hiddenSizes": [8], "learningRate": 0.001, "epochs": 2,
                "kMeansRestarts": 1, "pretraining": { "epochs": 2, "batchSize": 16 } } }] }
            """);
        Dataset data = TestMethods.Blobs();
        ExperimentOutcome outcome = runner.Run(spec, data, Path.Combine(_folder, "deep"));
        Assert.Equal(RunRecord.Succeeded, outcome.Records.Single().Status);
        var points = ExperimentLayout.ReadPoints(outcome.Layout.EmbeddingPath("dcn", 0));
        Assert.NotNull(points);
        Assert.Equal(data.Count, points.Value.Indices.Length);
        Assert.All(points.Value.X.Concat(points.Value.Y), v => Assert.True(double.IsFinite(v)));
        Assert.NotNull(ExperimentLayout.ReadRows(outcome.Layout.ReconstructionsPath("dcn", 0), data.FeatureCount));
    }

    [Fact]
    public void EveryPipelineAndSeedBecomesOneRowWithMetricsClustersTimesAndMemory()
    {
        var counter = new TestMethods.FitCounter();
        var runner = new ExperimentRunner(TestMethods.Registry(counter), new IdentityScorer());
        ExperimentSpec spec = TestMethods.Spec("""["nearest", "first2+nearest", "noisy"]""", "[0, 1]");
        ExperimentOutcome outcome = runner.Run(spec, TestMethods.Blobs(), _folder);

        Assert.Equal(6, outcome.Records.Count);
        Assert.Equal(6, outcome.RunsExecuted);
        IReadOnlyList<RunRecord> rows = ResultsFile.Read(outcome.Layout.ResultsPath);
        Assert.Equal(6, rows.Count);
        Assert.Equal(["nearest", "nearest", "first2+nearest", "first2+nearest", "noisy", "noisy"], rows.Select(r => r.Pipeline));
        Assert.Equal([0, 1, 0, 1, 0, 1], rows.Select(r => r.Seed));
        Assert.All(rows, r => Assert.Equal(RunRecord.Succeeded, r.Status));
        Assert.All(rows, r => Assert.Equal(3, r.ClustersRequested));
        Assert.All(rows, r => Assert.InRange(r.Metrics["acc"], 0, 1));
        Assert.All(rows, r => Assert.True(r.PeakMemoryMegabytes > 10, $"peak RSS {r.PeakMemoryMegabytes} MiB"));
        Assert.All(rows, r => Assert.True(r.TotalSeconds >= r.ReduceSeconds + r.ClusterSeconds));
        Assert.All(rows.Where(r => r.Method == "nearest"), r => Assert.Equal(0, r.ReduceSeconds));
        Assert.All(rows.Where(r => r.Method == "first2+nearest"), r => Assert.True(r.ReduceSeconds > 0));
        // The noisy method labels every 4th of 60 rows -1 and the rest i % 3: 15 noise rows, 3 clusters.
        RunRecord noisy = rows.First(r => r.Pipeline == "noisy");
        Assert.Equal(0.25, noisy.NoiseFraction, 12);
        Assert.Equal(3, noisy.ClustersFound);
        int[] expected = Enumerable.Range(0, 60).Select(i => i % 4 == 0 ? -1 : i % 3).ToArray();
        Assert.Equal(Enumerable.Range(0, 60).Count(i => expected[i] == i / 20) / 60.0, noisy.Metrics["acc"], 12);
        Assert.Equal(expected, ExperimentLayout.ReadLabels(outcome.Layout.LabelsPath("noisy", 0), 60));

        // Per-run files: labels always, the 2-D embedding for the 2-D reducer, the history of the progress-reporting method.
        Assert.NotNull(ExperimentLayout.ReadPoints(outcome.Layout.EmbeddingPath("first2+nearest", 1)));
        Assert.Null(ExperimentLayout.ReadPoints(outcome.Layout.EmbeddingPath("nearest", 1)));
        TrainingHistory history = TrainingHistory.Read(outcome.Layout.HistoryPath("nearest", 0));
        Assert.Equal(6, history.Points.Count);
        Assert.Equal([1.0, 2.0, 3.0], history.Points.Where(p => p.Name == "inertia").Select(p => p.Position));
        Assert.NotNull(ExperimentLayout.ReadPoints(outcome.Layout.ViewPath));
        Assert.True(File.Exists(outcome.Layout.SummaryMarkdownPath));
        Assert.True(File.Exists(outcome.Layout.SummaryCsvPath));
        Assert.Contains("\"name\": \"test\"", File.ReadAllText(outcome.Layout.SpecPath));
        Assert.Equal(6 + 1, counter.Fits - 2);   // 6 runs + 2 reducer fits + 1 view fit; the validation builds but never fits
    }

    [Fact]
    public void PipelinesWithTheSameReducerAndSeedFitItOnce()
    {
        var counter = new TestMethods.FitCounter();
        var runner = new ExperimentRunner(TestMethods.Registry(counter), new IdentityScorer());
        ExperimentSpec spec = TestMethods.Spec("""["first2+nearest", "first2+noisy", { "name": "first2+nearest", "label": "other", "reducer": { "epochs": 2 } }]""", "[0, 1]");
        ExperimentOutcome outcome = runner.Run(spec, TestMethods.Blobs(), _folder);

        Assert.Equal(6, outcome.Records.Count);
        Assert.All(outcome.Records, r => Assert.Equal(RunRecord.Succeeded, r.Status));
        // 6 clusterer fits; the reducer once per seed for the first two pipelines and once per seed for the one with
        // other options; 1 view fit.
        Assert.Equal(6 + 2 + 2 + 1, counter.Fits);
        foreach (int seed in new[] { 0, 1 })
        {
            RunRecord first = outcome.Records.Single(r => r.Pipeline == "first2+nearest" && r.Seed == seed);
            RunRecord reused = outcome.Records.Single(r => r.Pipeline == "first2+noisy" && r.Seed == seed);
            Assert.Equal(first.ReduceSeconds, reused.ReduceSeconds);
            Assert.True(reused.TotalSeconds >= reused.ReduceSeconds);
            Assert.Contains(outcome.Notes, n => n.StartsWith($"first2+noisy seed {seed} reused the embedding first2+nearest seed {seed} fitted"));
        }
        Assert.DoesNotContain(outcome.Notes, n => n.StartsWith("other"));
    }

    [Fact]
    public void SeedFreeStagesRunOnceAndTheirResultEqualsAFreshRunWithTheOtherSeed()
    {
        var runner = new ExperimentRunner(BuiltInMethods.Create(), new IdentityScorer());
        const string pipelines = """
            ["pca2+hdbscan", { "name": "tsne2+kmeans", "reducer": { "perplexity": 10, "iterations": 300 } },
             { "name": "tsne2+kmeans", "label": "random start", "reducer": { "perplexity": 10, "iterations": 300, "initialization": "random" } }]
            """;
        ExperimentSpec spec = ExperimentSpecReader.Parse($$"""
            { "name": "seeds", "data": { "name": "blobs" }, "seeds": [0, 1, 2], "metrics": ["acc"], "plots": { "view": null }, "pipelines": {{pipelines}} }
            """);
        Dataset data = TestMethods.Blobs();
        ExperimentOutcome outcome = runner.Run(spec, data, Path.Combine(_folder, "all"));
        Assert.Equal(9, outcome.Records.Count);
        Assert.All(outcome.Records, r => Assert.Equal(RunRecord.Succeeded, r.Status));

        // PCA (exact solver at this size) and HDBSCAN draw no random numbers: seeds 1 and 2 repeat seed 0's run.
        RunRecord pca0 = outcome.Records.Single(r => r.Pipeline == "pca2+hdbscan" && r.Seed == 0);
        Assert.Equal("", pca0.Message);
        foreach (int seed in new[] { 1, 2 })
        {
            RunRecord repeated = outcome.Records.Single(r => r.Pipeline == "pca2+hdbscan" && r.Seed == seed);
            Assert.Equal("repeats seed 0 (no stage uses the seed)", repeated.Message);
            Assert.Equal(pca0.Metrics["acc"], repeated.Metrics["acc"]);
            Assert.Equal(pca0.TotalSeconds, repeated.TotalSeconds);
            Assert.Contains(outcome.Notes, n => n.StartsWith($"pca2+hdbscan seed {seed} repeats seed 0's result: no stage of the pipeline uses the seed (pca2 and hdbscan are deterministic)"));
        }
        // t-SNE with its PCA start is fitted once for the three seeds; k-means still runs with each seed.
        var embedding0 = ExperimentLayout.ReadPoints(outcome.Layout.EmbeddingPath("tsne2+kmeans", 0))!.Value;
        foreach (int seed in new[] { 1, 2 })
        {
            Assert.Contains(outcome.Notes, n => n.StartsWith($"tsne2+kmeans seed {seed} reused the embedding tsne2+kmeans seed 0 fitted (same reducer and options, the reducer does not use its seed)"));
            Assert.Equal("", outcome.Records.Single(r => r.Pipeline == "tsne2+kmeans" && r.Seed == seed).Message);
            Assert.Equal(embedding0.X, ExperimentLayout.ReadPoints(outcome.Layout.EmbeddingPath("tsne2+kmeans", seed))!.Value.X);
        }
        Assert.DoesNotContain(outcome.Notes, n => n.StartsWith("random start"));
        Assert.NotEqual(embedding0.X, ExperimentLayout.ReadPoints(outcome.Layout.EmbeddingPath("random start", 1))!.Value.X);

        // The shortcut is sound only if computing seed 2 from scratch gives the same: run it alone and compare.
        ExperimentSpec alone = ExperimentSpecReader.Parse($$"""
            { "name": "seed2", "data": { "name": "blobs" }, "seeds": [2], "metrics": ["acc"], "plots": { "view": null }, "pipelines": {{pipelines}} }
            """);
        ExperimentOutcome fresh = runner.Run(alone, data, Path.Combine(_folder, "seed2"));
        Assert.Equal(ExperimentLayout.ReadLabels(outcome.Layout.LabelsPath("pca2+hdbscan", 2), data.Count),
            ExperimentLayout.ReadLabels(fresh.Layout.LabelsPath("pca2+hdbscan", 2), data.Count));
        Assert.Equal(ExperimentLayout.ReadPoints(outcome.Layout.EmbeddingPath("tsne2+kmeans", 2))!.Value.X,
            ExperimentLayout.ReadPoints(fresh.Layout.EmbeddingPath("tsne2+kmeans", 2))!.Value.X);
        Assert.Equal(ExperimentLayout.ReadLabels(outcome.Layout.LabelsPath("tsne2+kmeans", 2), data.Count),
            ExperimentLayout.ReadLabels(fresh.Layout.LabelsPath("tsne2+kmeans", 2), data.Count));

        // Resuming keeps the repeated rows.
        ExperimentOutcome resumed = runner.Run(spec, data, Path.Combine(_folder, "all"));
        Assert.Equal(0, resumed.RunsExecuted);
    }

    [Fact]
    public void DeepClusterersWithTheSamePretrainingPretrainOnceAndMatchAFreshRun()
    {
        var runner = new ExperimentRunner(BuiltInMethods.Create(), new IdentityScorer());
        const string net = "\"hiddenSizes\": [16, 16], \"pretraining\": { \"epochs\": 3, \"batchSize\": 16 }";
        string[] entries =
        [
            $$"""{ "name": "n2d", "preset": "quick", "clusterer": { {{net}} } }""",
            $$"""{ "name": "dec", "preset": "quick", "clusterer": { {{net}}, "maxIterations": 20, "batchSize": 16 } }""",
            $$"""{ "name": "idec", "preset": "quick", "clusterer": { {{net}}, "maxIterations": 20, "batchSize": 16 } }""",
            $$"""{ "name": "dcn", "preset": "quick", "clusterer": { {{net}}, "epochs": 2, "batchSize": 16 } }""",
            $$"""{ "name": "dkmp", "preset": "quick", "clusterer": { {{net}}, "alphaSteps": 1, "epochsPerAlpha": 1, "batchSize": 16 } }""",
            """{ "name": "dec", "label": "other pretraining", "preset": "quick", "clusterer": { "hiddenSizes": [16, 16], "pretraining": { "epochs": 4, "batchSize": 16 }, "maxIterations": 20, "batchSize": 16 } }""",
        ];
        string pipelines = "[" + string.Join(",\n", entries) + "]";
        ExperimentSpec spec = ExperimentSpecReader.Parse($$"""
            { "name": "shared", "data": { "name": "blobs" }, "clusters": 3, "seeds": [0, 1], "metrics": ["acc"], "plots": { "view": null }, "pipelines": {{pipelines}} }
            """);
        Dataset data = TestMethods.Blobs();
        var progress = new Recorder();
        ExperimentOutcome outcome = runner.Run(spec, data, Path.Combine(_folder, "all"), progress);
        string[] pretrainings = progress.Reports.Select(r => r.Stage)
            .Where(s => s.Contains(": pretrain (", StringComparison.Ordinal) && !s.Contains('·')).ToArray();
        Assert.All(outcome.Records, r => Assert.Equal(RunRecord.Succeeded, r.Status));

        // One pretraining per seed for the five methods that share it, one per seed for the other; the rest start from a copy.
        Assert.Equal(4, pretrainings.Count(s => !s.Contains("starting from", StringComparison.Ordinal)));
        Assert.Equal(8, pretrainings.Count(s => s.Contains("starting from", StringComparison.Ordinal)));
        foreach (int seed in new[] { 0, 1 })
        {
            foreach (string method in new[] { "dec", "idec", "dcn", "dkmp" })
                Assert.Contains(outcome.Notes, n => n.StartsWith($"{method} seed {seed} started from the autoencoder n2d seed {seed} pretrained", StringComparison.Ordinal));
            // The pretraining curve is in every sharing run's history, not only in the run that trained it.
            Assert.Contains(TrainingHistory.Read(outcome.Layout.HistoryPath("idec", seed)).Stages, s => s.StartsWith("pretrain", StringComparison.Ordinal));
        }
        Assert.DoesNotContain(outcome.Notes, n => n.StartsWith("other pretraining", StringComparison.Ordinal));

        // Sharing is sound only if a run that pretrains for itself gets the same labels.
        foreach ((string method, int index) in new[] { ("idec", 2), ("dkmp", 4) })
        {
            string alone = entries[index];
            ExperimentSpec single = ExperimentSpecReader.Parse($$"""
                { "name": "alone", "data": { "name": "blobs" }, "clusters": 3, "seeds": [1], "metrics": ["acc"], "plots": { "view": null }, "pipelines": [{{alone}}] }
                """);
            ExperimentOutcome fresh = runner.Run(single, data, Path.Combine(_folder, method));
            Assert.Equal(ExperimentLayout.ReadLabels(outcome.Layout.LabelsPath(method, 1), data.Count),
                ExperimentLayout.ReadLabels(fresh.Layout.LabelsPath(method, 1), data.Count));
            // Every loss of the pretraining and of the clustering stage, to the last digit.
            Assert.Equal(EpochPoints(fresh.Layout.HistoryPath(method, 1)), EpochPoints(outcome.Layout.HistoryPath(method, 1)));
        }
    }

    [Fact]
    public void AnAutoencoderReducerAndN2dWithTheSamePretrainingTrainItOnce()
    {
        var runner = new ExperimentRunner(BuiltInMethods.Create(), new IdentityScorer());
        const string training = "{ \"epochs\": 2, \"batchSize\": 40 }";
        ExperimentSpec spec = ExperimentSpecReader.Parse($$"""
            { "name": "simclr", "data": { "name": "blobs" }, "clusters": 4, "seeds": [0], "metrics": ["acc"], "plots": { "view": null, "samplesPerCluster": 4 },
              "pipelines": [
                { "name": "simclr+kmeans", "reducer": { "training": {{training}} } },
                { "name": "n2d", "clusterer": { "architecture": "Contrastive", "umapNeighbors": 10, "pretraining": {{training}} } },
                { "name": "simclr+gmm", "reducer": { "training": {{training}} } }
              ] }
            """);
        Dataset data = Agrupa.Tests.Neural.NeuralTestData.Blobs(n: 160, d: 64, k: 4, image: new ImageShape(1, 8, 8));
        var progress = new Recorder();
        ExperimentOutcome outcome = runner.Run(spec, data, Path.Combine(_folder, "simclr"), progress);
        Assert.All(outcome.Records, r => Assert.True(r.Status == RunRecord.Succeeded, r.Message));
        string[] stages = progress.Reports.Select(r => r.Stage).Where(s => !s.Contains('·')).ToArray();
        Assert.Single(stages, s => s.EndsWith(": reduce (simclr128)", StringComparison.Ordinal));
        Assert.DoesNotContain(stages, s => s.EndsWith(": pretrain (simclr128)", StringComparison.Ordinal));
        Assert.Contains(outcome.Notes, n => n.StartsWith("n2d seed 0 started from the autoencoder simclr+kmeans seed 0 pretrained", StringComparison.Ordinal));
        Assert.Contains(outcome.Notes, n => n.StartsWith("simclr+gmm seed 0 reused the autoencoder simclr+kmeans seed 0 pretrained", StringComparison.Ordinal));
        foreach (string pipeline in new[] { "simclr+kmeans", "n2d", "simclr+gmm" })
        {
            Assert.Contains(TrainingHistory.Read(outcome.Layout.HistoryPath(pipeline, 0)).Stages, s => s.StartsWith("pretrain simclr128", StringComparison.Ordinal));
            Assert.False(File.Exists(outcome.Layout.ReconstructionsPath(pipeline, 0)), $"{pipeline}: a contrastive encoder cannot reconstruct");
        }
    }

    [Fact]
    public void PipelinesStartFromTheirPretrainedFilePerSeedAndRerunWhenItChanges()
    {
        var runner = new ExperimentRunner(BuiltInMethods.Create(), new IdentityScorer());
        Dataset data = TestMethods.Blobs();
        string folder = Path.Combine(_folder, "files");
        Directory.CreateDirectory(folder);
        void Pretrain(int seed, int epochs, JsonObject? scaler = null)
        {
            var reducer = new AutoencoderReducer(new AutoencoderReducerOptions
            {
                Network = new DenseAutoencoderOptions { Inputs = data.FeatureCount, EmbeddingSize = 3, HiddenSizes = [16, 16] },
                Training = new TrainerOptions { Epochs = epochs, BatchSize = 16, Seed = seed }, Seed = seed,
            });
            using AutoencoderModel model = reducer.Fit(data);
            model.Scaler = scaler;
            model.Save(Path.Combine(folder, $"ae-s{seed}.agrupa"));
        }
        Pretrain(0, 2);
        Pretrain(1, 3);
        const string options = "\"hiddenSizes\": [16, 16], \"maxIterations\": 20, \"batchSize\": 16";
        ExperimentSpec spec = ExperimentSpecReader.Parse($$"""
            { "name": "files", "data": { "name": "blobs" }, "clusters": 3, "seeds": [0, 1], "metrics": ["acc"], "plots": { "view": null }, "pipelines": [
              { "name": "dec", "preset": "quick", "pretrained": "ae-s{seed}.agrupa", "clusterer": { {{options}} } },
              { "name": "idec", "preset": "quick", "pretrained": "ae-s{seed}.agrupa", "clusterer": { {{options}} } } ] }
            """, "spec", folder);
        var progress = new Recorder();
        ExperimentOutcome outcome = runner.Run(spec, data, Path.Combine(folder, "out"), progress);
        Assert.All(outcome.Records, r => Assert.Equal(RunRecord.Succeeded, r.Status));
        string[] pretrainings = progress.Reports.Select(r => r.Stage).Where(s => s.Contains(": pretrain (", StringComparison.Ordinal) && !s.Contains('·')).ToArray();
        Assert.Equal(2, pretrainings.Count(s => s.Contains("loading", StringComparison.Ordinal)));         // one load per seed
        Assert.Equal(2, pretrainings.Count(s => s.Contains("starting from", StringComparison.Ordinal)));   // idec reuses dec's
        Assert.DoesNotContain(progress.Reports, r => r.Stage.Contains("· pretrain", StringComparison.Ordinal));   // nothing trained
        // Each seed's file: its curve is in the history, and the labels are those of a fit started from that file.
        foreach ((int seed, int epochs) in new[] { (0, 2), (1, 3) })
        {
            TrainingHistory history = TrainingHistory.Read(outcome.Layout.HistoryPath("idec", seed));
            string stage = Assert.Single(history.Stages, s => s.StartsWith("pretrain", StringComparison.Ordinal));
            Assert.Equal(epochs, history.OfStage(stage).Points.Count(p => p.Name == "train"));
            using AutoencoderModel start = AutoencoderModel.Load(Path.Combine(folder, $"ae-s{seed}.agrupa"));
            var dec = (IPretrainingClusterer)BuiltInMethods.Create().Build(spec.Pipelines[0], seed, 3).Clusterer;
            Assert.Equal(dec.Fit(data, start).Labels, ExperimentLayout.ReadLabels(outcome.Layout.LabelsPath("dec", seed), data.Count));
        }

        // Unchanged files: nothing reruns. A file pretrained further: its seed reruns, the other does not.
        Assert.Equal(0, runner.Run(spec, data, Path.Combine(folder, "out")).RunsExecuted);
        Pretrain(1, 4);
        Assert.Equal(2, runner.Run(spec, data, Path.Combine(folder, "out")).RunsExecuted);

        // A file pretrained on data in another range fails its runs with a message naming it.
        Pretrain(0, 2, new JsonObject { ["kind"] = "divide", ["divisor"] = 2.0, ["trainingMin"] = 0.0, ["trainingMax"] = 10.0 });
        ExperimentOutcome refused = runner.Run(spec, data, Path.Combine(folder, "refused"));
        RunRecord failed = Assert.Single(refused.Records, r => r.Pipeline == "dec" && r.Seed == 0);
        Assert.Equal(RunRecord.Failed, failed.Status);
        Assert.Contains("ae-s0.agrupa was pretrained on data divided by 2", failed.Message);

        // A clusterer without pretraining cannot take a file: its runs fail saying so, instead of ignoring it.
        ExperimentSpec kmeans = ExperimentSpecReader.Parse("""
            { "name": "files", "data": { "name": "blobs" }, "clusters": 3, "seeds": [1], "metrics": ["acc"], "plots": { "view": null },
              "pipelines": [{ "name": "kmeans", "pretrained": "ae-s{seed}.agrupa" }] }
            """, "spec", folder);
        RunRecord ignored = Assert.Single(runner.Run(kmeans, data, Path.Combine(folder, "kmeans")).Records);
        Assert.Equal(RunRecord.Failed, ignored.Status);
        Assert.Contains("\"pretrained\" needs a clusterer that pretrains", ignored.Message);
    }

    [Fact]
    public void ResumingRepeatsNothingFinishedAndRunsOnlyWhatIsNewOrChanged()
    {
        var counter = new TestMethods.FitCounter();
        var runner = new ExperimentRunner(TestMethods.Registry(counter), new IdentityScorer());
        Dataset data = TestMethods.Blobs();
        runner.Run(TestMethods.Spec("""["nearest", "noisy"]""", "[0, 1]"), data, _folder);
        int fits = counter.Fits;
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(_folder, "results.csv"));
        var first = ResultsFile.Read(Path.Combine(_folder, "results.csv"));

        ExperimentOutcome again = runner.Run(TestMethods.Spec("""["nearest", "noisy"]""", "[0, 1]"), data, _folder);
        Assert.Equal(0, again.RunsExecuted);
        Assert.Equal(fits, counter.Fits);
        Assert.Equal(first.Select(r => r.Finished), again.Records.Select(r => r.Finished));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(_folder, "results.csv")));

        // A new seed runs only its own runs; changed options rerun only that pipeline.
        ExperimentOutcome more = runner.Run(TestMethods.Spec("""["nearest", "noisy"]""", "[0, 1, 2]"), data, _folder);
        Assert.Equal(2, more.RunsExecuted);
        ExperimentOutcome changed = runner.Run(TestMethods.Spec("""[{ "name": "nearest", "clusterer": { "epochs": 2 } }, "noisy"]""", "[0, 1, 2]"), data, _folder);
        Assert.Equal(3, changed.RunsExecuted);
        Assert.All(changed.Records.Where(r => r.Pipeline == "noisy"), r => Assert.Contains(r.Finished, more.Records.Select(m => m.Finished)));
        Assert.Equal(6, ResultsFile.Read(Path.Combine(_folder, "results.csv")).Count);

        // Re-indenting the spec changes no option: nothing reruns.
        ExperimentOutcome reformatted = runner.Run(TestMethods.Spec("[{ \"name\": \"nearest\",\n  \"clusterer\": {\n     \"epochs\" : 2 }}, \"noisy\"]", "[0, 1, 2]"), data, _folder);
        Assert.Equal(0, reformatted.RunsExecuted);
    }

    [Fact]
    public void AFailedRunIsRecordedWithItsErrorAndRetriedNextTime()
    {
        var runner = new ExperimentRunner(TestMethods.Registry(), new IdentityScorer());
        ExperimentOutcome outcome = runner.Run(TestMethods.Spec("""["failing"]""", "[0, 1, 2]"), TestMethods.Blobs(), _folder);
        RunRecord failed = Assert.Single(outcome.Records, r => r.Status == RunRecord.Failed);
        Assert.Equal(1, failed.Seed);
        Assert.Contains("cluster (failing): InvalidOperationException: seed 1 is odd", failed.Message);
        SummaryRow row = Assert.Single(outcome.Summary.Rows);
        Assert.Equal((2, 1), (row.Runs, row.Failures));
        ExperimentOutcome again = runner.Run(TestMethods.Spec("""["failing"]""", "[0, 1, 2]"), TestMethods.Blobs(), _folder);
        Assert.Equal(1, again.RunsExecuted);
    }

    [Fact]
    public void ResultsAreRewrittenWholeAfterEachRunAndNoTemporaryFileIsLeft()
    {
        var runner = new ExperimentRunner(TestMethods.Registry(), new IdentityScorer());
        var seen = new List<int>();
        string results = Path.Combine(_folder, "results.csv");
        var progress = new Recorder
        {
            OnReport = report =>
            {
                if (report.Stage.EndsWith(": build", StringComparison.Ordinal)) seen.Add(ResultsFile.Read(results).Count);
            },
        };
        runner.Run(TestMethods.Spec("""["nearest", "noisy"]""", "[0, 1]"), TestMethods.Blobs(), _folder, progress);
        // Before run r starts, exactly the r finished runs are in results.csv, each a complete parseable row.
        Assert.Equal([0, 1, 2, 3], seen);
        Assert.Empty(Directory.EnumerateFiles(_folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void CancellationKeepsFinishedRunsAndTheNextInvocationCompletesTheRest()
    {
        var runner = new ExperimentRunner(TestMethods.Registry(), new IdentityScorer());
        using var cancellation = new CancellationTokenSource();
        var progress = new Recorder { OnReport = report => { if (report.Stage.StartsWith("run 2/4", StringComparison.Ordinal)) cancellation.Cancel(); } };
        ExperimentSpec spec = TestMethods.Spec("""["nearest", "noisy"]""", "[0, 1]");
        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(spec, TestMethods.Blobs(), _folder, progress, cancellation.Token));
        Assert.Single(ResultsFile.Read(Path.Combine(_folder, "results.csv")));
        ExperimentOutcome resumed = runner.Run(spec, TestMethods.Blobs(), _folder);
        Assert.Equal(3, resumed.RunsExecuted);
        Assert.Equal(4, resumed.Records.Count);
    }

    [Theory]
    [InlineData("pretrain", 3)]
    [InlineData("idec clustering", 5)]
    public void ADeepRunStoppedInsideAStageContinuesFromItsCheckpointsToTheUninterruptedResult(string stage, int epoch)
    {
        var runner = new ExperimentRunner(BuiltInMethods.Create(), new IdentityScorer());
        ExperimentSpec spec = ExperimentSpecReader.Parse("""
            { "name": "resume", "data": { "name": "blobs" }, "clusters": 3, "seeds": [0], "metrics": ["acc"], "plots": { "view": null },
              "pipelines": [{ "name": "idec", "preset": "quick", "clusterer": { "hiddenSizes": [16], "pretraining": { "epochs": 6, "batchSize": 16 },
                "maxIterations": 60, "updateInterval": 8, "tolerance": 0, "batchSize": 16 } }] }
            """);
        Dataset data = TestMethods.Blobs();
        ExperimentOutcome whole = runner.Run(spec, data, Path.Combine(_folder, "whole"));

        string folder = Path.Combine(_folder, "stopped");
        using var cancellation = new CancellationTokenSource();
        var stopper = new Recorder
        {
            OnReport = r => { if (r.Stage.Contains("· " + stage, StringComparison.Ordinal) && r.Epoch == epoch && r.Step == r.TotalSteps) cancellation.Cancel(); },
        };
        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(spec, data, folder, stopper, cancellation.Token));
        string run = new ExperimentLayout(folder).RunDirectory("idec", 0);
        string[] kept = Directory.GetFiles(run).Select(Path.GetFileName).Order().ToArray()!;
        Assert.Contains(kept, f => f.StartsWith(stage == "pretrain" ? ".pretraining-" : ".stage-", StringComparison.Ordinal));
        Assert.Contains(kept, f => f.StartsWith(".partial-", StringComparison.Ordinal));

        var progress = new Recorder();
        ExperimentOutcome resumed = runner.Run(spec, data, folder, progress);
        Assert.Contains(progress.Reports, r => r.Stage.EndsWith("build (resuming from the run's checkpoints)", StringComparison.Ordinal));
        // Pretraining resumes at the epoch after the stop (the stage's resumption needs no pretraining at all).
        Assert.DoesNotContain(progress.Reports, r => r.Stage.Contains("· pretrain", StringComparison.Ordinal) && r.Epoch <= (stage == "pretrain" ? epoch : 6));
        Assert.Contains(progress.Reports, r => r.Stage.Contains("· idec clustering", StringComparison.Ordinal) && r.Epoch == 15);
        Assert.Equal(ExperimentLayout.ReadLabels(whole.Layout.LabelsPath("idec", 0), data.Count), ExperimentLayout.ReadLabels(resumed.Layout.LabelsPath("idec", 0), data.Count));
        // The curves and times measured before the stop are part of the resumed run's.
        TrainingHistory history = TrainingHistory.Read(resumed.Layout.HistoryPath("idec", 0));
        double[] pretrained = history.Points.Where(p => p.Stage.StartsWith("pretrain", StringComparison.Ordinal) && p.Name == "train" && p.Position == Math.Floor(p.Position))
            .Select(p => p.Position).Distinct().Order().ToArray();
        Assert.Equal([1, 2, 3, 4, 5, 6], pretrained);
        Assert.True(resumed.Records.Single().ClusterSeconds > 0);
        Assert.DoesNotContain(Directory.GetFiles(run), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public void APretrainingSharedByLaterRunsIsKeptOnDiskSoThatAStopBetweenThemDoesNotRepeatIt()
    {
        var runner = new ExperimentRunner(BuiltInMethods.Create(), new IdentityScorer());
        const string net = "\"hiddenSizes\": [16, 16], \"pretraining\": { \"epochs\": 3, \"batchSize\": 16 }";
        ExperimentSpec spec = ExperimentSpecReader.Parse($$"""
            { "name": "kept", "data": { "name": "blobs" }, "clusters": 3, "seeds": [0], "metrics": ["acc"], "plots": { "view": null },
              "pipelines": [
                { "name": "dec", "preset": "quick", "clusterer": { {{net}}, "maxIterations": 20, "batchSize": 16 } },
                { "name": "kmeans" },
                { "name": "idec", "preset": "quick", "clusterer": { {{net}}, "maxIterations": 20, "batchSize": 16 } }] }
            """);
        Dataset data = TestMethods.Blobs();
        ExperimentOutcome whole = runner.Run(spec, data, Path.Combine(_folder, "whole"));

        // Stopped after k-means, the second run: DEC's pretraining, which IDEC shares, was only in memory until now.
        string folder = Path.Combine(_folder, "stopped");
        using var cancellation = new CancellationTokenSource();
        var stopper = new Recorder { OnReport = r => { if (r.Stage.StartsWith("run 2/3 kmeans seed 0: finished", StringComparison.Ordinal)) cancellation.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(spec, data, folder, stopper, cancellation.Token));
        Assert.Single(Directory.GetFiles(folder, ".shared-pretraining-*.agrupa"));

        var progress = new Recorder();
        ExperimentOutcome resumed = runner.Run(spec, data, folder, progress);
        Assert.Equal(1, resumed.RunsExecuted);
        // IDEC starts from the kept network: no epoch of pretraining runs again, and the result is the uninterrupted one.
        Assert.DoesNotContain(progress.Reports, r => r.Stage.Contains("· pretrain", StringComparison.Ordinal));
        Assert.Contains(progress.Reports, r => r.Stage.StartsWith("run 3/3 idec seed 0: pretrain (", StringComparison.Ordinal) && r.Stage.Contains("starting from the autoencoder dec seed 0", StringComparison.Ordinal));
        Assert.Contains(resumed.Notes, n => n.StartsWith("idec seed 0 started from the autoencoder dec seed 0 pretrained", StringComparison.Ordinal));
        Assert.Equal(ExperimentLayout.ReadLabels(whole.Layout.LabelsPath("idec", 0), data.Count), ExperimentLayout.ReadLabels(resumed.Layout.LabelsPath("idec", 0), data.Count));
        Assert.Equal(EpochPoints(whole.Layout.HistoryPath("idec", 0)), EpochPoints(resumed.Layout.HistoryPath("idec", 0)));
        Assert.Equal(whole.Records.Single(x => x.Pipeline == "idec").ClustersFound, resumed.Records.Single(x => x.Pipeline == "idec").ClustersFound);
        // Removed once no run needs it; none is left by the uninterrupted experiment either.
        Assert.Empty(Directory.GetFiles(folder, ".shared-pretraining-*"));
        Assert.Empty(Directory.GetFiles(whole.Layout.Directory, ".shared-pretraining-*"));
    }

    [Fact]
    public void AnN2dRunStoppedInsideAViewsPretrainingContinuesFromItsCheckpointsToTheUninterruptedResult()
    {
        var runner = new ExperimentRunner(BuiltInMethods.Create(), new IdentityScorer());
        ExperimentSpec spec = ExperimentSpecReader.Parse("""
            { "name": "resume", "data": { "name": "blobs" }, "clusters": 3, "seeds": [0], "metrics": ["acc"], "plots": { "view": null },
              "pipelines": [{ "name": "n2d", "preset": "quick", "clusterer": { "hiddenSizes": [16], "umapNeighbors": 10, "pretraining": { "epochs": 4, "batchSize": 16 },
                "views": [{ "architecture": "Dense", "embeddingSize": 5, "pretraining": { "epochs": 12, "batchSize": 16 } }] } }] }
            """);
        Dataset data = TestMethods.Blobs();
        ExperimentOutcome whole = runner.Run(spec, data, Path.Combine(_folder, "whole"));

        string folder = Path.Combine(_folder, "stopped");
        using var cancellation = new CancellationTokenSource();
        var stopper = new Recorder { OnReport = r => { if (r.Stage.EndsWith("· pretrain ae5", StringComparison.Ordinal) && r.Epoch == 7 && r.Step == r.TotalSteps) cancellation.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(spec, data, folder, stopper, cancellation.Token));
        string run = new ExperimentLayout(folder).RunDirectory("n2d", 0);
        string[] kept = Directory.GetFiles(run).Select(Path.GetFileName).ToArray()!;
        Assert.Contains(kept, f => f.StartsWith(".pretraining-", StringComparison.Ordinal) && f.EndsWith("-view2.ckpt", StringComparison.Ordinal));

        var progress = new Recorder();
        ExperimentOutcome resumed = runner.Run(spec, data, folder, progress);
        Assert.Contains(progress.Reports, r => r.Stage.EndsWith("build (resuming from the run's checkpoints)", StringComparison.Ordinal));
        // The view continues after its last periodic checkpoint (epoch 5), not from the start.
        Assert.DoesNotContain(progress.Reports, r => r.Stage.EndsWith("· pretrain ae5", StringComparison.Ordinal) && r.Epoch <= 5);
        Assert.Contains(progress.Reports, r => r.Stage.EndsWith("· pretrain ae5", StringComparison.Ordinal) && r.Epoch == 12);
        Assert.Equal(ExperimentLayout.ReadLabels(whole.Layout.LabelsPath("n2d", 0), data.Count), ExperimentLayout.ReadLabels(resumed.Layout.LabelsPath("n2d", 0), data.Count));
        Assert.DoesNotContain(Directory.GetFiles(run), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public void ProgressNamesTheRunAndStageAndGivesAnEtaOnceARunHasFinished()
    {
        var runner = new ExperimentRunner(TestMethods.Registry(), new IdentityScorer());
        var progress = new Recorder();
        runner.Run(TestMethods.Spec("""["nearest", "first2+nearest"]""", "[0, 1]"), TestMethods.Blobs(), _folder, progress);
        Assert.Contains(progress.Reports, r => r.Stage == "run 1/4 nearest seed 0: cluster (nearest)" && r.Remaining is null);
        Assert.Contains(progress.Reports, r => r.Stage == "run 3/4 first2+nearest seed 0: reduce (first2)" && r.Remaining is not null);
        TrainingProgress inner = Assert.Single(progress.Reports, r => r.Stage == "run 2/4 nearest seed 1: cluster (nearest) · assign" && r.Epoch == 2);
        Assert.Equal(3, inner.TotalEpochs);
        Assert.True(inner.Losses.ContainsKey("inertia"));
    }

    [Fact]
    public void UnbuildablePipelinesAndUnknownClusterCountsFailBeforeAnythingRuns()
    {
        var runner = new ExperimentRunner(TestMethods.Registry(), new IdentityScorer());
        var unknown = Assert.Throws<ArgumentException>(() => runner.Run(TestMethods.Spec("""["nearest", "kmeans"]"""), TestMethods.Blobs(), _folder));
        Assert.StartsWith("$.pipelines[1].name: no clusterer named \"kmeans\"", unknown.Message);
        var options = Assert.Throws<ArgumentException>(() => runner.Run(TestMethods.Spec("""[{ "name": "nearest", "clusterer": { "speed": 1 } }]"""), TestMethods.Blobs(), _folder));
        Assert.StartsWith("$.pipelines[0].clusterer", options.Message);
        var unlabelled = Assert.Throws<ArgumentException>(() => runner.Run(TestMethods.Spec(), TestMethods.Blobs(labelled: false), _folder));
        Assert.Contains("has no labels, so give \"clusters\"", unlabelled.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "results.csv")));
        // With a cluster count, unlabelled data run; no external metric can be computed.
        ExperimentOutcome outcome = runner.Run(TestMethods.Spec(extra: ", \"clusters\": 2"), TestMethods.Blobs(labelled: false), _folder);
        Assert.All(outcome.Records, r => Assert.Empty(r.Metrics));
        Assert.All(outcome.Records, r => Assert.Equal(2, r.ClustersRequested));
    }

    [Fact]
    public void WithoutAScorerRunsStillRecordClustersTimesAndMemory()
    {
        var runner = new ExperimentRunner(TestMethods.Registry(), scorer: null);
        ExperimentOutcome outcome = runner.Run(TestMethods.Spec("""["noisy"]""", "[0]"), TestMethods.Blobs(), _folder);
        RunRecord run = Assert.Single(outcome.Records);
        Assert.Empty(run.Metrics);
        Assert.Equal(0.25, run.NoiseFraction, 12);
        Assert.Contains(outcome.Notes, n => n.Contains("No metric was computed"));
    }

    [Fact]
    public void TheSharedViewIsSkippedWithANoteWhenItsReducerIsNotRegistered()
    {
        var runner = new ExperimentRunner(TestMethods.Registry(), new IdentityScorer());
        ExperimentSpec spec = TestMethods.Spec("""["nearest"]""", "[0]") with { Plots = new PlotSpec { View = "umap2" } };
        ExperimentOutcome outcome = runner.Run(spec, TestMethods.Blobs(), _folder);
        Assert.Contains(outcome.Notes, n => n.Contains("\"umap2\" is not a registered reducer"));
        Assert.False(File.Exists(outcome.Layout.ViewPath));
    }
}
