using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Persistence;
using Agrupa.Runtime;
using TorchSharp;

namespace Agrupa.Tests.Neural;

public sealed class TrainerTests
{
    private static TrainerOptions Small(int epochs = 4, int seed = 5) => new() { Epochs = epochs, BatchSize = 32, Seed = seed, LearningRate = 3e-3 };

    private static (Autoencoder Network, TrainingResult Result) Train(TrainerOptions options, Dataset? data = null, AutoencoderOptions? network = null,
        IProgress<TrainingProgress>? progress = null, TrainingCallbacks? callbacks = null, CancellationToken token = default)
    {
        data ??= NeuralTestData.Blobs();
        var ae = (network ?? NeuralTestData.SmallDense(data.FeatureCount)).Build(11);
        var result = new Trainer(options).Fit(ae, data, b => ae.PretrainingLoss(b.Inputs), progress, token, callbacks);
        return (ae, result);
    }

    private static byte[] WeightBytes(Autoencoder network) =>
        NetworkState.Capture(network).OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => p.Value.AsFloats().SelectMany(BitConverter.GetBytes)).ToArray();

    [Fact]
    public void LossFallsAndValidationIsReportedEachEpoch()
    {
        var (network, result) = Train(Small(epochs: 8) with { ValidationFraction = 0.2 });
        using var _ = network;
        Assert.Equal(8, result.History.Count);
        Assert.All(result.History, e => Assert.NotNull(e.ValidationLoss));
        Assert.True(result.History[^1].TrainingLoss < 0.5 * result.History[0].TrainingLoss,
            $"training loss fell only from {result.History[0].TrainingLoss} to {result.History[^1].TrainingLoss}");
        Assert.True(result.History[^1].ValidationLoss < result.History[0].ValidationLoss);
    }

    [Fact]
    public void SameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot()
    {
        var options = Small() with { ValidationFraction = 0.1 };
        var (a, _) = Train(options);
        var (b, _) = Train(options);
        var (c, _) = Train(options with { Seed = 6 });
        using (a) using (b) using (c)
        {
            Assert.Equal(WeightBytes(a), WeightBytes(b));
            Assert.NotEqual(WeightBytes(a), WeightBytes(c));
        }
    }

    [Fact]
    public void ResumeFromEpochCheckpointReachesTheSameWeightsAsAnUninterruptedRun()
    {
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-resume-{Guid.NewGuid():N}.ckpt");
        try
        {
            // Denoising (masking) so torch's generator matters too.
            var data = NeuralTestData.Blobs();
            var description = NeuralTestData.SmallDense() with { Corruption = InputCorruption.Masking, CorruptionLevel = 0.1 };
            var options = Small(epochs: 4) with { ValidationFraction = 0.1, Schedule = LearningRateSchedule.Cosine };
            var (straight, straightResult) = Train(options, data, description);

            // Stop (without cancelling) at the start of epoch 3: the file left is the every-2-epochs checkpoint.
            var stop = new TrainingCallbacks { BeforeStep = (epoch, _) => epoch < 2 };
            var (first, firstResult) = Train(options with { CheckpointEvery = 2, CheckpointPath = path }, data, description, callbacks: stop);
            first.Dispose();
            Assert.True(firstResult.StoppedByCallback);
            Assert.Equal(2, firstResult.History.Count);
            using var resumed = description.Build(999); // different initial weights: the checkpoint must replace them
            var resumedResult = new Trainer(options).Resume(path, resumed, data, b => resumed.PretrainingLoss(b.Inputs));
            using (straight)
            {
                Assert.Equal(WeightBytes(straight), WeightBytes(resumed));
                Assert.Equal(straightResult.History.Select(e => e.TrainingLoss), resumedResult.History.Select(e => e.TrainingLoss));
                Assert.Equal(straightResult.History.Select(e => e.ValidationLoss), resumedResult.History.Select(e => e.ValidationLoss));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheLastEpochIsCheckpointedSoAFinishedRunCanBeContinued()
    {
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-extend-{Guid.NewGuid():N}.ckpt");
        try
        {
            var (straight, straightResult) = Train(Small(epochs: 5));
            var (first, _) = Train(Small(epochs: 3) with { CheckpointEvery = 2, CheckpointPath = path });
            first.Dispose();
            Assert.Equal(3, (int)ModelFile.Read(path).Header["epoch"]!); // epoch 2's checkpoint, then the last one (3)
            using var continued = NeuralTestData.SmallDense().Build(7);
            var result = new Trainer(Small(epochs: 5)).Resume(path, continued, NeuralTestData.Blobs(), b => continued.PretrainingLoss(b.Inputs));
            using (straight)
            {
                Assert.Equal(WeightBytes(straight), WeightBytes(continued));
                Assert.Equal(straightResult.History.Select(e => e.TrainingLoss), result.History.Select(e => e.TrainingLoss));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CancellationMidEpochWritesACheckpointAndResumeMatchesAnUninterruptedRun()
    {
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-cancel-{Guid.NewGuid():N}.ckpt");
        try
        {
            var data = NeuralTestData.Blobs();
            var options = Small(epochs: 3) with { CheckpointPath = path, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05 };
            var (straight, _) = Train(options);
            using var source = new CancellationTokenSource();
            var callbacks = new TrainingCallbacks { BeforeStep = (epoch, step) => { if (step == 11) source.Cancel(); return true; } };
            var cancelledNetwork = NeuralTestData.SmallDense().Build(11);
            Assert.ThrowsAny<OperationCanceledException>(() =>
                new Trainer(options).Fit(cancelledNetwork, data, b => cancelledNetwork.PretrainingLoss(b.Inputs), null, source.Token, callbacks));
            cancelledNetwork.Dispose();
            Assert.True(File.Exists(path), "no checkpoint was written at cancellation");
            Assert.Equal(1, (int)ModelFile.Read(path).Header["epoch"]!); // 8 steps per epoch: step 11 is in epoch 2 (0-based 1)
            using var resumed = NeuralTestData.SmallDense().Build(3);
            new Trainer(options).Resume(path, resumed, data, b => resumed.PretrainingLoss(b.Inputs));
            using (straight) Assert.Equal(WeightBytes(straight), WeightBytes(resumed));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ResumeRefusesACheckpointWrittenWithOtherSettings()
    {
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-other-{Guid.NewGuid():N}.ckpt");
        try
        {
            var (first, _) = Train(Small(epochs: 1) with { CheckpointEvery = 1, CheckpointPath = path });
            first.Dispose();
            using var network = NeuralTestData.SmallDense().Build(1);
            var error = Assert.Throws<ArgumentException>(() => new Trainer(Small(epochs: 2) with { BatchSize = 16 })
                .Resume(path, network, NeuralTestData.Blobs(), b => network.PretrainingLoss(b.Inputs)));
            Assert.Contains("batch size", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NonFiniteInputIsRejectedNamingTheRow()
    {
        var data = NeuralTestData.Blobs();
        float[] features = data.Features.ToArray();
        features[5 * data.FeatureCount + 2] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => Train(Small(), data.WithFeatures(features, data.FeatureCount)));
        Assert.Contains("row 5, feature 2 is NaN", error.Message);
    }

    [Fact]
    public void ExplodingLossStopsWithEpochAndStep()
    {
        var data = NeuralTestData.Blobs();
        var error = Assert.Throws<TrainingDivergedException>(() =>
        {
            using var network = NeuralTestData.SmallDense().Build(1);
            new Trainer(Small() with { Optimizer = OptimizerKind.Sgd, LearningRate = 1e4, Momentum = 0.9 })
                .Fit(network, data, b => network.PretrainingLoss(b.Inputs) * 1e20f);
        });
        Assert.Equal(1, error.Epoch);
        Assert.InRange(error.Step, 1, 8);
        Assert.Contains($"epoch {error.Epoch}, step {error.Step}", error.Message);
    }

    [Fact]
    public void NonFiniteGradientIsCaughtEvenWhenTheLossIsFinite()
    {
        using var network = NeuralTestData.SmallDense().Build(1);
        // sqrt at 0 has an infinite derivative; the loss itself is finite (0).
        var error = Assert.Throws<TrainingDivergedException>(() =>
            new Trainer(Small()).Fit(network, NeuralTestData.Blobs(), b => torch.sqrt(network.Encode(b.Inputs).sum() * 0f).sum()));
        Assert.Contains("gradient", error.Message);
        Assert.Equal(1, error.Step);
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceAndRestoresTheBestWeights()
    {
        Dictionary<string, ModelArray>? afterFirst = null;
        Autoencoder? network = null;
        var callbacks = new TrainingCallbacks { AfterEpoch = e => { if (e.Epoch == 1) afterFirst = NetworkState.Capture(network!); } };
        var data = NeuralTestData.Blobs();
        network = NeuralTestData.SmallDense().Build(11);
        var options = Small(epochs: 30) with { ValidationFraction = 0.2, EarlyStoppingPatience = 2, EarlyStoppingMinimumDelta = 1e6 };
        var result = new Trainer(options).Fit(network, data, b => network.PretrainingLoss(b.Inputs), callbacks: callbacks);
        using (network)
        {
            Assert.True(result.StoppedEarly);
            Assert.Equal(3, result.History.Count);
            Assert.Equal(1, result.BestEpoch);
            var final = NetworkState.Capture(network);
            Assert.All(afterFirst!, p => Assert.Equal(p.Value.AsFloats(), final[p.Key].AsFloats()));
        }
    }

    [Fact]
    public void ProgressReportsEpochsLossesThroughputAndRemainingTime()
    {
        var reports = new List<TrainingProgress>();
        var (network, _) = Train(Small(epochs: 3) with { ValidationFraction = 0.2 }, progress: new SynchronousProgress<TrainingProgress>(reports.Add));
        network.Dispose();
        var epochEnds = reports.Where(r => r.Losses.ContainsKey("validation")).ToList();
        Assert.Equal(new[] { 1, 2, 3 }, epochEnds.Select(r => r.Epoch));
        Assert.All(epochEnds, r =>
        {
            Assert.Equal(3, r.TotalEpochs);
            Assert.True(r.SamplesPerSecond > 0);
            Assert.NotNull(r.Remaining);
            Assert.True(r.Losses["train"] > 0);
        });
        Assert.Equal(TimeSpan.Zero, epochEnds[^1].Remaining);
    }

    [Fact]
    public void ValidationSplitIsStratifiedAndDisjoint()
    {
        int[] labels = Enumerable.Range(0, 1000).Select(i => i < 800 ? 0 : 1).ToArray();
        var (train, validation) = ValidationSplit.Split(1000, labels, 0.1, 3);
        Assert.Equal(100, validation.Length);
        Assert.Equal(80, validation.Count(i => labels[i] == 0));
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(1000, train.Length + validation.Length);
    }

    [Fact]
    public void LearningRateSchedules()
    {
        var step = new TrainerOptions { LearningRate = 0.002, Schedule = LearningRateSchedule.Step, StepEpochs = 10, StepFactor = 0.9, MinimumLearningRate = 0.0002, Epochs = 3000 };
        Assert.Equal(0.002, step.LearningRateAt(9), 12);
        Assert.Equal(0.0018, step.LearningRateAt(10), 12);
        Assert.Equal(0.0002, step.LearningRateAt(2999), 12);
        var cosine = new TrainerOptions { LearningRate = 1, Schedule = LearningRateSchedule.Cosine, Epochs = 10 };
        Assert.Equal(1, cosine.LearningRateAt(0), 12);
        Assert.Equal(0.5, cosine.LearningRateAt(5), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(new TrainerOptions { BatchSize = 0 }));
        Assert.Equal("Momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(new TrainerOptions { Momentum = 1 })).ParamName);
    }

    /// <summary>IProgress without a synchronisation context (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
