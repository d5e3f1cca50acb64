using Agrupa.Experiments;

namespace Agrupa.Tests.Experiments;

/// <summary>The specs committed in experiments/ are valid (schema), so a reader of the README can run them as they are.</summary>
public sealed class ExperimentSpecFilesTests
{
    private static string Root()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !File.Exists(Path.Combine(folder, "Agrupa.slnx"))) folder = Path.GetDirectoryName(folder);
        return folder ?? throw new InvalidOperationException("The repository root (Agrupa.slnx) was not found above the test output.");
    }

    [Theory]
    [InlineData("fashion-table-12-1", 1, 7)]
    [InlineData("fashion-table-13-1", 1, 1)]
    [InlineData("deep-kmeans-alpha", 2, 11)]
    [InlineData("dcn-small-data", 3, 3)]
    [InlineData("deep-kmeans-alpha", 1, 11, "fashion-10k-quick.json")]
    [InlineData("fashion-deep-quick", 1, 7)]
    [InlineData("fashion-deep-quick", 1, 2, "dcec-pretrained.json")]
    [InlineData("fashion-deep-quick", 1, 2, "contrastive.json")]
    [InlineData("fashion-deep-quick", 1, 5, "n2d-views.json")]
    [InlineData("fashion-deep-quick", 1, 2, "dec-keras.json")]
    [InlineData("fashion-n2d-best", 1, 1)]
    public void EverySpecInTheExperimentsFolderIsValid(string folder, int specs, int pipelines, string file = "spec.json")
    {
        IReadOnlyList<ExperimentSpec> read = ReadAndValidate(Path.Combine(Root(), "experiments", folder, file));
        Assert.Equal(specs, read.Count);
        Assert.All(read, s => Assert.Equal(pipelines, s.Pipelines.Count));
    }

    /// <summary>A spec file added later cannot be missed by the theory above: every JSON file in experiments/ is read and validated.</summary>
    [Fact]
    public void EveryJsonFileUnderExperimentsIsAValidSpec()
    {
        string[] files = Directory.GetFiles(Path.Combine(Root(), "experiments"), "*.json", SearchOption.AllDirectories);
        Assert.True(files.Length >= 11, $"expected the 11 committed spec files, found {files.Length}");
        foreach (string file in files) Assert.NotEmpty(ReadAndValidate(file));
    }

    /// <summary>Reads a spec file, checks its folder has a README, and builds every pipeline with the built-in methods (names
    /// registered, options valid) on a stand-in data set.</summary>
    private static IReadOnlyList<ExperimentSpec> ReadAndValidate(string path)
    {
        IReadOnlyList<ExperimentSpec> read = ExperimentSpecReader.ReadFileMany(path);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, "README.md")), $"{path}: its folder has no README.md");
        var runner = new ExperimentRunner(BuiltInMethods.Create(), null);
        var stand = new Agrupa.Data.Dataset("stand-in", new float[40 * 784], 784, Enumerable.Range(0, 40).Select(i => i % 10).ToArray(), null,
            new Agrupa.Data.ImageShape(1, 28, 28));
        Assert.All(read, s => runner.Validate(s, stand));
        return read;
    }

    [Fact]
    public void TheContrastiveSpecsPipelinesShareOnePretraining()
    {
        ExperimentSpec spec = ExperimentSpecReader.ReadFileMany(Path.Combine(Root(), "experiments", "fashion-deep-quick", "contrastive.json")).Single();
        var stand = new Agrupa.Data.Dataset("stand-in", new float[40 * 784], 784, null, null, new Agrupa.Data.ImageShape(1, 28, 28));
        MethodRegistry registry = BuiltInMethods.Create();
        Pipeline kmeans = registry.Build(spec.Pipelines[0], 2, 10), n2d = registry.Build(spec.Pipelines[1], 2, 10);
        string reducer = Assert.IsType<Agrupa.Neural.AutoencoderReducer>(kmeans.Reducer).Fingerprint(stand);
        var deep = Assert.IsAssignableFrom<Agrupa.DeepClustering.IPretrainingClusterer>(n2d.Clusterer);
        Assert.Equal(reducer, deep.Pretraining(stand)!.Fingerprint(stand));
        Assert.Contains("\"type\":\"contrastive\"", reducer);
    }

    [Fact]
    public void TheViewsSpecsLaterPipelinesAddViewsDrawsOrDrawSelectionAndShareTheAutoencoder()
    {
        ExperimentSpec spec = ExperimentSpecReader.ReadFileMany(Path.Combine(Root(), "experiments", "fashion-deep-quick", "n2d-views.json")).Single();
        var stand = new Agrupa.Data.Dataset("stand-in", new float[40 * 784], 784, null, null, new Agrupa.Data.ImageShape(1, 28, 28));
        MethodRegistry registry = BuiltInMethods.Create();
        var plain = Assert.IsType<Agrupa.DeepClustering.N2d>(registry.Build(spec.Pipelines[0], 2, 10).Clusterer);
        var joint = Assert.IsType<Agrupa.DeepClustering.N2d>(registry.Build(spec.Pipelines[1], 2, 10).Clusterer);
        Assert.Empty(plain.Options.Views);
        Agrupa.DeepClustering.N2dView view = Assert.Single(joint.Options.Views);
        Assert.Equal((Agrupa.Neural.AutoencoderArchitecture.Contrastive, 10, Agrupa.Neural.LearningRateSchedule.Cosine, 1e-6),
            (view.Architecture, view.Pretraining.Epochs, view.Pretraining.Schedule, view.Pretraining.WeightDecay));
        Assert.Equal(plain.Pretraining(stand)!.Fingerprint(stand), joint.Pretraining(stand)!.Fingerprint(stand));
        Assert.Equal(25, joint.Options.Pretraining.Epochs);
        // The third pipeline is plain N2D with 8 draws, on the same autoencoder.
        var drawn = Assert.IsType<Agrupa.DeepClustering.N2d>(registry.Build(spec.Pipelines[2], 2, 10).Clusterer);
        Assert.Equal((8, 1), (drawn.Options.Draws, plain.Options.Draws));
        Assert.Empty(drawn.Options.Views);
        Assert.Equal(plain.Pretraining(stand)!.Fingerprint(stand), drawn.Pretraining(stand)!.Fingerprint(stand));
        // The fourth adds the convolutional autoencoder as a third view, pretrained as `agrupa pretrain --arch conv
        // --epochs 20` is (constant rate, no weight decay), and takes the consensus of 8 draws.
        var three = Assert.IsType<Agrupa.DeepClustering.N2d>(registry.Build(spec.Pipelines[3], 2, 10).Clusterer);
        Assert.Equal(8, three.Options.Draws);
        Assert.Equal(2, three.Options.Views.Count);
        Assert.Equal(view, three.Options.Views[0]);
        Agrupa.DeepClustering.N2dView cae = three.Options.Views[1];
        Assert.Equal((Agrupa.Neural.AutoencoderArchitecture.Convolutional, 20, 256, Agrupa.Neural.LearningRateSchedule.Constant, 0.0, 0.001),
            (cae.Architecture, cae.Pretraining.Epochs, cae.Pretraining.BatchSize, cae.Pretraining.Schedule, cae.Pretraining.WeightDecay, cae.Pretraining.LearningRate));
        Assert.Equal(plain.Pretraining(stand)!.Fingerprint(stand), three.Pretraining(stand)!.Fingerprint(stand));
        Assert.Equal(Agrupa.DeepClustering.N2dDrawSelection.Consensus, three.Options.DrawSelection);
        // The fifth is the second with 8 draws, keeping the one with the most even cluster sizes.
        var balanced = Assert.IsType<Agrupa.DeepClustering.N2d>(registry.Build(spec.Pipelines[4], 2, 10).Clusterer);
        Assert.Equal((8, Agrupa.DeepClustering.N2dDrawSelection.MostBalanced), (balanced.Options.Draws, balanced.Options.DrawSelection));
        Assert.Equal(view, Assert.Single(balanced.Options.Views));
        Assert.Equal(plain.Pretraining(stand)!.Fingerprint(stand), balanced.Pretraining(stand)!.Fingerprint(stand));
        Assert.Equal(5, spec.Pipelines.Count);
    }

    [Fact]
    public void TheBestSpecIsTheTwoViewN2dWith300And20PretrainingEpochsAsThePretrainCommandRunsThem()
    {
        ExperimentSpec spec = ExperimentSpecReader.ReadFileMany(Path.Combine(Root(), "experiments", "fashion-n2d-best", "spec.json")).Single();
        var n2d = Assert.IsType<Agrupa.DeepClustering.N2d>(BuiltInMethods.Create().Build(spec.Pipelines.Single(), 2, 10).Clusterer);
        // `agrupa pretrain --arch dense --epochs 300 --seed 2`: Adam 0.001 constant, batch 256, no weight decay.
        Assert.Equal(new Agrupa.Neural.TrainerOptions { Epochs = 300, BatchSize = 256, LearningRate = 0.001, Seed = 2 }, n2d.Options.Pretraining);
        Assert.Equal((8, Agrupa.DeepClustering.N2dDrawSelection.MostBalanced, 10), (n2d.Options.Draws, n2d.Options.DrawSelection, n2d.Options.Clusters));
        // `agrupa pretrain --arch contrastive --epochs 20 --schedule cosine --weight-decay 1e-6 --seed 2`.
        Agrupa.DeepClustering.N2dView view = Assert.Single(n2d.Options.Views);
        Assert.Equal((Agrupa.Neural.AutoencoderArchitecture.Contrastive, 20, 256, Agrupa.Neural.LearningRateSchedule.Cosine, 1e-6, 0.001),
            (view.Architecture, view.Pretraining.Epochs, view.Pretraining.BatchSize, view.Pretraining.Schedule, view.Pretraining.WeightDecay, view.Pretraining.LearningRate));
        Assert.Equal(3, spec.Seeds.Count);
    }
}
