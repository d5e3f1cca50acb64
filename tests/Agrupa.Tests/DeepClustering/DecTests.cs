using Agrupa.DeepClustering;
using Agrupa.Neural;
using Agrupa.Runtime;

namespace Agrupa.Tests.DeepClustering;

public sealed class DecTests
{
    private static DecOptions Short(DecOptions options) => options with
    {
        Clusters = 3,
        HiddenSizes = [64, 64, 128], Pretraining = new TrainerOptions { Epochs = 15, BatchSize = 32 },
        BatchSize = 32,
        MaxIterations = 120,
        UpdateInterval = 20,
        KMeansRestarts = 4,
        Seed = 5,
    };

    [Fact]
    public void DecConformsAndRecoversBlobs()
    {
        var data = DeepClusteringHarness.Blobs();
        var model = (DeepClusteringModel)DeepClusteringHarness.Check(() => new Dec(Short(new DecOptions())), data, 3);
        Assert.Equal("dec", model.Method);
        Assert.NotEmpty(model.Updates);
        Assert.True(model.Updates[0].Metrics.ContainsKey("acc"), "monitoring metrics are recorded when labels exist");
        Assert.NotEmpty(model.PretrainingHistory);
    }

    [Fact]
    public void IdecKeepsTheReconstructionTerm()
    {
        var data = DeepClusteringHarness.Blobs();
        var model = (DeepClusteringModel)DeepClusteringHarness.Check(() => new Dec(Short(DecOptions.Idec())), data, 3);
        Assert.Equal("idec", model.Method);
        Assert.Contains("reconstruction", model.ClusteringHistory[0].Terms.Keys);
        Assert.Contains("clustering", model.ClusteringHistory[0].Terms.Keys);
    }

    [Fact]
    public void WeightInitializationReachesThePretrainedNetwork()
    {
        var data = DeepClusteringHarness.Blobs();
        DecOptions options = Short(new DecOptions()) with { Pretraining = new TrainerOptions { Epochs = 1, BatchSize = 32 }, MaxIterations = 20 };
        using var lecun = new Dec(options with { WeightInitialization = WeightInitialization.LeCunUniform }).Fit(data);
        using var glorot = new Dec(options).Fit(data);
        Assert.Equal(WeightInitialization.LeCunUniform, lecun.Network.Options.Initialization);
        Assert.Equal(WeightInitialization.GlorotUniform, glorot.Network.Options.Initialization); // null keeps the network's default
        // The experiment runner shares a pretraining only between equal fingerprints: the initialisation is part of it.
        Assert.NotEqual(new Dec(options).Pretraining(data)!.Fingerprint(data),
            new Dec(options with { WeightInitialization = WeightInitialization.LeCunUniform }).Pretraining(data)!.Fingerprint(data));
    }

    [Fact]
    public void StopsWhenLabelsStopChanging()
    {
        var data = DeepClusteringHarness.Blobs();
        var model = new Dec(Short(new DecOptions()) with { MaxIterations = 5000, Tolerance = 0.01 }).Fit(data);
        Assert.True(model.Updates.Count < 5000 / 20, $"expected an early stop, got {model.Updates.Count} updates");
        Assert.True(model.Updates[^1].LabelChange < 0.01);
    }

