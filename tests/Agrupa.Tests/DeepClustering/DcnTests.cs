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
}
