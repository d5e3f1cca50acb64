using Agrupa.DeepClustering;
using Agrupa.Neural;

namespace Agrupa.Tests.DeepClustering;

public sealed class DeepKMeansTests
{
    [Fact]
    public void AnnealingScheduleMatchesTheReferenceCode()
    {
        var options = new DeepKMeansOptions();
        // dkm.py: alpha_{i+1} = 2^(1/log(i+1)^2) * alpha_i from 0.1 (REFERENCES.md §14: 0.1, 0.423, 0.752, 1.078, …).
        Assert.Equal(0.1, options.AlphaAt(0), 12);
        Assert.Equal(0.423, options.AlphaAt(1), 3);
        Assert.Equal(0.752, options.AlphaAt(2), 3);
        Assert.Equal(1.078, options.AlphaAt(3), 3);
        Assert.Equal(1000, DeepKMeansOptions.Pretrained().AlphaAt(7));
    }

    [Fact]
    public void PretrainedVariantConformsAndRecoversBlobs()
    {
        var data = DeepClusteringHarness.Blobs();
        var options = DeepKMeansOptions.Pretrained(3) with
        {
            HiddenSizes = [64, 64, 128], Pretraining = new TrainerOptions { Epochs = 15, BatchSize = 32 }, AlphaSteps = 2, EpochsPerAlpha = 2, BatchSize = 32, KMeansRestarts = 4, Seed = 4,
        };
        var model = (DeepClusteringModel)DeepClusteringHarness.Check(() => new DeepKMeans(options), data, 3);
        Assert.Equal("dkmp", model.Method);
        Assert.Equal(AssignmentKernel.Softmax, model.Kernel);
        Assert.Equal(2, model.Updates.Count);
    }

    [Fact]
    public void AnnealedVariantTrainsWithoutPretraining()
    {
        var data = DeepClusteringHarness.Blobs();
        var options = new DeepKMeansOptions { Clusters = 3, HiddenSizes = [64, 64, 128], AlphaSteps = 6, EpochsPerAlpha = 3, BatchSize = 32, Seed = 1 };
        var model = new DeepKMeans(options).Fit(data);
        Assert.Equal("dkma", model.Method);
        Assert.Empty(model.PretrainingHistory);
        Assert.True(model.ClusteringHistory[^1].TrainingLoss < model.ClusteringHistory[0].TrainingLoss, "the joint loss must fall");
        Assert.All(model.Labels, l => Assert.InRange(l, 0, 2));
    }
}
