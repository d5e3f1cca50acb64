using System.Text.Json.Nodes;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.DeepClustering;
using Agrupa.Neural;
using Agrupa.Persistence;
using Agrupa.Reduction;

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
    public void N2dModelSurvivesSaveAndLoadAndPredictsTheSame()
    {
        var data = DeepClusteringHarness.Blobs();
        var options = new N2dOptions { Clusters = 3, HiddenSizes = [32, 32, 64], Pretraining = new TrainerOptions { Epochs = 5, BatchSize = 32 }, UmapNeighbors = 10, Seed = 4 };
        using N2dModel fitted = new N2d(options).Fit(data);
        string folder = Directory.CreateTempSubdirectory("agrupa-n2d-").FullName;
        try
        {
            string path = Path.Combine(folder, "n2d.agrupa");
            fitted.Save(path, new JsonObject { ["note"] = "kept" });
            ModelFileContent content = ModelFile.Read(path, N2dModel.FileKind);
            Assert.Equal("kept", (string?)content.Header["note"]);
            Assert.Equal(AutoencoderModel.Kind, (string?)content.Header["autoencoder"]!["kind"]);
            Assert.Equal(new long[] { data.Count, 3 }, content.Arrays["umap.training"].Shape);

            using N2dModel loaded = N2dModel.Load(path);
            Assert.Equal(fitted.Labels, loaded.Labels);
            Assert.Equal(fitted.Manifold.Embedding.FeatureArray, loaded.Manifold.Embedding.FeatureArray);
            Assert.Equal(fitted.Transform(data).FeatureArray, loaded.Transform(data).FeatureArray);
            Dataset fresh = DeepClusteringHarness.Blobs(seed: 8, perCluster: 10);
            ClusterAssignment expected = fitted.Predict(fresh), actual = loaded.Predict(fresh);
            Assert.Equal(expected.Labels, actual.Labels);
            Assert.Equal(expected.Confidence, actual.Confidence);

            using ClusteringModelFile file = ClusteringModelFile.Load(path);
            Assert.Equal(("n2d", N2dModel.FileKind, 16), (file.Method, file.Kind, file.FeatureCount));

            // A UMAP part whose training rows do not match the autoencoder's code is refused, naming the file.
            var arrays = content.Arrays.ToDictionary(a => a.Key, a => a.Value);
            arrays["umap.training"] = ModelArray.FromFloats(new float[data.Count * 2], data.Count, 2);
            ModelFile.Write(path, new ModelFileContent(N2dModel.FileKind, content.Header, arrays));
            var error = Assert.Throws<DataFormatException>(() => N2dModel.Load(path));
            Assert.Contains("n2d.agrupa", error.Message);
            arrays.Remove("umap.embedding");
            ModelFile.Write(path, new ModelFileContent(N2dModel.FileKind, content.Header, arrays));
            Assert.Contains("'embedding'", Assert.Throws<DataFormatException>(() => N2dModel.Load(path)).Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void UmapModelSurvivesSaveAndLoad()
    {
        var data = DeepClusteringHarness.Blobs();
        UmapModel fitted = new Umap(new UmapOptions { NeighborCount = 10, Dimensions = 2, MinDist = 0, Seed = 2, Metric = Agrupa.Neighbors.NeighborMetric.Cosine }).Fit(data);
        string path = Path.Combine(Directory.CreateTempSubdirectory("agrupa-umap-").FullName, "umap.agrupa");
        try
        {
            fitted.Save(path);
            UmapModel loaded = UmapModel.Load(path);
            Assert.Equal(fitted.Options, loaded.Options);
            Assert.Equal((fitted.A, fitted.B, fitted.NeighborCount), (loaded.A, loaded.B, loaded.NeighborCount));
            Dataset fresh = DeepClusteringHarness.Blobs(seed: 9, perCluster: 5);
            Assert.Equal(fitted.Transform(fresh).FeatureArray, loaded.Transform(fresh).FeatureArray);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
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
