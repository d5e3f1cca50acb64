using Agrupa.Clustering;
using Agrupa.DeepClustering;
using Agrupa.Neural;

namespace Agrupa.Tests.DeepClustering;

public sealed class DcnTests
{
    [Fact]
    public void DcnConformsAndRecoversBlobs()
    {
        var data = DeepClusteringHarness.Blobs();
        var options = new DcnOptions
        {
            Clusters = 3, HiddenSizes = [64, 64, 128], Pretraining = new TrainerOptions { Epochs = 15, BatchSize = 32 }, Epochs = 5, BatchSize = 32, LearningRate = 0.01,
            KMeansRestarts = 4, Seed = 2,
        };
        var model = (DeepClusteringModel)DeepClusteringHarness.Check(() => new Dcn(options), data, 3);
        Assert.Equal(5, model.ClusteringHistory.Count);
        Assert.Equal(5, model.Updates.Count);
    }

    [Fact]
    public void TheQuickPresetTrainsAtTheRateThatDoesNotDivergeOnFashionMnist()
    {
        // 0.05 (the paper preset, the reference's rate) turned NaN on Fashion-MNIST from every start measured (BENCHMARKS.md, session 12).
        Assert.Equal(0.01, ((Dcn)DeepClusteringPresets.Create("dcn", "quick", 10)).Options.LearningRate);
        Assert.Equal(0.05, ((Dcn)DeepClusteringPresets.Create("dcn", "paper", 10)).Options.LearningRate);
    }

    [Fact]
    public void DcnWithTheReferencesLayerwisePretrainingAloneStartsFromIt()
    {
        // The reference's whole start: layer-wise SGD 0.01 without momentum, no end-to-end pass (REFERENCES.md §13).
        var data = DeepClusteringHarness.Blobs();
        var options = new DcnOptions
        {
            Clusters = 3, Architecture = AutoencoderArchitecture.DenseTied, HiddenSizes = [64, 32], EmbeddingSize = 8,
            LayerwisePretraining = new TrainerOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01, Momentum = 0, BatchSize = 32, Epochs = 4 },
            PretrainEndToEnd = false, Epochs = 3, BatchSize = 32, LearningRate = 0.05, KMeansRestarts = 2, Seed = 2,
        };
        var model = (DeepClusteringModel)DeepClusteringHarness.Check(() => new Dcn(options), data, 3);
        Assert.Equal(12, model.PretrainingHistory.Count); // three layers, four epochs each
        Assert.All(model.PretrainingHistory, e => Assert.True(e.Terms.ContainsKey("layer")));
        Assert.All(model.ClusteringHistory, e => Assert.True(double.IsFinite(e.TrainingLoss)));

        Assert.Throws<ArgumentOutOfRangeException>(() => new Dcn(new DcnOptions { PretrainEndToEnd = false }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dcn(new DcnOptions
        {
            Architecture = AutoencoderArchitecture.Convolutional, LayerwisePretraining = new TrainerOptions { Epochs = 1 },
        }));
    }

    [Fact]
    public void DcnWithItsReferenceNetworkTrainsAtTheReferenceLearningRateAndSurvivesSaveAndLoad()
    {
        // The reference's joint-stage SGD rate 0.05 on the mean-centred, tied network (REFERENCES.md §13).
        var data = DeepClusteringHarness.Blobs();
        var options = new DcnOptions
        {
            Clusters = 3, Architecture = AutoencoderArchitecture.DenseTied, HiddenSizes = [64, 32], EmbeddingSize = 8,
            Pretraining = new TrainerOptions { Epochs = 15, BatchSize = 32 }, Epochs = 5, BatchSize = 32, LearningRate = 0.05, KMeansRestarts = 4, Seed = 2,
        };
        var model = (DeepClusteringModel)DeepClusteringHarness.Check(() => new Dcn(options), data, 3);
        Assert.IsType<TiedDenseAutoencoderOptions>(model.Network.Options);
        Assert.All(model.ClusteringHistory, e => Assert.True(double.IsFinite(e.TrainingLoss)));
        string path = Path.Combine(Directory.CreateTempSubdirectory("agrupa-dcn-").FullName, "dcn.agrupa");
        try
        {
            model.Save(path);
            using DeepClusteringModel loaded = DeepClusteringModel.Load(path);
            Assert.Equal(model.Transform(data).FeatureArray, loaded.Transform(data).FeatureArray);   // running means kept
            Assert.Equal(model.Labels, loaded.Predict(data).Labels);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void DcnAndVadeReportTheirMonitoringMetricsForTheTrainingCurves()
    {
        var data = DeepClusteringHarness.Blobs();
        var pretraining = new TrainerOptions { Epochs = 2, BatchSize = 32 };
        IClusterer[] methods =
        [
            new Dcn(new DcnOptions { Clusters = 3, HiddenSizes = [16], Pretraining = pretraining, Epochs = 3, BatchSize = 32, LearningRate = 0.01, KMeansRestarts = 1, Seed = 2 }),
            new Vade(new VadeOptions { Clusters = 3, LatentSize = 3, HiddenSizes = [16], Pretraining = pretraining, Epochs = 4, BatchSize = 32, Seed = 1 }),
        ];
        foreach (IClusterer method in methods)
        {
            var reports = new List<Agrupa.Runtime.TrainingProgress>();
            var model = (DeepClusteringModel)method.Fit(data, new Agrupa.Tests.Clustering.KMeansTests.Recorder(reports.Add));
            var monitored = reports.Where(r => r.Metrics.ContainsKey("acc")).ToArray();
            // One report per monitored update, carrying the same ACC the model keeps in Updates.
            Assert.Equal(model.Updates.Count, monitored.Length);
            Assert.Equal(model.Updates.Select(u => u.Metrics["acc"]), monitored.Select(r => r.Metrics["acc"]));
        }
    }

    [Fact]
    public void CentreStepAssignsTheWholeBatchBeforeMovingCentres()
    {
        // 1-D centres 0 and 1 with count 1. Row 0.6 goes to centre 1, which moves to 0.8; row 0.45 was nearer centre 0
        // before the batch, so the reference's batch_km keeps it there (an interleaved update would send it to 0.8).
        float[] centers = [0f, 1f];
        double[] counts = [1, 1];
        var nearest = new int[2];
        Dcn.BatchKMeansStep(new float[] { 0.6f, 0.45f }, centers, counts, 2, nearest);
        Assert.Equal(new[] { 1, 0 }, nearest);
        Assert.Equal(new double[] { 2, 2 }, counts);
        Assert.Equal(0.225f, centers[0], 5);
        Assert.Equal(0.8f, centers[1], 5);
    }
}
