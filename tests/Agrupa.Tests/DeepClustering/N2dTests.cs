using Agrupa.DeepClustering;
using Agrupa.Neural;

namespace Agrupa.Tests.DeepClustering;

public sealed class N2dTests
{
    [Fact]
    public void N2dConformsAndRecoversBlobs()
    {
        var data = DeepClusteringHarness.Blobs();
        var options = new N2dOptions { Clusters = 3, HiddenSizes = [64, 64, 128], Pretraining = new TrainerOptions { Epochs = 15, BatchSize = 32 }, UmapNeighbors = 10, Seed = 3 };
        var model = (N2dModel)DeepClusteringHarness.Check(() => new N2d(options), data, 3, predictEqualsLabels: false);
        Assert.Equal(3, model.Manifold.Embedding.FeatureCount);
    }

    [Fact]
    public void VadeConformsAndRecoversBlobs()
    {
        var data = DeepClusteringHarness.Blobs();
        var options = new VadeOptions { Clusters = 3, LatentSize = 3, HiddenSizes = [64, 64, 128], Pretraining = new TrainerOptions { Epochs = 15, BatchSize = 32 }, Epochs = 10, BatchSize = 32, Seed = 1 };
        var model = (DeepClusteringModel)DeepClusteringHarness.Check(() => new Vade(options), data, 3);
        Assert.Equal(AssignmentKernel.GaussianMixture, model.Kernel);
        Assert.Contains("kl", model.ClusteringHistory[0].Terms.Keys);
    }
}
