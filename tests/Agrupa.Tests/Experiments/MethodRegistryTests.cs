using Agrupa.Experiments;

namespace Agrupa.Tests.Experiments;

public sealed class MethodRegistryTests
{
    private static PipelineSpec Pipeline(string json) => ExperimentSpecReader.Parse(
        $$"""{ "name": "a", "data": { "name": "iris" }, "pipelines": [{{json}}], "seeds": 1 }""").Pipelines[0];

    [Fact]
    public void ATwoStageNameBuildsTheReducerWithItsDimensionThenTheClusterer()
    {
        MethodContext? reducerContext = null, clustererContext = null;
        var registry = new MethodRegistry()
            .AddReducer("pca", c => { reducerContext = c; return new TestMethods.FirstFeatures(c.Dimensions ?? 0, new TestMethods.FitCounter()); })
            .AddClusterer("kmeans", c => { clustererContext = c; return new TestMethods.NoisyClusterer(c.Clusters, c.Seed, new TestMethods.FitCounter()); });
        Pipeline pipeline = registry.Build(Pipeline("""{ "name": "pca50+kmeans", "preset": "quick", "clusterer": { "restarts": 4 } }"""), seed: 7, clusters: 10);
        Assert.Equal("first50", pipeline.Reducer!.Name);
        Assert.Equal("noisy", pipeline.Clusterer.Name);
        Assert.Equal((7, 10, 50, "quick"), (reducerContext!.Seed, reducerContext.Clusters, reducerContext.Dimensions, reducerContext.Preset));
        Assert.Null(reducerContext.Options);
        Assert.Equal(4, clustererContext!.Options!.Value.GetProperty("restarts").GetInt32());
        Assert.Equal("pipeline.clusterer", clustererContext.OptionsPath);
        Assert.Null(registry.Build(Pipeline("\"kmeans\""), 1, 3).Reducer);
    }

    [Fact]
    public void ANameRegisteredWithDigitsIsMatchedWhole()
    {
        var registry = new MethodRegistry().AddReducer("n2d", c => new TestMethods.FirstFeatures(c.Dimensions ?? 3, new TestMethods.FitCounter()))
            .AddClusterer("gmm", c => new TestMethods.NoisyClusterer(c.Clusters, c.Seed, new TestMethods.FitCounter()));
        Assert.True(registry.CanBuild("n2d+gmm", out _));
        Assert.Equal("first3", registry.Build(Pipeline("\"n2d+gmm\""), 0, 2).Reducer!.Name);
        Assert.True(registry.HasReducer("n2d"));
    }

    [Fact]
    public void UnknownNamesSayWhatIsRegistered()
    {
        MethodRegistry registry = TestMethods.Registry();
        Assert.False(registry.CanBuild("kmeans", out string reason));
        Assert.Contains("no clusterer named \"kmeans\"", reason);
        Assert.Contains("failing, nearest, noisy", reason);
        Assert.False(registry.CanBuild("umap2+nearest", out reason));
        Assert.Contains("no reducer matches \"umap2\" (known: first", reason);
        Assert.False(registry.CanBuild("first+nearest", out _) && registry.HasReducer("second2"));
        var error = Assert.Throws<ArgumentException>(() => registry.Build(Pipeline("\"tsne2+nearest\""), 0, 3, "$.pipelines[4]"));
        Assert.StartsWith("$.pipelines[4].name: no reducer matches", error.Message);
        Assert.Throws<ArgumentException>(() => registry.AddClusterer("nearest", c => null!));
        Assert.Throws<ArgumentException>(() => registry.AddClusterer("Upper", c => null!));
    }

