using Agrupa.Data;
using Agrupa.DeepClustering;
using Agrupa.Neural;
using TorchSharp;

namespace Agrupa.Tests.Neural;

public sealed class ContrastiveEncoderTests
{
    private static readonly ImageShape Image = new(1, 8, 8);

    private static ContrastiveEncoderOptions Small() => new() { Image = Image, Width = 4, EmbeddingSize = 16, ProjectionSize = 8 };

    private static AutoencoderReducer Reducer(int epochs, int seed = 5) => new(new AutoencoderReducerOptions
    {
        Network = Small(),
        Training = new TrainerOptions { Epochs = epochs, BatchSize = 40, LearningRate = 3e-3 },
        Seed = seed,
    });

    [Fact]
    public void LossFallsAndFeaturesAreUnitVectors()
    {
        var data = NeuralTestData.Blobs(n: 160, d: 64, k: 4, image: Image);
        using AutoencoderModel model = Reducer(epochs: 12).Fit(data);
        Assert.True(model.History[^1].TrainingLoss < model.History[0].TrainingLoss - 0.05, $"loss {model.History[0].TrainingLoss:F3} → {model.History[^1].TrainingLoss:F3}");
        Assert.Equal(16, model.Embedding.FeatureCount);
        for (int i = 0; i < model.Embedding.Count; i++)
            Assert.Equal(1.0, System.Numerics.Tensors.TensorPrimitives.Norm(model.Embedding.Row(i)), 4);
        // Rows of one prototype end up more alike than rows of different ones (cosine of unit vectors).
        double within = 0, between = 0;
        int withinCount = 0, betweenCount = 0;
        for (int i = 0; i < data.Count; i += 3)
            for (int j = i + 1; j < data.Count; j += 3)
            {
                double cosine = System.Numerics.Tensors.TensorPrimitives.Dot(model.Embedding.Row(i), model.Embedding.Row(j));
                if (data.Labels![i] == data.Labels[j]) { within += cosine; withinCount++; } else { between += cosine; betweenCount++; }
            }
        Assert.True(within / withinCount > between / betweenCount + 0.1, $"within {within / withinCount:F3}, between {between / betweenCount:F3}");
    }

    [Fact]
    public void SameSeedSameFeaturesAndTheModelFileKeepsThem()
    {
        var data = NeuralTestData.Blobs(n: 80, d: 64, k: 4, image: Image);
        using AutoencoderModel first = Reducer(epochs: 2).Fit(data);
        using AutoencoderModel second = Reducer(epochs: 2).Fit(data);
        using AutoencoderModel other = Reducer(epochs: 2, seed: 6).Fit(data);
        Assert.Equal(first.Embedding.Features.ToArray(), second.Embedding.Features.ToArray());
        Assert.NotEqual(first.Embedding.Features.ToArray(), other.Embedding.Features.ToArray());

        // Batch normalisation's running statistics are buffers: the model file must carry them for Transform to agree.
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-simclr-{Guid.NewGuid():N}.agrupa");
        try
        {
            first.Save(path);
            using AutoencoderModel loaded = AutoencoderModel.Load(path);
            Assert.IsType<ContrastiveEncoder>(loaded.Network);
            Assert.Equal(first.Transform(data).Features.ToArray(), loaded.Transform(data).Features.ToArray());
            Assert.False(loaded.CanReconstruct);
            Assert.Throws<NotSupportedException>(() => loaded.Reconstruct(data));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ViewsAreRandomCropsFlipsAndErasuresWithinThePixelRange()
    {
        var data = NeuralTestData.Blobs(n: 64, d: 64, k: 4, image: Image);
        using var scope = torch.NewDisposeScope();
        torch.Tensor images = torch.tensor(data.Features.ToArray(), [64, 1, 8, 8]);
        torch.manual_seed(1);
        float[] first = ImageAugmentation.Apply(images, Small()).data<float>().ToArray();
        float[] second = ImageAugmentation.Apply(images, Small()).data<float>().ToArray();
        torch.manual_seed(1);
        float[] again = ImageAugmentation.Apply(images, Small()).data<float>().ToArray();
        Assert.Equal(64 * 64, first.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(first, second);
        float low = data.Features.ToArray().Min(), high = data.Features.ToArray().Max();
        Assert.All(first, v => Assert.InRange(v, Math.Min(0, low), high));

        // On images without a zero pixel, views without erasing have none; erasing every view zeroes a square in each.
        using torch.Tensor bright = images * 0.8 + 0.2;
        var plain = Small() with { ErasingProbability = 0, Brightness = 0, Contrast = 0 };
        Assert.DoesNotContain(0f, ImageAugmentation.Apply(bright, plain).data<float>().ToArray());
        float[] erased = ImageAugmentation.Apply(bright, plain with { ErasingProbability = 1 }).data<float>().ToArray();
        for (int i = 0; i < 64; i++)
            Assert.Contains(0f, erased.AsSpan(i * 64, 64).ToArray());
    }

    [Fact]
    public void MethodsWithAReconstructionLossRefuseTheEncoder()
    {
        var dcn = Assert.Throws<ArgumentOutOfRangeException>(() => new Dcn(new DcnOptions { Architecture = AutoencoderArchitecture.Contrastive }));
        Assert.Equal("Architecture", dcn.ParamName);
        Assert.Contains("no decoder", dcn.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeepKMeans(new DeepKMeansOptions { Architecture = AutoencoderArchitecture.Contrastive }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dec(DecOptions.Idec() with { Architecture = AutoencoderArchitecture.Contrastive }));
        _ = new Dec(new DecOptions { Architecture = AutoencoderArchitecture.Contrastive }); // DEC has no reconstruction term

        var data = NeuralTestData.Blobs(n: 40, d: 64, k: 4, image: Image);
        using AutoencoderModel encoder = Reducer(epochs: 1).Fit(data);
        var idec = Assert.Throws<ArgumentException>(() => new Dec(DecOptions.Idec(4)).Fit(data, encoder));
        Assert.Contains("no decoder", idec.Message);
    }

    [Fact]
    public void N2dClustersTheContrastiveFeatures()
    {
        var data = NeuralTestData.Blobs(n: 160, d: 64, k: 4, image: Image);
        var n2d = new N2d(new N2dOptions
        {
            Clusters = 4, Architecture = AutoencoderArchitecture.Contrastive, UmapNeighbors = 10,
            Pretraining = new TrainerOptions { Epochs = 3, BatchSize = 40 }, Seed = 2,
        });
        using N2dModel model = n2d.Fit(data);
        Assert.Equal(ContrastiveEncoderOptions.DefaultFeatures, model.Autoencoder.EmbeddingSize);
        Assert.Equal(4, model.Manifold.Embedding.FeatureCount);
        Assert.Equal(data.Count, model.Labels.Count);
        Assert.All(model.Labels, l => Assert.InRange(l, 0, 3));
        Assert.False(model.CanReconstruct);
        ClusterAssignmentCheck(model.Predict(data), data.Count);
    }

    private static void ClusterAssignmentCheck(Agrupa.Clustering.ClusterAssignment assignment, int rows)
    {
        Assert.Equal(rows, assignment.Labels.Count);
        Assert.All(assignment.Confidence, c => Assert.InRange(c, 0.0, 1.0));
    }
}
