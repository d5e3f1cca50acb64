using Agrupa.DeepClustering;
using Agrupa.Neural;

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
    public void StopsWhenLabelsStopChanging()
    {
        var data = DeepClusteringHarness.Blobs();
        var model = new Dec(Short(new DecOptions()) with { MaxIterations = 5000, Tolerance = 0.01 }).Fit(data);
        Assert.True(model.Updates.Count < 5000 / 20, $"expected an early stop, got {model.Updates.Count} updates");
        Assert.True(model.Updates[^1].LabelChange < 0.01);
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
    public void RejectsInvalidOptions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dec(new DecOptions { Clusters = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dec(new DecOptions { UpdateInterval = 0 }));
        Assert.Throws<ArgumentException>(() => new Dec(new DecOptions { Clusters = 500 }).Fit(DeepClusteringHarness.Blobs()));
    }
}
