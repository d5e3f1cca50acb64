using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Reduction;

namespace Agrupa.Tests.Neural;

public sealed class AutoencoderReducerTests
{
    [Fact]
    public void FitsAsAnIReducerAndTransformMatchesTheTrainingEmbedding()
    {
        var data = NeuralTestData.Blobs(n: 160, d: 64, k: 4, image: new ImageShape(1, 8, 8));
        IReducer reducer = new AutoencoderReducer(new AutoencoderReducerOptions
        {
            Architecture = AutoencoderArchitecture.Convolutional,
            EmbeddingSize = 3,
            Training = new TrainerOptions { Epochs = 3, BatchSize = 32 },
        });
        Assert.Equal("cae3", reducer.Name);
        IReductionModel model = reducer.Fit(data);
        using var disposable = (AutoencoderModel)model;
        Assert.Equal(3, model.Embedding.FeatureCount);
        Assert.Equal(data.Labels, model.Embedding.Labels);
        Assert.Equal(model.Embedding.Features.ToArray(), model.Transform(data).Features.ToArray());
        Assert.Throws<ArgumentException>(() => model.Transform(NeuralTestData.Blobs(n: 10, d: 63)));
    }

    [Fact]
    public void EmbeddingSeparatesPrototypesBetterThanChance()
    {
        // 4 prototypes in 32-D; after pretraining, rows of the same prototype sit closer than rows of different ones.
        var data = NeuralTestData.Blobs(n: 200, d: 32, k: 4);
        using var model = new AutoencoderReducer(new AutoencoderReducerOptions
        {
            Network = NeuralTestData.SmallDense(32),
            Training = new TrainerOptions { Epochs = 30, BatchSize = 32, LearningRate = 3e-3 },
        }).Fit(data);
        var codes = model.Embedding;
        double within = 0, between = 0;
        int withinCount = 0, betweenCount = 0;
        for (int i = 0; i < codes.Count; i += 3)
            for (int j = i + 1; j < codes.Count; j += 3)
            {
                double distance = System.Numerics.Tensors.TensorPrimitives.Distance(codes.Row(i), codes.Row(j));
                if (data.Labels![i] == data.Labels[j]) { within += distance; withinCount++; } else { between += distance; betweenCount++; }
            }
        Assert.True(within / withinCount < 0.5 * (between / betweenCount), $"within {within / withinCount:F3}, between {between / betweenCount:F3}");
    }

    [Fact]
    public void ConvolutionalNeedsImages()
    {
        var reducer = new AutoencoderReducer(new AutoencoderReducerOptions { Architecture = AutoencoderArchitecture.Convolutional });
        var error = Assert.Throws<ArgumentException>(() => reducer.NetworkFor(NeuralTestData.Blobs(n: 10, d: 30)));
        Assert.Contains("not a square", error.Message);
        Assert.Equal(new ImageShape(1, 6, 6), ((ConvolutionalAutoencoderOptions)reducer.NetworkFor(NeuralTestData.Blobs(n: 10, d: 36))).Image);
    }
}