    [Fact]
    public void OptionsAreReadStrictlyIntoTheMethodsOptionsRecord()
    {
        MethodRegistry registry = TestMethods.Registry();
        Pipeline ok = registry.Build(Pipeline("""{ "name": "nearest", "clusterer": { "epochs": 5 } }"""), 0, 3);
        Assert.Equal("nearest", ok.Clusterer.Name);
        var unknown = Assert.Throws<ArgumentException>(() => registry.Build(Pipeline("""{ "name": "nearest", "clusterer": { "epoch": 5 } }"""), 0, 3, "$.pipelines[0]"));
        Assert.Contains("$.pipelines[0].clusterer: not valid options for NearestOptions", unknown.Message);
        Assert.Contains("epoch", unknown.Message);
        var mistyped = Assert.Throws<ArgumentException>(() => registry.Build(Pipeline("""{ "name": "nearest", "clusterer": { "epochs": "five" } }"""), 0, 3));
        Assert.Contains("NearestOptions", mistyped.Message);
        Assert.DoesNotContain("BytePositionInLine", mistyped.Message); // positions count in the rewritten text, not the user's
    }

    [Fact]
    public void AnUnknownEnumValueIsRefusedWithTheNamesTheOptionAccepts()
    {
        MethodRegistry registry = BuiltInMethods.Create();
        var error = Assert.Throws<ArgumentException>(() => registry.Build(Pipeline("""{ "name": "dec", "clusterer": { "weightInitialization": "LeCun" } }"""), 0, 3, "$.pipelines[0]"));
        Assert.Contains("$.pipelines[0].clusterer: not valid options for DecOptions: weightInitialization must be one of GlorotUniform, LeCunUniform", error.Message);
        error = Assert.Throws<ArgumentException>(() => registry.Build(Pipeline("""{ "name": "dec", "clusterer": { "pretraining": { "optimizer": "rmsprop" } } }"""), 0, 3));
        Assert.Contains("pretraining.optimizer must be one of Adam, Sgd", error.Message);
        error = Assert.Throws<ArgumentException>(() => registry.Build(Pipeline("""{ "name": "n2d", "clusterer": { "views": [ { "architecture": "Resnet" } ] } }"""), 0, 3));
        Assert.Contains("views[0].architecture must be one of Dense, Convolutional", error.Message);
        var dec = (Agrupa.DeepClustering.Dec)registry.Build(Pipeline("""{ "name": "dec", "clusterer": { "weightInitialization": "LeCunUniform" } }"""), 0, 3).Clusterer;
        Assert.Equal(Agrupa.Neural.WeightInitialization.LeCunUniform, dec.Options.WeightInitialization);
    }

    [Fact]
    public void AViewsPartialPretrainingKeepsTheViewsOwnDefaults()
    {
        // A view's pretraining defaults to SimCLR's protocol (cosine decay, weight decay 1e-6); naming only its epochs
        // must keep that protocol, not fall back to the trainer's constant rate without weight decay.
        var n2d = (Agrupa.DeepClustering.N2d)BuiltInMethods.Create().Build(Pipeline(
            """{ "name": "n2d", "clusterer": { "views": [ { "pretraining": { "epochs": 20 } }, { "architecture": "Convolutional" } ] } }"""), 0, 10).Clusterer;
        var defaults = new Agrupa.DeepClustering.N2dView();
        Agrupa.DeepClustering.N2dView first = n2d.Options.Views[0], second = n2d.Options.Views[1];
        Assert.Equal(defaults.Pretraining with { Epochs = 20 }, first.Pretraining with { Seed = defaults.Pretraining.Seed });
        Assert.Equal(Agrupa.Neural.LearningRateSchedule.Cosine, first.Pretraining.Schedule);
        Assert.Equal(1e-6, first.Pretraining.WeightDecay);
        Assert.Equal(Agrupa.Neural.AutoencoderArchitecture.Contrastive, first.Architecture);
        Assert.Equal(Agrupa.Neural.AutoencoderArchitecture.Convolutional, second.Architecture);
        Assert.Equal(10, second.Pretraining.Epochs);
        var typo = Assert.Throws<ArgumentException>(() => BuiltInMethods.Create().Build(Pipeline(
            """{ "name": "n2d", "clusterer": { "views": [ { "pretraining": { "epoch": 20 } } ] } }"""), 0, 10));
        Assert.Contains("epoch", typo.Message);
    }

