using Agrupa.Neural;

namespace Agrupa.Tests.Neural;

public sealed class LayerwisePretrainingTests
{
    private static AutoencoderReducer Reducer(AutoencoderOptions network, bool endToEnd, int layerwiseEpochs = 6) => new(new AutoencoderReducerOptions
    {
        Network = network,
        Training = new TrainerOptions { Epochs = 2, BatchSize = 32, LearningRate = 3e-3 },
        LayerwiseTraining = new TrainerOptions { Epochs = layerwiseEpochs, BatchSize = 32, LearningRate = 3e-3 },
        EndToEnd = endToEnd,
        Seed = 5,
    });

    public static TheoryData<string> Networks => ["dense", "dense-tied"];

    private static AutoencoderOptions Network(string kind) => kind == "dense"
        ? NeuralTestData.SmallDense(32)
        : new TiedDenseAutoencoderOptions { Inputs = 32, HiddenSizes = [24, 16], EmbeddingSize = 3 };

    [Theory]
    [MemberData(nameof(Networks))]
    public void EveryLayerIsTrainedInTurnAndItsLossFalls(string kind)
    {
        var data = NeuralTestData.Blobs(n: 160, d: 32, k: 4);
        using AutoencoderModel model = Reducer(Network(kind), endToEnd: false).Fit(data);
        // Three layers (32→24→16→3), six epochs each, numbered on; the "layer" term says which layer an epoch trained.
        Assert.Equal(18, model.History.Count);
        Assert.Equal(Enumerable.Range(1, 18), model.History.Select(e => e.Epoch));
        for (int layer = 1; layer <= 3; layer++)
        {
            var epochs = model.History.Where(e => e.Terms["layer"] == layer).ToArray();
            Assert.Equal(6, epochs.Length);
            Assert.True(epochs[^1].TrainingLoss < epochs[0].TrainingLoss, $"layer {layer}: {string.Join(", ", epochs.Select(e => e.TrainingLoss))}");
        }
        Assert.All(model.Embedding.Features.ToArray(), v => Assert.True(float.IsFinite(v)));

        // Same seed, same network.
        using AutoencoderModel again = Reducer(Network(kind), endToEnd: false).Fit(data);
        Assert.Equal(model.Embedding.Features.ToArray(), again.Embedding.Features.ToArray());
    }

    [Fact]
    public void TheEndToEndStageFollowsTheLayersAndStartsFromThem()
    {
        var data = NeuralTestData.Blobs(n: 160, d: 32, k: 4);
        using AutoencoderModel both = Reducer(NeuralTestData.SmallDense(32), endToEnd: true).Fit(data);
        Assert.Equal(20, both.History.Count); // 3 × 6 layer-wise epochs, then 2 end to end
        Assert.Equal(Enumerable.Range(1, 20), both.History.Select(e => e.Epoch));
        Assert.False(both.History[^1].Terms.ContainsKey("layer"));

        // The end-to-end epochs start from the layer-wise weights: a different start than the plain run's.
        using AutoencoderModel plain = new AutoencoderReducer(new AutoencoderReducerOptions
        {
            Network = NeuralTestData.SmallDense(32), Training = new TrainerOptions { Epochs = 2, BatchSize = 32, LearningRate = 3e-3 }, Seed = 5,
        }).Fit(data);
        Assert.NotEqual(plain.History[0].TrainingLoss, both.History[18].TrainingLoss);
    }

    /// <summary>Stops: inside layer 2 of 3, between layers 2 and 3, and inside the end-to-end stage that follows.</summary>
    public static TheoryData<string, int, bool> Stops => new()
    {
        { "layer-wise pretraining, layer 2/3", 3, false },
        { "layer-wise pretraining, layer 2/3", 6, true },
        { "pretrain ae3", 1, true },
    };

