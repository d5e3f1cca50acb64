using System.Text.Json.Nodes;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.DeepClustering;
using Agrupa.Evaluation;
using Agrupa.Neural;
using Agrupa.Persistence;
using Agrupa.Reduction;
using Agrupa.Runtime;

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

    [Theory]
    [InlineData("pretrain ae3", 2)]    // stopped inside the autoencoder's pretraining
    [InlineData("pretrain ae5", 1)]    // stopped inside the view's, after the autoencoder's finished
    public void PretrainingsStoppedAndResumedFromTheirCheckpointsGiveTheUninterruptedModel(string stage, int epoch)
    {
        var data = DeepClusteringHarness.Blobs();
        var view = new N2dView { Architecture = AutoencoderArchitecture.Dense, EmbeddingSize = 5, Pretraining = new TrainerOptions { Epochs = 3, BatchSize = 32 } };
        var options = new N2dOptions
        {
            Clusters = 3, HiddenSizes = [32, 32, 64], Pretraining = new TrainerOptions { Epochs = 4, BatchSize = 32 }, UmapNeighbors = 10, Seed = 5, Views = [view],
        };
        var n2d = new N2d(options);
        using N2dModel whole = n2d.Fit(data);
        string folder = Directory.CreateTempSubdirectory("agrupa-n2d-keep-").FullName;
        try
        {
            string CheckpointOf(int v) => Path.Combine(folder, $"view{v}.ckpt");
            using var cancellation = new CancellationTokenSource();
            Assert.ThrowsAny<OperationCanceledException>(() => n2d.PretrainKeeping(data, 0, CheckpointOf, 0, false, new CancelAfterEpoch(stage, epoch, cancellation), cancellation.Token));
            // The stopped network's checkpoint, and a finished one's (kept after its last epoch though every = 0).
            Assert.Equal(stage == "pretrain ae5" ? ["view0.ckpt", "view1.ckpt"] : ["view0.ckpt"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
            var reports = new List<TrainingProgress>();
            IReadOnlyList<AutoencoderModel> networks = n2d.PretrainKeeping(data, 0, CheckpointOf, 0, true, new Clustering.KMeansTests.Recorder(reports.Add));
            // Each network continues after its last checkpointed epoch; a finished one trains no more.
            Assert.DoesNotContain(reports, r => r.Stage == stage && r.Epoch <= epoch);
            if (stage == "pretrain ae5") Assert.DoesNotContain(reports, r => r.Stage == "pretrain ae3");
            Assert.Equal([4, 3], networks.Select(n => n.History.Count));
            using N2dModel resumed = n2d.Fit(data, networks);
            Assert.Equal(whole.Labels, resumed.Labels);
            Assert.Equal(whole.Transform(data).FeatureArray, resumed.Transform(data).FeatureArray);
            Assert.Equal(whole.Networks[1].History.Select(e => e.TrainingLoss), resumed.Networks[1].History.Select(e => e.TrainingLoss));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FurtherViewsJoinTheCodeWeighingTheSameAndSurviveSaveAndLoad()
    {
        var data = DeepClusteringHarness.Blobs();
        var view = new N2dView { Architecture = AutoencoderArchitecture.Dense, EmbeddingSize = 5, Pretraining = new TrainerOptions { Epochs = 3, BatchSize = 32 } };
        var options = new N2dOptions
        {
            Clusters = 3, HiddenSizes = [32, 32, 64], Pretraining = new TrainerOptions { Epochs = 5, BatchSize = 32 }, UmapNeighbors = 10, Seed = 4, Views = [view],
        };
        using N2dModel fitted = new N2d(options).Fit(data);
        Assert.Equal(2, fitted.Networks.Count);
        Assert.Equal(3 + 5, fitted.Manifold.FeatureCount);
        Assert.True(ClusterMetrics.Compute(data.Labels!, fitted.Labels).Ari > 0.9);

        // Each view's block of the joint code is centred and has mean squared norm 1/2 on the training rows.
        Dataset joint = fitted.Transform(data);
        Assert.Equal(fitted.Manifold.Embedding.Count, joint.Count);
        foreach ((int from, int to) in new[] { (0, 3), (3, 8) })
        {
            double squares = 0;
            var sums = new double[to - from];
            for (int i = 0; i < joint.Count; i++)
                for (int j = from; j < to; j++)
                {
                    squares += joint.Row(i)[j] * joint.Row(i)[j];
                    sums[j - from] += joint.Row(i)[j];
                }
            Assert.Equal(0.5, squares / joint.Count, 3);
            Assert.All(sums, s => Assert.Equal(0, s / joint.Count, 4));
        }

        // The view is the network 'agrupa pretrain' would give for the same options and seed ...
        using AutoencoderModel alone = new AutoencoderReducer(new AutoencoderReducerOptions
        {
            Architecture = AutoencoderArchitecture.Dense, EmbeddingSize = 5, Training = view.Pretraining with { Seed = 4 }, Seed = 4,
        }).Fit(data);
        Assert.Equal(alone.Embedding.FeatureArray, fitted.Networks[1].Transform(data).FeatureArray);
        // ... so starting from the two pretrained networks gives the same model.
        using AutoencoderModel first = new AutoencoderModel(DeepClusteringStart.Copy(fitted.Autoencoder.Network), [], null);
        using AutoencoderModel second = new AutoencoderModel(DeepClusteringStart.Copy(alone.Network), [], null);
        using N2dModel started = new N2d(options with { Views = [] }).Fit(data, [first, second]);
        Assert.Equal(fitted.Labels, started.Labels);

        string folder = Directory.CreateTempSubdirectory("agrupa-n2d-views-").FullName;
        try
        {
            string path = Path.Combine(folder, "n2d.agrupa");
            fitted.Save(path);
            ModelFileContent content = ModelFile.Read(path, N2dModel.FileKind);
            Assert.Equal(2, content.Header["views"]!.AsArray().Count);
            Assert.Equal(AutoencoderModel.Kind, (string?)content.Header["view2"]!["kind"]);
            using N2dModel loaded = N2dModel.Load(path);
            Assert.Equal(fitted.Transform(data).FeatureArray, loaded.Transform(data).FeatureArray);
            Dataset fresh = DeepClusteringHarness.Blobs(seed: 8, perCluster: 10);
            ClusterAssignment expected = fitted.Predict(fresh), actual = loaded.Predict(fresh);
            Assert.Equal(expected.Labels, actual.Labels);
            Assert.Equal(expected.Confidence, actual.Confidence);

            // A view part that is missing, or a scaling of the wrong size, is refused naming the file.
            Assert.Contains("view 2", LoadErrorWith(path, content, header => header["views"]![1]!["mean"] = new JsonArray(1f, 2f)));
            Assert.Contains("n2d.agrupa", LoadErrorWith(path, content, header => header.Remove("view2")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void SeveralDrawsVoteTheirConsensusStoreTheTrainingCodeOnceAndSurviveSaveAndLoad()
    {
        var data = DeepClusteringHarness.Blobs();
        var options = new N2dOptions { Clusters = 3, HiddenSizes = [32, 32, 64], Pretraining = new TrainerOptions { Epochs = 5, BatchSize = 32 }, UmapNeighbors = 10, Seed = 4 };
        using N2dModel single = new N2d(options).Fit(data);
        using N2dModel fitted = new N2d(options with { Draws = 3 }).Fit(data);
        Assert.Null(single.Consensus);
        Assert.Equal(3, fitted.Manifolds.Count);
        Assert.Equal(3, fitted.Consensus!.MemberCount);
        // Draw 1 is the single-draw model's; the others use seeds 5 and 6, so their layouts differ.
        Assert.Equal(single.Manifold.Embedding.FeatureArray, fitted.Manifold.Embedding.FeatureArray);
        Assert.NotEqual(fitted.Manifolds[0].Embedding.FeatureArray, fitted.Manifolds[1].Embedding.FeatureArray);
        Assert.True(ClusterMetrics.Compute(data.Labels!, fitted.Labels).Ari > 0.9);
        Assert.All(fitted.ConsensusConfidence!, c => Assert.InRange(c, 1.0 / 3, 1.0));

        // Predict searches the neighbours once for all draws: the same as each draw's own UMAP transform.
        Dataset fresh = DeepClusteringHarness.Blobs(seed: 8, perCluster: 10);
        ClusterAssignment predicted = fitted.Predict(fresh);
        Dataset code = fitted.Transform(fresh);
        ClusterAssignment byDraw = fitted.Consensus.Vote(
            Enumerable.Range(0, 3).Select(d => fitted.Mixtures[d].PredictProbabilities(fitted.Manifolds[d].Transform(code))).ToArray(), fresh.Count);
        Assert.Equal(byDraw.Labels, predicted.Labels);
        Assert.Equal(byDraw.Confidence, predicted.Confidence);
        // On the training rows UMAP's transform places points near their fitted positions: the vote agrees with Labels.
        Assert.True(ClusterMetrics.Compute(fitted.Labels, fitted.Predict(data).Labels).Ari > 0.9);

        string folder = Directory.CreateTempSubdirectory("agrupa-n2d-draws-").FullName;
        try
        {
            string path = Path.Combine(folder, "n2d.agrupa");
            fitted.Save(path);
            ModelFileContent content = ModelFile.Read(path, N2dModel.FileKind);
            Assert.Equal(3, (int?)content.Header["draws"]);
            Assert.Contains("umap3.embedding", content.Arrays.Keys);
            Assert.Contains("mixture3.labels", content.Arrays.Keys);
            Assert.Single(content.Arrays.Keys, key => key.EndsWith(".training", StringComparison.Ordinal));
            using N2dModel loaded = N2dModel.Load(path);
            Assert.Equal(fitted.Labels, loaded.Labels);
            ClusterAssignment again = loaded.Predict(fresh);
            Assert.Equal(predicted.Labels, again.Labels);
            Assert.Equal(predicted.Confidence, again.Confidence);

            // A draw count the parts do not bear out, or a missing consensus, is refused naming the file.
            Assert.Contains("n2d.agrupa", LoadErrorWith(path, content, header => header["draws"] = 4));
            Assert.Contains("'draws'", LoadErrorWith(path, content, header => header["draws"] = 1));
            Assert.Contains("consensus", LoadErrorWith(path, content, header => header.Remove("consensus")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        Assert.Equal("Draws", Assert.Throws<ArgumentOutOfRangeException>(() => new N2d(options with { Draws = 0 })).ParamName);
    }

    [Fact]
    public void UmapEpochsReachEveryDrawsUmapAndAreValidated()
    {
        var data = DeepClusteringHarness.Blobs();
        var options = new N2dOptions
        {
            Clusters = 3, HiddenSizes = [32, 32, 64], Pretraining = new TrainerOptions { Epochs = 3, BatchSize = 32 }, UmapNeighbors = 10, Seed = 4, Draws = 2,
        };
        using N2dModel byDefault = new N2d(options).Fit(data);
        using N2dModel longer = new N2d(options with { UmapEpochs = 60 }).Fit(data);
        Assert.All(byDefault.Manifolds, m => Assert.Null(m.Options.Epochs));
        Assert.All(longer.Manifolds, m => Assert.Equal(60, m.Options.Epochs));
        // Same networks and seeds, other layouts.
        Assert.NotEqual(byDefault.Manifolds[0].Embedding.FeatureArray, longer.Manifolds[0].Embedding.FeatureArray);
        Assert.Equal("UmapEpochs", Assert.Throws<ArgumentOutOfRangeException>(() => new N2d(options with { UmapEpochs = 0 })).ParamName);
    }

    [Fact]
    public void MostBalancedSelectionKeepsTheDrawWithTheMostEvenClusterSizes()
    {
        // Four clusters on three blobs: each draw cuts one blob in two its own way, so the draws' sizes differ.
        var data = DeepClusteringHarness.Blobs();
        var options = new N2dOptions
        {
            Clusters = 4, HiddenSizes = [32, 32, 64], Pretraining = new TrainerOptions { Epochs = 5, BatchSize = 32 }, UmapNeighbors = 10, Seed = 4, Draws = 4,
        };
        using N2dModel all = new N2d(options).Fit(data);
        double[] balance = all.Mixtures.Select(m =>
        {
            double[] share = m.Labels.GroupBy(l => l).Select(g => g.Count() / (double)data.Count).ToArray();
            return -share.Sum(p => p * Math.Log(p)) / Math.Log(4);
        }).ToArray();
        Assert.True(balance.Distinct().Count() > 1, $"the draws' balances should differ: {string.Join(", ", balance)}");
        int expected = Array.IndexOf(balance, balance.Max());
        for (int d = 0; d < balance.Length; d++) Assert.Equal(balance[d], N2d.SizeBalance(all.Mixtures[d]), 12);

        var reports = new List<TrainingProgress>();
        using N2dModel kept = new N2d(options with { DrawSelection = N2dDrawSelection.MostBalanced }).Fit(data, progress: new Clustering.KMeansTests.Recorder(reports.Add));
        Assert.Null(kept.Consensus);
        Assert.Single(kept.Manifolds);
        Assert.Equal(all.Manifolds[expected].Embedding.FeatureArray, kept.Manifold.Embedding.FeatureArray);
        Assert.Equal(all.Mixtures[expected].Labels, kept.Labels);
        Assert.Contains(reports, r => r.Message?.Contains($"kept draw {expected + 1}/4", StringComparison.Ordinal) == true);

        Assert.Equal("DrawSelection", Assert.Throws<ArgumentOutOfRangeException>(() => new N2d(options with { DrawSelection = (N2dDrawSelection)7 })).ParamName);
    }

    /// <summary>Rewrites the N2D model file at <paramref name="path"/> with <paramref name="edit"/> applied to a copy of its header; returns the load error.</summary>
    private static string LoadErrorWith(string path, ModelFileContent content, Action<JsonObject> edit)
    {
        var header = (JsonObject)content.Header.DeepClone();
        edit(header);
        ModelFile.Write(path, new ModelFileContent(N2dModel.FileKind, header, content.Arrays.ToDictionary(a => a.Key, a => a.Value)));
        return Assert.Throws<DataFormatException>(() => N2dModel.Load(path)).Message;
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

            // A training array that is not a matrix is refused naming the file, not indexed blindly.
            ModelFileContent content = ModelFile.Read(path, UmapModel.FileKind);
            var arrays = content.Arrays.ToDictionary(a => a.Key, a => a.Value);
            arrays["training"] = ModelArray.FromFloats(new float[data.Count * 16]);
            ModelFile.Write(path, new ModelFileContent(UmapModel.FileKind, content.Header, arrays));
            Assert.Contains("umap.agrupa", Assert.Throws<DataFormatException>(() => UmapModel.Load(path)).Message);
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
