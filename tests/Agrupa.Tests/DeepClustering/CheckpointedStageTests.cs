using Agrupa.DeepClustering;
using Agrupa.Neural;
using Agrupa.Runtime;

namespace Agrupa.Tests.DeepClustering;

/// <summary>
/// The checkpoints of DCN's joint stage, Deep k-Means' α schedule and VaDE's ELBO stage (DEC's: DecTests): a stage
/// stopped after some epochs and resumed from its checkpoint ends with the model of an uninterrupted fit, bit for bit.
/// </summary>
public sealed class CheckpointedStageTests
{
    private static readonly TrainerOptions Pretraining = new() { Epochs = 6, BatchSize = 32 };

    /// <summary>The method with a short schedule; <paramref name="weight"/> changes a loss weight (an option the trainer does not see).</summary>
    private static ICheckpointingClusterer Create(string method, int epochs, double weight = 1) => method switch
    {
        "dcn" => new Dcn(new DcnOptions
        {
            Clusters = 3, HiddenSizes = [32, 32], Pretraining = Pretraining, Epochs = epochs, BatchSize = 32, LearningRate = 0.01, KMeansRestarts = 2, Seed = 2,
            ReconstructionWeight = 0.05 * weight,
        }),
        "dkmp" => new DeepKMeans(DeepKMeansOptions.Pretrained(3) with
        {
            HiddenSizes = [32, 32], Pretraining = Pretraining, AlphaSteps = epochs / 2, EpochsPerAlpha = 2, BatchSize = 32, KMeansRestarts = 2, Seed = 4, Lambda = weight,
        }),
        "dkma" => new DeepKMeans(new DeepKMeansOptions { Clusters = 3, HiddenSizes = [32, 32], AlphaSteps = epochs / 2, EpochsPerAlpha = 2, BatchSize = 32, Seed = 1, Lambda = weight }),
        "vade" => new Vade(new VadeOptions
        {
            Clusters = 3, LatentSize = 3, HiddenSizes = [32], Pretraining = Pretraining, Epochs = epochs, BatchSize = 32, Seed = 1, LearningRate = 0.002 * weight,
        }),
        _ => throw new ArgumentException(method),
    };

    /// <summary>The progress stage name of each method's checkpointed stage.</summary>
    private static string Stage(string method) => method switch { "dcn" => "dcn clustering", "vade" => "vade", _ => method };

    [Theory]
    [InlineData("dcn")]
    [InlineData("dkmp")]
    [InlineData("dkma")]
    [InlineData("vade")]
    public void AStageStoppedAndResumedFromItsCheckpointGivesTheUninterruptedModel(string method)
    {
        var data = DeepClusteringHarness.Blobs();
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-{method}-{Guid.NewGuid():N}.ckpt");
        try
        {
            using DeepClusteringModel whole = Create(method, 6).Fit(data, null, null);

            using var cancel = new CancellationTokenSource();
            var stopAt = new CancelAfterEpoch(Stage(method), 3, cancel);
            Assert.ThrowsAny<OperationCanceledException>(() => Create(method, 6).Fit(data, null, new ClusteringCheckpoint(path), stopAt, cancel.Token));
            Assert.True(File.Exists(path), "no checkpoint after the cancellation");

            using DeepClusteringModel resumed = Create(method, 6).Fit(data, null, new ClusteringCheckpoint(path, Resume: true));
            AssertSame(whole, resumed);
            Assert.Equal(6, resumed.ClusteringHistory.Count);
            if (method != "dkma") Assert.NotEmpty(resumed.PretrainingHistory);

            // Other options are refused, naming what may differ.
            var refused = Assert.Throws<ArgumentException>(() => Create(method, 6, weight: 0.5).Fit(data, null, new ClusteringCheckpoint(path, Resume: true)));
            Assert.Contains("same method and options", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void VadesOwnPretrainingStoppedAndResumedFromItsCheckpointGivesTheUninterruptedModel()
    {
        var data = DeepClusteringHarness.Blobs();
        string stage = Path.Combine(Path.GetTempPath(), $"agrupa-vade-{Guid.NewGuid():N}.ckpt"), pretraining = stage + ".pretraining";
        try
        {
            using DeepClusteringModel whole = Create("vade", 4).Fit(data, null, null);

            using var cancel = new CancellationTokenSource();
            var keeping = new ClusteringCheckpoint(stage) { PretrainingPath = pretraining };
            Assert.ThrowsAny<OperationCanceledException>(() => Create("vade", 4).Fit(data, null, keeping, new CancelAfterEpoch("vade pretrain", 3, cancel), cancel.Token));
            Assert.True(File.Exists(pretraining), "no pretraining checkpoint after the cancellation");
            Assert.False(File.Exists(stage), "a stage checkpoint before the stage began");

            var reports = new List<TrainingProgress>();
            using DeepClusteringModel resumed = Create("vade", 4).Fit(data, null, keeping with { ResumePretraining = true }, new Clustering.KMeansTests.Recorder(reports.Add));
            Assert.DoesNotContain(reports, r => r.Stage == "vade pretrain" && r.Epoch <= 3);
            Assert.Contains(reports, r => r.Stage == "vade pretrain" && r.Epoch == 6);
            AssertSame(whole, resumed);
            Assert.Equal(6, resumed.PretrainingHistory.Count);

            // Resuming both at once, or a pretraining checkpoint that is not there, is refused.
            Assert.Throws<ArgumentException>(() => Create("vade", 4).Fit(data, null, keeping with { ResumePretraining = true, PretrainingPath = pretraining + ".missing" }));
        }
        finally
        {
            File.Delete(stage);
            File.Delete(pretraining);
        }
    }

    [Fact]
    public void AFinishedStageKeptWithPeriodicCheckpointsContinuesToMoreEpochsAsOneLongerRun()
    {
        var data = DeepClusteringHarness.Blobs();
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-dcn-{Guid.NewGuid():N}.ckpt");
        try
        {
            using DeepClusteringModel longer = Create("dcn", 6).Fit(data, null, null);
            using (Create("dcn", 4).Fit(data, null, new ClusteringCheckpoint(path, Every: 2))) { }
            using DeepClusteringModel continued = Create("dcn", 6).Fit(data, null, new ClusteringCheckpoint(path, Resume: true));
            AssertSame(longer, continued);
            Assert.Throws<FileNotFoundException>(() => Create("dcn", 6).Fit(data, null, new ClusteringCheckpoint(path + ".missing", Resume: true)));
            using var network = new DenseAutoencoderOptions { Inputs = 16, EmbeddingSize = 3, HiddenSizes = [8] }.Build(0);
            Assert.Throws<ArgumentException>(() => Create("vade", 6).Fit(data, new AutoencoderModel(network, [], null), null));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertSame(DeepClusteringModel expected, DeepClusteringModel actual)
    {
        var data = DeepClusteringHarness.Blobs();
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.Centers.ToArray(), actual.Centers.ToArray());
        Assert.Equal(expected.PredictProbabilities(data), actual.PredictProbabilities(data));
        Assert.Equal(expected.Updates.Select(u => (u.Iteration, u.Loss)), actual.Updates.Select(u => (u.Iteration, u.Loss)));
        Assert.Equal(expected.ClusteringHistory.Select(e => e.TrainingLoss), actual.ClusteringHistory.Select(e => e.TrainingLoss));
        Assert.Equal(expected.PretrainingHistory.Select(e => e.TrainingLoss), actual.PretrainingHistory.Select(e => e.TrainingLoss));
    }
}
