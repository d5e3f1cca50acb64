using System.Diagnostics;
using Agrupa.Data;
using Agrupa.Neural;
using TorchSharp;

namespace Agrupa.Tests.Neural;

/// <summary>Native memory: no tensor outlives a step or an inference batch, and the resident set stays flat over epochs.</summary>
[Collection(MemoryTests.Collection)]
public sealed class MemoryTests
{
    /// <summary>Runs alone: the resident set is process-wide, other tests training at the same time would blur it.</summary>
    public const string Collection = "memory (not parallel)";

    [Fact]
    public void TrainingAndInferenceLeaveNoLiveTensors()
    {
        var data = NeuralTestData.Blobs(n: 200, d: 64, image: new ImageShape(1, 8, 8));
        var statistics = DisposeScopeManager.Statistics;
        using (var warmup = NeuralTestData.SmallDense(64).Build(0)) { }
        long before = statistics.ThreadTotalLiveCount;
        foreach (AutoencoderOptions description in new AutoencoderOptions[]
        {
            NeuralTestData.SmallDense(64) with { Corruption = InputCorruption.Gaussian, CorruptionLevel = 0.1 },
            new ConvolutionalAutoencoderOptions { Image = new ImageShape(1, 8, 8), Filters = [4, 4, 8], EmbeddingSize = 3 },
            new VariationalAutoencoderOptions { Inputs = 64, HiddenSizes = [16], EmbeddingSize = 3 },
        })
        {
            using var network = description.Build(1);
            new Trainer(new TrainerOptions { Epochs = 2, BatchSize = 50, ValidationFraction = 0.2, EarlyStoppingPatience = 5 })
                .Fit(network, data, b => network.PretrainingLoss(b.Inputs));
            Assert.Equal(200 * 3, BatchedInference.Encode(network, data.Features, batchSize: 64).Length);
            Assert.Equal(200 * 64, BatchedInference.Reconstruct(network, data.Features, batchSize: 64).Length);
        }
        Assert.Equal(before, statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void ResidentSetIsFlatFromEpochOneToEpochFive()
    {
        // 2,048 rows of 784 features through the DEC-sized network: a per-step leak of the activations (≈ 10 MB per
        // step, 8 steps per epoch) would add hundreds of MB between epoch 1 and epoch 5.
        List<long> resident = ResidentSetAfterEachEpoch(new TrainerOptions { Epochs = 5, BatchSize = 256, ValidationFraction = 0.1 }, collectFirst: true);
        long growth = resident[4] - resident[0];
        Assert.True(growth < 40L << 20, $"RSS grew by {growth >> 20} MB from epoch 1 to epoch 5 ({string.Join(", ", resident.Select(r => r >> 20))} MB)");
    }

    [Fact]
    public void ResidentSetStaysFlatWithoutForcedCollections()
    {
        // TorchSharp 0.107's Adam leaves objects whose native memory only finalizers release (about 2–3.5 MB per step
        // of this network); training allocates little managed memory, so unless the trainer collects, the GC does not
        // run within 256 steps and they grow the process by 400–900 MB. Nothing here forces a collection.
        List<long> resident = ResidentSetAfterEachEpoch(new TrainerOptions { Epochs = 8, BatchSize = 64 }, collectFirst: false);
        long growth = resident.Skip(1).Max() - resident[1];
        Assert.True(growth < 100L << 20, $"RSS grew by {growth >> 20} MB from epoch 2 on ({string.Join(", ", resident.Select(r => r >> 20))} MB)");
    }

    /// <summary>
    /// Trains the DEC-sized network (784–500–500–2000–10) on 2,048 rows of 784 features and returns the resident set
    /// after each epoch, after a full collection first when <paramref name="collectFirst"/>.
    /// </summary>
    private static List<long> ResidentSetAfterEachEpoch(TrainerOptions training, bool collectFirst)
    {
        var data = NeuralTestData.Blobs(n: 2048, d: 784, k: 10);
        using var network = new DenseAutoencoderOptions { Inputs = 784 }.Build(1);
        var resident = new List<long>();
        var callbacks = new TrainingCallbacks
        {
            AfterEpoch = _ =>
            {
                if (collectFirst)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
                using var process = Process.GetCurrentProcess();
                resident.Add(process.WorkingSet64);
            },
        };
        new Trainer(training).Fit(network, data, b => network.PretrainingLoss(b.Inputs), callbacks: callbacks);
        return resident;
    }
}

[CollectionDefinition(MemoryTests.Collection, DisableParallelization = true)]
public sealed class MemoryTestsCollection;
