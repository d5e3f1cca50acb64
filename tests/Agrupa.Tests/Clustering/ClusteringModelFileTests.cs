using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Data.Scaling;
using Agrupa.DeepClustering;
using Agrupa.Persistence;

namespace Agrupa.Tests.Clustering;

/// <summary>Save/Load of k-means and Gaussian mixture models, scalers in headers, and the fit presets.</summary>
public sealed class ClusteringModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agrupa-models-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void KMeansModelRoundTripPredictsTheSame()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 30);
        var model = (KMeansModel)new KMeans(new KMeansOptions { Clusters = 3, Seed = 4 }).Fit(data);
        string path = Path.Combine(_folder, "km.agrupa");
        model.Save(path);
        Assert.Equal("kmeans", ModelFile.Read(path).Kind);
        KMeansModel loaded = KMeansModel.Load(path);
        Assert.Equal(model.Labels, loaded.Labels);
        Assert.Equal(model.Centers.ToArray(), loaded.Centers.ToArray());
        Assert.Equal(model.Inertia, loaded.Inertia);
        Assert.Equal(model.Iterations, loaded.Iterations);
        Assert.Equal(model.Predict(data), loaded.Predict(data), new AssignmentComparer());
        Assert.Equal(model.Labels, loaded.Predict(data).Labels);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void GaussianMixtureRoundTripPredictsTheSame(CovarianceType covariance)
    {
        Dataset data = KMeansTests.Blobs(perBlob: 30);
        var model = (GaussianMixtureModel)new GaussianMixture(new GaussianMixtureOptions { Components = 3, Covariance = covariance, Seed = 2 }).Fit(data);
        string path = Path.Combine(_folder, "gmm.agrupa");
        model.Save(path);
        GaussianMixtureModel loaded = GaussianMixtureModel.Load(path);
        Assert.Equal(covariance, loaded.Covariance);
        Assert.Equal(model.Labels, loaded.Labels);
        Assert.Equal(model.Weights.ToArray(), loaded.Weights.ToArray());
        Assert.Equal(model.Covariances.ToArray(), loaded.Covariances.ToArray());
        Assert.Equal(model.PredictProbabilities(data), loaded.PredictProbabilities(data));
        Assert.Equal(model.LowerBound, loaded.LowerBound);
        Assert.Equal(model.Converged, loaded.Converged);
    }

    [Fact]
    public void LoadingTheWrongKindNamesBothKinds()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 10);
        string path = Path.Combine(_folder, "km.agrupa");
        ((KMeansModel)new KMeans(new KMeansOptions { Clusters = 2 }).Fit(data)).Save(path);
        var error = Assert.Throws<DataFormatException>(() => GaussianMixtureModel.Load(path));
        Assert.Contains("'kmeans'", error.Message);
        Assert.Contains("'gaussian-mixture'", error.Message);
    }

    [Fact]
    public void ScalerTravelsWithTheModelAndIsAppliedBeforePredicting()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 20);
        FittedScaler scaler = new StandardScaler().Fit(data);
        Dataset scaled = scaler.Transform(data);
        IClusteringModel model = new GaussianMixture(new GaussianMixtureOptions { Components = 3, Seed = 1 }).Fit(scaled);
        string path = Path.Combine(_folder, "scaled.agrupa");
        ClusteringModelFile.Save(path, model, scaler);
        using ClusteringModelFile loaded = ClusteringModelFile.Load(path);
        Assert.Equal("gmm", loaded.Method);
        Assert.Equal("standard", loaded.Scaler!.Kind);
        Assert.Equal(scaler.Offsets, loaded.Scaler.Offsets);
        Assert.Equal(scaler.Scales, loaded.Scaler.Scales);
        Assert.Equal(model.Labels, loaded.Predict(data).Labels);
        Assert.Throws<ArgumentException>(() => loaded.Predict(new Dataset("narrow", new float[4], 2)));
    }

    [Fact]
    public void ScalerJsonRoundTripsExactly()
    {
        var scaler = new FittedScaler("min-max", [0.1f, -3.3333333f, 1e-30f], [1f / 3f, 255f, 7.77e10f]);
        FittedScaler back = ScalerJson.FromJson(ScalerJson.ToJson(scaler), "x");
        Assert.Equal(scaler.Kind, back.Kind);
        Assert.Equal(scaler.Offsets, back.Offsets);
        Assert.Equal(scaler.Scales, back.Scales);
        Assert.Throws<DataFormatException>(() => ScalerJson.FromJson(new System.Text.Json.Nodes.JsonObject { ["kind"] = "divide", ["divisor"] = 255 }, "x"));
    }

    [Fact]
    public void UnsupportedModelsAreRefusedWithAClearMessage()
    {
        var error = Assert.Throws<NotSupportedException>(() =>
            ClusteringModelFile.Save(Path.Combine(_folder, "fake.agrupa"), new FakeModel(), null));
        Assert.Contains("FakeModel", error.Message);
    }

    [Theory]
    [InlineData("dec", "dec")]
    [InlineData("idec", "idec")]
    [InlineData("dcec", "dcec")]
    [InlineData("dcn", "dcn")]
    [InlineData("dkma", "dkma")]
    [InlineData("dkmp", "dkmp")]
    [InlineData("dkm", "dkmp")]
    [InlineData("vade", "vade")]
    [InlineData("n2d", "n2d")]
    [InlineData("kmeans", "k-means")]
    [InlineData("gmm", "gmm")]
    public void PresetsBuildEveryMethod(string method, string name)
    {
        foreach (string preset in DeepClusteringPresets.Presets)
            Assert.Equal(name, DeepClusteringPresets.Create(method, preset, 4, seed: 3).Name);
    }

    [Fact]
    public void QuickPresetShortensTheScheduleAndEpochsOverridePretraining()
    {
        var quick = (Dec)DeepClusteringPresets.Create("idec", "quick", 5, seed: 7);
        var paper = (Dec)DeepClusteringPresets.Create("idec", "paper", 5, seed: 7);
        Assert.Equal(DecOptions.Idec(5).Pretraining.Epochs, paper.Options.Pretraining.Epochs);
        Assert.Equal(DecOptions.Idec(5).MaxIterations, paper.Options.MaxIterations);
        Assert.Equal(DeepClusteringPresets.QuickPretrainingEpochs, quick.Options.Pretraining.Epochs);
        Assert.True(quick.Options.MaxIterations <= 2000);
        Assert.Equal(7, quick.Options.Seed);
        Assert.Equal(3, ((Dec)DeepClusteringPresets.Create("dec", "paper", 5, pretrainingEpochs: 3)).Options.Pretraining.Epochs);
        Assert.Throws<ArgumentException>(() => DeepClusteringPresets.Create("deep-k-means", "quick", 5));
        Assert.Throws<ArgumentException>(() => DeepClusteringPresets.Create("dec", "fast", 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeepClusteringPresets.Create("dec", "quick", 1));
    }

    private sealed class FakeModel : IClusteringModel
    {
        public int ClusterCount => 1;
        public IReadOnlyList<int> Labels => [0];
        public ClusterAssignment Predict(Dataset data) => ClusterAssignment.Certain(new int[data.Count]);
    }

    private sealed class AssignmentComparer : IEqualityComparer<ClusterAssignment>
    {
        public bool Equals(ClusterAssignment? x, ClusterAssignment? y) =>
            x!.Labels.SequenceEqual(y!.Labels) && x.Confidence.SequenceEqual(y.Confidence);

        public int GetHashCode(ClusterAssignment obj) => obj.Labels.Count;
    }
}