    [Theory]
    [MemberData(nameof(Stops))]
    public void AStopInEitherStageContinuesFromTheCheckpointToTheUninterruptedNetwork(string stage, int epoch, bool endToEnd)
    {
        var data = NeuralTestData.Blobs(n: 160, d: 32, k: 4);
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-layerwise-{Guid.NewGuid():N}.ckpt");
        try
        {
            using AutoencoderModel straight = Reducer(NeuralTestData.SmallDense(32), endToEnd).Fit(data);
            using var source = new CancellationTokenSource();
            Assert.ThrowsAny<OperationCanceledException>(() => Reducer(NeuralTestData.SmallDense(32), endToEnd)
                .Fit(data, path, every: 0, resume: false, new DeepClustering.CancelAfterEpoch(stage, epoch, source), source.Token));
            Assert.True(File.Exists(path), "no checkpoint was written at the stop");

            var stages = new List<string>();
            using AutoencoderModel resumed = Reducer(NeuralTestData.SmallDense(32), endToEnd)
                .Fit(data, path, every: 0, resume: true, new Clustering.KMeansTests.Recorder(p => stages.Add(p.Stage)));
            Assert.Equal(straight.Embedding.Features.ToArray(), resumed.Embedding.Features.ToArray());
            // The whole curve, the finished layers' epochs included, as the uninterrupted run's; no finished layer trains again.
            Assert.Equal(straight.History.Select(e => (e.Epoch, e.TrainingLoss, e.Terms.GetValueOrDefault("layer"))),
                resumed.History.Select(e => (e.Epoch, e.TrainingLoss, e.Terms.GetValueOrDefault("layer"))));
            Assert.DoesNotContain("layer-wise pretraining, layer 1/3", stages);
            if (stage.StartsWith("pretrain", StringComparison.Ordinal)) Assert.All(stages, s => Assert.Equal(stage, s));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ACheckpointOfAnotherNetworkOrStageIsRefusedByName()
    {
        var data = NeuralTestData.Blobs(n: 80, d: 32, k: 4);
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-layerwise-{Guid.NewGuid():N}.ckpt");
        try
        {
            // An end-to-end-only pretraining's checkpoint cannot continue a layer-wise-only pretraining.
            new AutoencoderReducer(new AutoencoderReducerOptions
            {
                Network = NeuralTestData.SmallDense(32), Training = new TrainerOptions { Epochs = 1, BatchSize = 32 }, Seed = 5,
            }).Fit(data, path, every: 1, resume: false).Dispose();
            var error = Assert.Throws<Agrupa.Data.DataFormatException>(() => Reducer(NeuralTestData.SmallDense(32), endToEnd: false).Fit(data, path, every: 0, resume: true));
            Assert.Contains(path, error.Message);
            Assert.Contains("layer-wise", error.Message);

            // A layer-wise checkpoint of a three-layer network cannot continue a two-layer one.
            using (var source = new CancellationTokenSource())
                Assert.ThrowsAny<OperationCanceledException>(() => Reducer(NeuralTestData.SmallDense(32), endToEnd: false)
                    .Fit(data, path, every: 0, resume: false, new DeepClustering.CancelAfterEpoch("layer-wise pretraining, layer 3/3", 1, source), source.Token));
            var shallower = new DenseAutoencoderOptions { Inputs = 32, HiddenSizes = [16], EmbeddingSize = 3 };
            error = Assert.Throws<Agrupa.Data.DataFormatException>(() => Reducer(shallower, endToEnd: false).Fit(data, path, every: 0, resume: true));
            Assert.Contains("layer 3 of 3", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheLayerLossIsTheSquaredErrorSummedOverTheLayersInputs()
    {
        // One layer (d → e) trained for one epoch at learning rate ~0 keeps its initial weights, so its first-epoch
        // loss is the initial network's reconstruction error summed over the features: d × the mean squared error.
        var data = NeuralTestData.Blobs(n: 64, d: 32, k: 4);
        var network = new DenseAutoencoderOptions { Inputs = 32, HiddenSizes = [], EmbeddingSize = 3 };
        using AutoencoderModel layerwise = new AutoencoderReducer(new AutoencoderReducerOptions
        {
            Network = network, LayerwiseTraining = new TrainerOptions { Epochs = 1, BatchSize = 64, LearningRate = 1e-12 }, EndToEnd = false, Seed = 2,
        }).Fit(data);
        using AutoencoderModel endToEnd = new AutoencoderReducer(new AutoencoderReducerOptions
        {
            Network = network, Training = new TrainerOptions { Epochs = 1, BatchSize = 64, LearningRate = 1e-12 }, Seed = 2,
        }).Fit(data);
        Assert.Equal(32 * endToEnd.History[0].TrainingLoss, layerwise.History[0].TrainingLoss, 1e-3 * layerwise.History[0].TrainingLoss);
    }

    [Fact]
    public void OptionsThatCannotWorkAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AutoencoderReducer(new AutoencoderReducerOptions { EndToEnd = false }));
        var convolutional = new AutoencoderReducer(new AutoencoderReducerOptions
        {
            Architecture = AutoencoderArchitecture.Convolutional, LayerwiseTraining = new TrainerOptions { Epochs = 1 },
        });
        var error = Assert.Throws<ArgumentException>(() => convolutional.Fit(NeuralTestData.Blobs(n: 40, d: 64, image: new Agrupa.Data.ImageShape(1, 8, 8))));
        Assert.Contains("dense", error.Message);

        var data = NeuralTestData.Blobs(n: 40, d: 32);
        Assert.NotEqual(Reducer(NeuralTestData.SmallDense(32), endToEnd: true).Fingerprint(data), Reducer(NeuralTestData.SmallDense(32), endToEnd: false).Fingerprint(data));
        Assert.NotEqual(Reducer(NeuralTestData.SmallDense(32), endToEnd: true).Fingerprint(data), Reducer(NeuralTestData.SmallDense(32), endToEnd: true, layerwiseEpochs: 3).Fingerprint(data));
    }
}