    [Fact]
    public void ValidationSplitStopsOnItsClusteringLossAndStillLabelsEveryRow()
    {
        var data = DeepClusteringHarness.Blobs();
        var options = Short(DecOptions.Idec()) with { MaxIterations = 5000, Tolerance = 0, ValidationFraction = 0.25, ValidationPatience = 2, ValidationMinimumDelta = 1e-3 };
        using var model = new Dec(options).Fit(data);
        Assert.Equal(data.Count, model.Labels.Count);
        Assert.True(model.Updates.Count < 5000 / 20, $"expected the validation loss to stop training, got {model.Updates.Count} updates");
        Assert.All(model.Updates, u => Assert.True(double.IsFinite(u.ValidationLoss) && u.ValidationLoss >= 0, $"validation loss {u.ValidationLoss}"));
        // Stopped after `patience` updates without an improvement of at least the minimum delta.
        double best = model.Updates.Min(u => u.ValidationLoss);
        int bestIndex = model.Updates.ToList().FindIndex(u => u.ValidationLoss == best);
        Assert.Equal(options.ValidationPatience, model.Updates.Count - 1 - bestIndex);
        Assert.True(Agrupa.Evaluation.ClusterMetrics.Compute(data.Labels!, model.Labels).Ari > 0.9);

        // Stopped halfway and resumed, the checkpoint's best weights and patience count give the same early stop and model.
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-dec-{Guid.NewGuid():N}.ckpt");
        try
        {
            using var cancel = new CancellationTokenSource();
            var stopAt = new CancelAfterEpoch("idec clustering", model.ClusteringHistory.Count / 2, cancel);
            Assert.ThrowsAny<OperationCanceledException>(() => new Dec(options).Fit(data, null, new ClusteringCheckpoint(path), stopAt, cancel.Token));
            using var resumed = new Dec(options).Fit(data, null, new ClusteringCheckpoint(path, Resume: true));
            Assert.Equal(model.Labels, resumed.Labels);
            Assert.Equal(model.Centers.ToArray(), resumed.Centers.ToArray());
            Assert.Equal(model.Updates.Select(u => (u.Iteration, u.ValidationLoss)), resumed.Updates.Select(u => (u.Iteration, u.ValidationLoss)));
        }
        finally
        {
            File.Delete(path);
        }
        // Without a split the loss is not recorded.
        using var plain = new Dec(Short(DecOptions.Idec())).Fit(data);
        Assert.All(plain.Updates, u => Assert.True(double.IsNaN(u.ValidationLoss)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dec(options with { ValidationFraction = 0.6 }));
    }

    [Fact]
    public void SavedModelPredictsIdentically()
    {
        var data = DeepClusteringHarness.Blobs();
        using var model = new Dec(Short(DecOptions.Idec())).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-dec-{Guid.NewGuid():N}.agrupa");
        try
        {
            model.Save(path);
            using var loaded = DeepClusteringModel.Load(path);
            Assert.Equal(model.Labels, loaded.Labels);
            Assert.Equal(model.PredictProbabilities(data), loaded.PredictProbabilities(data));
            Assert.Equal(model.Updates.Count, loaded.Updates.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnInterruptedAndResumedClusteringStageGivesTheUninterruptedModel()
    {
        var data = DeepClusteringHarness.Blobs();
        DecOptions options = Short(DecOptions.Idec()) with { MaxIterations = 200, Tolerance = 0 };   // 6 steps per epoch, an update every 20
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-dec-{Guid.NewGuid():N}.ckpt");
        try
        {
            using var whole = new Dec(options).Fit(data);

            // Stopped after the 11th epoch of the clustering stage: step 66, between the updates of steps 60 and 80.
            using var cancel = new CancellationTokenSource();
            var stopAt = new CancelAfterEpoch("idec clustering", 11, cancel);
            Assert.ThrowsAny<OperationCanceledException>(() => new Dec(options).Fit(data, null, new ClusteringCheckpoint(path), stopAt, cancel.Token));
            Assert.True(File.Exists(path), "no checkpoint after the cancellation");

            using var resumed = new Dec(options).Fit(data, null, new ClusteringCheckpoint(path, Resume: true));
            Assert.Equal(whole.Labels, resumed.Labels);
            Assert.Equal(whole.Centers.ToArray(), resumed.Centers.ToArray());
            Assert.Equal(whole.PredictProbabilities(data), resumed.PredictProbabilities(data));
            Assert.Equal(whole.Updates.Select(u => (u.Iteration, u.LabelChange, u.Loss)), resumed.Updates.Select(u => (u.Iteration, u.LabelChange, u.Loss)));
            Assert.Equal(whole.ClusteringHistory.Select(e => e.TrainingLoss), resumed.ClusteringHistory.Select(e => e.TrainingLoss));
            Assert.Equal(whole.PretrainingHistory.Select(e => e.TrainingLoss), resumed.PretrainingHistory.Select(e => e.TrainingLoss));

            // The same checkpoint refuses other options.
            var other = Assert.Throws<ArgumentException>(() => new Dec(options with { Alpha = 2 }).Fit(data, null, new ClusteringCheckpoint(path, Resume: true)));
            Assert.Contains("same method and options", other.Message, StringComparison.Ordinal);
            Assert.Throws<FileNotFoundException>(() => new Dec(options).Fit(data, null, new ClusteringCheckpoint(path + ".missing", Resume: true)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RejectsInvalidOptions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dec(new DecOptions { Clusters = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dec(new DecOptions { UpdateInterval = 0 }));
        Assert.Throws<ArgumentException>(() => new Dec(new DecOptions { Clusters = 500 }).Fit(DeepClusteringHarness.Blobs()));
    }
}