    [Fact]
    public void DeepOptionsAreLaidOverThePresetSoNestedRecordsMergeAndVariantsKeepTheirSettings()
    {
        MethodRegistry registry = BuiltInMethods.Create();
        var dcec = (Agrupa.DeepClustering.Dec)registry.Build(Pipeline("""{ "name": "dcec", "preset": "quick", "clusterer": { "pretraining": { "epochs": 10 } } }"""), 3, 10).Clusterer;
        Assert.Equal(10, dcec.Options.Pretraining.Epochs);
        Assert.Equal(256, dcec.Options.Pretraining.BatchSize);
        Assert.Equal(3, dcec.Options.Pretraining.Seed);
        Assert.Equal(2000, dcec.Options.MaxIterations);          // quick preset kept
        Assert.Equal(0.1, dcec.Options.ClusteringWeight);        // DCEC's γ kept
        Assert.Equal(Agrupa.Neural.AutoencoderArchitecture.Convolutional, dcec.Options.Architecture);
        var idec = (Agrupa.DeepClustering.Dec)registry.Build(Pipeline("""{ "name": "idec", "clusterer": { "MaxIterations": 50 } }"""), 0, 4).Clusterer;
        Assert.Equal((50, 0.1, 1.0, 4), (idec.Options.MaxIterations, idec.Options.ClusteringWeight, idec.Options.ReconstructionWeight, idec.Options.Clusters));
        Assert.Equal(200, idec.Options.Pretraining.Epochs);      // paper preset when none is named
        var unknown = Assert.Throws<ArgumentException>(() => registry.Build(Pipeline("""{ "name": "dcec", "clusterer": { "pretraining": { "epoch": 1 } } }"""), 0, 3, "$.pipelines[0]"));
        Assert.Contains("$.pipelines[0].clusterer", unknown.Message);
    }

    [Fact]
    public void OptionsWithCommentsAndTrailingCommasReadAsTheSpecDoes()
    {
        // The spec reader accepts comments and trailing commas; the options inside a pipeline must too.
        MethodRegistry registry = BuiltInMethods.Create();
        var dec = (Agrupa.DeepClustering.Dec)registry.Build(Pipeline("""
            { "name": "dec", "clusterer": {
                // a note
                "maxIterations": 70, "pretraining": { "epochs": 3, },
            } }
            """), 1, 5).Clusterer;
        Assert.Equal((70, 3, 5, 1), (dec.Options.MaxIterations, dec.Options.Pretraining.Epochs, dec.Options.Clusters, dec.Options.Seed));
        var kmeans = (Agrupa.Clustering.KMeans)registry.Build(Pipeline("""{ "name": "kmeans", "clusterer": { "restarts": 4, } }"""), 2, 6).Clusterer;
        Assert.Equal((4, 6, 2), (kmeans.Options.Restarts, kmeans.Options.Clusters, kmeans.Options.Seed));
    }

    [Fact]
    public void WithOptionsKeepsThePresetsClusterCountAndSeed()
    {
        var preset = Agrupa.DeepClustering.DeepClusteringPresets.Create("vade", "quick", 7, seed: 5);
        using var document = System.Text.Json.JsonDocument.Parse("""{ "clusters": 2, "seed": 9, "epochs": 4 }""");
        var vade = (Agrupa.DeepClustering.Vade)BuiltInMethods.WithOptions(preset, document.RootElement, "--options");
        Assert.Equal((7, 5, 4), (vade.Options.Clusters, vade.Options.Seed, vade.Options.Epochs));
        using var mixture = System.Text.Json.JsonDocument.Parse("""{ "components": 2, "seed": 9, "maxIterations": 5 }""");
        var gmm = (Agrupa.Clustering.GaussianMixture)BuiltInMethods.WithOptions(
            Agrupa.DeepClustering.DeepClusteringPresets.Create("gmm", "paper", 4, seed: 3), mixture.RootElement, "--options");
        Assert.Equal((4, 3, 5), (gmm.Options.Components, gmm.Options.Seed, gmm.Options.MaxIterations));
    }
}
