using System.Globalization;
using System.Text.Json.Nodes;
using Agrupa.Cli;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Data.Scaling;
using Agrupa.DeepClustering;
using Agrupa.Neural;
using Agrupa.Persistence;

namespace Agrupa.Tests.Cli;

/// <summary><c>agrupa fit</c> and <c>agrupa predict</c> end to end on the embedded iris set (tiny schedules).</summary>
public sealed class FitPredictCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agrupa-fit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static (int Code, string Output, string Error) Run(params string[] args) => CliHarness.Run(args);

    private static (int[] Labels, double[] Confidence) ReadLabels(string path)
    {
        string[] lines = File.ReadAllLines(path);
        Assert.Equal("row,label,confidence", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        for (int i = 0; i < rows.Length; i++) Assert.Equal(i.ToString(CultureInfo.InvariantCulture), rows[i][0]);
        return (rows.Select(r => int.Parse(r[1], CultureInfo.InvariantCulture)).ToArray(),
            rows.Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToArray());
    }

    [Theory]
    [InlineData("kmeans", "min-max")]
    [InlineData("gmm", "min-max")]
    public void FitThenPredictReproducesTheTrainingLabels(string method, string scaler)
    {
        string model = PathOf("model.agrupa"), labels = PathOf("labels.csv");
        var (code, text, error) = Run("fit", "--data", "iris", "--method", method, "-k", "3", "--seed", "2", "--out", model);
        Assert.True(code == 0, error);
        Assert.Contains("scaling minmax", text);
        Assert.Matches(@"ACC 0\.\d{4}  NMI 0\.\d{4}  ARI 0\.\d{4}", text);
        Assert.Contains("fitted in", text);

        (code, text, error) = Run("predict", "--model", model, "--data", "iris", "--out", labels);
        Assert.True(code == 0, error);
        Assert.Contains("all rows: ACC", text);
        using ClusteringModelFile saved = ClusteringModelFile.Load(model);
        Assert.Equal(scaler, saved.Scaler!.Kind);
        var (predicted, confidence) = ReadLabels(labels);
        Assert.Equal(150, predicted.Length);
        Assert.Equal(saved.Model.Labels, predicted);
        Assert.All(confidence, c => Assert.InRange(c, 0.0, 1.0));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void DeepFitThenPredictAppliesTheStoredScaling()
    {
        // dkma quick: no pretraining, 10 α steps × 2 epochs of one 150-row batch — a few seconds.
        string model = PathOf("dkm.agrupa"), labels = PathOf("labels.csv");
        var (code, text, error) = Run("fit", "--data", "iris", "--method", "dkma", "--preset", "quick", "-k", "3", "--scaling", "standard", "--out", model);
        Assert.True(code == 0, error);
        Assert.Contains("dkma on iris", text);
        Assert.Contains("scaling standard", text);

        (code, text, error) = Run("predict", "--model", model, "--data", "iris", "--out", labels, "--threshold", "0.5");
        Assert.True(code == 0, error);
        Assert.Contains("(deep-clustering, 3 clusters, scaling standard)", text);
        Assert.Contains("coverage", text);
        using ClusteringModelFile saved = ClusteringModelFile.Load(model);
        Assert.Equal("dkma", saved.Method);
        Dataset iris = EmbeddedDatasets.Load("iris");
        ClusterAssignment expected = saved.Model.Predict(new StandardScaler().Fit(iris).Transform(iris));
        var (predicted, confidence) = ReadLabels(labels);
        for (int i = 0; i < predicted.Length; i++)
        {
            Assert.InRange(Math.Abs(expected.Confidence[i] - confidence[i]), 0.0, 1e-5);
            Assert.Equal(expected.Confidence[i] >= 0.5 ? expected.Labels[i] : -1, predicted[i]);
        }
        Assert.Equal(saved.Model.Labels, expected.Labels);
    }

    [Fact]
    public void N2dWithSeveralDrawsReportsTheirAgreementAndPredictsByTheirVote()
    {
        string model = PathOf("n2d-draws.agrupa"), labels = PathOf("labels-draws.csv");
        var (code, text, error) = Run("fit", "--data", "iris", "--method", "n2d", "--preset", "quick", "--epochs", "3", "-k", "3", "--options", "{\"draws\": 3}",
            "--out", model);
        Assert.True(code == 0, error);
        Assert.Matches(@"consensus of 3 draws: ARI of a draw with it [01]\.\d{3}–[01]\.\d{3} \(mean [01]\.\d{3}\), mean confidence [01]\.\d{3}", text);

        (code, text, error) = Run("predict", "--model", model, "--data", "iris", "--out", labels);
        Assert.True(code == 0, error);
        using ClusteringModelFile saved = ClusteringModelFile.Load(model);
        Assert.Equal(3, Assert.IsType<N2dModel>(saved.Model).Manifolds.Count);
        Dataset iris = EmbeddedDatasets.Load("iris");
        ClusterAssignment expected = saved.Model.Predict(new MinMaxScaler().Fit(iris).Transform(iris));
        var (predicted, confidence) = ReadLabels(labels);
        Assert.Equal(expected.Labels, predicted);
        for (int i = 0; i < predicted.Length; i++) Assert.InRange(Math.Abs(expected.Confidence[i] - confidence[i]), 0.0, 1e-5);

        (code, _, error) = Run("fit", "--data", "iris", "--method", "n2d", "-k", "3", "--options", "{\"draws\": 0}", "--out", PathOf("bad.agrupa"));
        Assert.Equal(2, code);
        Assert.Contains("Draws", error);
        Assert.False(File.Exists(PathOf("bad.agrupa")));
    }

    [Fact]
    public void N2dFitsSavesAndPredictsNewRowsThroughItsUmapTransform()
    {
        // quick preset with 3 pretraining epochs on iris: autoencoder, UMAP of the code, Gaussian mixture — seconds.
        string model = PathOf("n2d.agrupa"), labels = PathOf("labels.csv");
        var (code, text, error) = Run("fit", "--data", "iris", "--method", "n2d", "--preset", "quick", "--epochs", "3", "-k", "3", "--out", model);
        Assert.True(code == 0, error);
        Assert.Contains("n2d on iris", text);

        (code, text, error) = Run("predict", "--model", model, "--data", "iris", "--out", labels);
        Assert.True(code == 0, error);
        Assert.Contains("(n2d, 3 clusters, scaling min-max)", text);
        using ClusteringModelFile saved = ClusteringModelFile.Load(model);
        Dataset iris = EmbeddedDatasets.Load("iris");
        ClusterAssignment expected = saved.Model.Predict(new MinMaxScaler().Fit(iris).Transform(iris));
        var (predicted, confidence) = ReadLabels(labels);
        Assert.Equal(expected.Labels, predicted);
        for (int i = 0; i < predicted.Length; i++) Assert.InRange(Math.Abs(expected.Confidence[i] - confidence[i]), 0.0, 1e-5);
        // The training rows pass through UMAP's transform, not their fitted coordinates: nearly the same clusters.
        double agreement = Agrupa.Evaluation.ClusterMetrics.Compute(saved.Model.Labels, predicted).Ari;
        Assert.True(agreement >= 0.8, $"predict agrees with the fitted labels at ARI {agreement:F3} only");
    }

    [Fact]
    public void FitStartsFromAPretrainedAutoencoderAndRefusesOneItCannotUse()
    {
        string ae = PathOf("ae.agrupa"), model = PathOf("dec.agrupa"), labels = PathOf("labels.csv");
        var (code, text, error) = Run("pretrain", "--data", "iris", "--epochs", "3", "--embedding", "3", "--batch-size", "32", "--out", ae);
        Assert.True(code == 0, error);
        (code, text, error) = Run("fit", "--data", "iris", "--method", "dec", "--preset", "quick", "-k", "3", "--pretrained", ae, "--out", model);
        Assert.True(code == 0, error);
        Assert.Contains($"started from the autoencoder in {ae} (3 pretraining epochs)", text);
        Assert.Contains("scaling pixel (÷7.9, as pretrained)", text);   // agrupa pretrain divided iris by its largest value
        using (ClusteringModelFile saved = ClusteringModelFile.Load(model))
        using (AutoencoderModel start = AutoencoderModel.Load(ae))
        {
            var deep = Assert.IsType<DeepClusteringModel>(saved.Model);
            Assert.Equal(start.History.Select(e => e.TrainingLoss), deep.PretrainingHistory.Select(e => e.TrainingLoss));
            (code, _, error) = Run("predict", "--model", model, "--data", "iris", "--out", labels);
            Assert.True(code == 0, error);
            Dataset iris = EmbeddedDatasets.Load("iris");
            Assert.Equal(deep.Predict(new PixelScaler(7.9f).Fit(iris).Transform(iris)).Labels, ReadLabels(labels).Labels);
        }

        foreach (var (args, expected) in new (string[], string)[]
        {
            (["--method", "dkma"], "random weights"),
            (["--method", "kmeans"], "not kmeans"),
            (["--method", "dec", "--epochs", "2"], "exclude each other"),
            (["--method", "dec", "--scaling", "minmax"], "divided by 7.9"),
        })
        {
            (code, _, error) = Run(["fit", "--data", "iris", "-k", "3", "--pretrained", ae, "--out", PathOf("refused.agrupa"), .. args]);
            Assert.Equal(2, code);
            Assert.Contains(expected, error);
            Assert.False(File.Exists(PathOf("refused.agrupa")));
        }
    }

    [Fact]
    public void ADcnFitKeptWithCheckpointsContinuesToMoreEpochsAndOtherMethodsRefuseThem()
    {
        string model = PathOf("dcn.agrupa"), longer = PathOf("dcn3.agrupa");
        string[] fit = ["fit", "--data", "iris", "--method", "dcn", "--preset", "quick", "--epochs", "3", "-k", "3", "--seed", "1"];
        var (code, text, error) = Run([.. fit, "--options", "{\"epochs\": 3}", "--out", longer]);
        Assert.True(code == 0, error);
        Assert.False(File.Exists(longer + ".ckpt"), "a fit without --checkpoint-every leaves no checkpoint");

        (code, _, error) = Run([.. fit, "--options", "{\"epochs\": 2}", "--checkpoint-every", "1", "--out", model]);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(model + ".ckpt"), "--checkpoint-every keeps the checkpoint of a finished fit");
        (code, text, error) = Run([.. fit, "--options", "{\"epochs\": 3}", "--resume", "--out", model]);
        Assert.True(code == 0, error);
        Assert.False(File.Exists(model + ".ckpt"), "the checkpoint of a finished fit without --checkpoint-every stays");
        using (ClusteringModelFile continued = ClusteringModelFile.Load(model))
        using (ClusteringModelFile whole = ClusteringModelFile.Load(longer))
        {
            var (a, b) = (Assert.IsType<DeepClusteringModel>(continued.Model), Assert.IsType<DeepClusteringModel>(whole.Model));
            Assert.Equal(3, a.ClusteringHistory.Count);
            Assert.Equal(b.Labels, a.Labels);
            Assert.Equal(b.Centers.ToArray(), a.Centers.ToArray());
        }

        (code, _, error) = Run([.. fit, "--resume", "--out", PathOf("none.agrupa")]);
        Assert.NotEqual(0, code);
        Assert.Contains("none.agrupa.ckpt", error);
        foreach (string method in new[] { "gmm", "kmeans" })
        {
            (code, _, error) = Run("fit", "--data", "iris", "--method", method, "-k", "3", "--checkpoint-every", "1", "--out", PathOf("refused.agrupa"));
            Assert.Equal(2, code);
            Assert.Contains($"dkmp, vade and n2d, not {method}", error);
            Assert.False(File.Exists(PathOf("refused.agrupa")));
        }
    }

    [Fact]
    public void AContrastiveEncoderStartsN2dButNotAMethodThatReconstructs()
    {
        string encoder = PathOf("simclr.agrupa"), model = PathOf("n2d.agrupa"), labels = PathOf("labels.csv");
        var (code, text, error) = Run("pretrain", "--data", "digits", "--arch", "contrastive", "--epochs", "1", "--embedding", "16", "--out", encoder);
        Assert.True(code == 0, error);
        Assert.Contains("ContrastiveEncoder 64→16", text);
        (code, text, error) = Run("fit", "--data", "digits", "--method", "n2d", "--preset", "quick", "-k", "10", "--pretrained", encoder, "--out", model);
        Assert.True(code == 0, error);
        (code, _, error) = Run("predict", "--model", model, "--data", "digits", "--out", labels);
        Assert.True(code == 0, error);
        Assert.Equal(1797, ReadLabels(labels).Labels.Length);

        (code, _, error) = Run("fit", "--data", "digits", "--method", "idec", "--preset", "quick", "-k", "10", "--pretrained", encoder, "--out", PathOf("refused.agrupa"));
        Assert.Equal(2, code);
        Assert.Contains("no decoder", error);
        Assert.False(File.Exists(PathOf("refused.agrupa")));
    }

    [Fact]
    public void N2dJoinsSeveralPretrainedNetworksAndOtherMethodsRefuseThem()
    {
        string ae = PathOf("ae.agrupa"), encoder = PathOf("simclr.agrupa"), model = PathOf("n2d2.agrupa"), labels = PathOf("labels2.csv");
        var (code, _, error) = Run("pretrain", "--data", "digits", "--epochs", "2", "--out", ae);
        Assert.True(code == 0, error);
        (code, _, error) = Run("pretrain", "--data", "digits", "--arch", "contrastive", "--epochs", "1", "--embedding", "16", "--out", encoder);
        Assert.True(code == 0, error);
        string text;
        (code, text, error) = Run("fit", "--data", "digits", "--method", "n2d", "--preset", "quick", "-k", "10", "--pretrained", ae, "--pretrained", encoder, "--out", model);
        Assert.True(code == 0, error);
        Assert.Contains($"started from the view in {encoder}", text);
        using (var saved = N2dModel.Load(model))
        {
            Assert.Equal(2, saved.Networks.Count);
            Assert.Equal(10 + 16, saved.Manifold.FeatureCount);
        }
        (code, _, error) = Run("predict", "--model", model, "--data", "digits", "--out", labels);
        Assert.True(code == 0, error);
        Assert.Equal(1797, ReadLabels(labels).Labels.Length);

        (code, _, error) = Run("fit", "--data", "digits", "--method", "dec", "--preset", "quick", "-k", "10", "--pretrained", ae, "--pretrained", encoder, "--out", PathOf("refused.agrupa"));
        Assert.Equal(2, code);
        Assert.Contains("only n2d joins several networks", error);
        Assert.False(File.Exists(PathOf("refused.agrupa")));
    }

    [Fact]
    public void DkmIsDeepKMeansWithPretraining()
    {
        string model = PathOf("dkm.agrupa");
        var (code, text, error) = Run("fit", "--data", "iris", "--method", "dkm", "--preset", "quick", "--epochs", "2", "-k", "3", "--out", model);
        Assert.True(code == 0, error);
        Assert.Contains("dkmp on iris", text);
        using ClusteringModelFile saved = ClusteringModelFile.Load(model);
        Assert.Equal("dkmp", saved.Method);
    }

    [Fact]
    public void OptionsAreLaidOverThePresetInlineOrFromAFile()
    {
        string model = PathOf("gmm.agrupa");
        var (code, _, error) = Run("fit", "--data", "iris", "--method", "gmm", "-k", "3", "--options", "{\"covariance\": \"Spherical\"}", "--out", model);
        Assert.True(code == 0, error);
        Assert.Equal("Spherical", ModelFile.Read(model).Header["covariance"]!.GetValue<string>());

        string file = PathOf("options.json");
        File.WriteAllText(file, "// the experiment specs' syntax\n{ \"covariance\": \"Diagonal\", }\n");
        (code, _, error) = Run("fit", "--data", "iris", "--method", "gmm", "-k", "3", "--options", file, "--out", model);
        Assert.True(code == 0, error);
        Assert.Equal("Diagonal", ModelFile.Read(model).Header["covariance"]!.GetValue<string>());

        // Nested records merge member by member, and --options wins over --epochs.
        string dec = PathOf("dec.agrupa");
        (code, _, error) = Run("fit", "--data", "iris", "--method", "dec", "--preset", "quick", "--epochs", "3", "-k", "3",
            "--options", "{\"maxIterations\": 4, \"updateInterval\": 2, \"pretraining\": {\"epochs\": 2}}", "--out", dec);
        Assert.True(code == 0, error);
        using ClusteringModelFile saved = ClusteringModelFile.Load(dec);
        var deep = Assert.IsType<DeepClusteringModel>(saved.Model);
        Assert.Equal(2, deep.PretrainingHistory.Count);
        Assert.InRange(deep.Updates.Count, 1, 3);
        Assert.All(deep.Updates, u => Assert.InRange(u.Iteration, 0, 4));
    }

    [Theory]
    [InlineData("{\"nope\": 1}", "nope")]
    [InlineData("{\"maxIterations\": \"many\"}", "DecOptions")]
    [InlineData("{\"maxIterations\": -3}", "MaxIterations")]
    [InlineData("{\"maxIterations\": ", "not valid JSON at line 1")]
    [InlineData("absent-options.json", "no such file")]
    public void BadOptionsExitTwoNamingThem(string options, string expected)
    {
        var (code, _, error) = Run("fit", "--data", "iris", "--method", "dec", "--preset", "quick", "-k", "3", "--options", options, "--out", PathOf("m.agrupa"));
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--options", error.Replace("absent-options.json", "--options absent"));
        Assert.Contains(expected, error);
        Assert.False(File.Exists(PathOf("m.agrupa")));
    }

    [Fact]
    public void SavedDeepModelKeepsItsScalerAndPredictsLikeTheFittedOne()
    {
        Dataset iris = EmbeddedDatasets.Load("iris");
        FittedScaler scaler = new MinMaxScaler().Fit(iris);
        var options = new DecOptions
        {
            Clusters = 3, Pretraining = new TrainerOptions { Epochs = 2, BatchSize = 64 }, BatchSize = 64, MaxIterations = 6, UpdateInterval = 3,
            KMeansRestarts = 1, Seed = 1,
        };
        using DeepClusteringModel fitted = new Dec(options).Fit(scaler.Transform(iris));
        string model = PathOf("dec.agrupa"), labels = PathOf("labels.csv");
        ClusteringModelFile.Save(model, fitted, scaler);
        Assert.IsType<JsonObject>(ModelFile.Read(model).Header["scaler"]);

        var (code, _, error) = Run("predict", "--model", model, "--data", "iris", "--out", labels);
        Assert.True(code == 0, error);
        ClusterAssignment expected = fitted.Predict(scaler.Transform(iris));
        var (predicted, confidence) = ReadLabels(labels);
        Assert.Equal(expected.Labels, predicted);
        for (int i = 0; i < predicted.Length; i++) Assert.InRange(Math.Abs(expected.Confidence[i] - confidence[i]), 0.0, 1e-5);
    }

    [Theory]
    [InlineData("fit", "--data", "iris", "--method", "kmeans", "--out", "m.agrupa")]                       // no --clusters
    [InlineData("fit", "--data", "iris", "--method", "kmeans", "-k", "1", "--out", "m.agrupa")]
    [InlineData("fit", "--data", "iris", "--method", "bogus", "-k", "3", "--out", "m.agrupa")]
    [InlineData("fit", "--data", "iris", "--method", "kmeans", "-k", "3", "--preset", "slow", "--out", "m.agrupa")]
    [InlineData("fit", "--data", "iris", "--method", "kmeans", "-k", "3", "--scaling", "log", "--out", "m.agrupa")]
    [InlineData("fit", "--data", "iris", "--method", "dec", "-k", "3", "--epochs", "0", "--out", "m.agrupa")]
    [InlineData("fit", "--data", "iris", "--method", "kmeans", "-k", "151", "--out", "m.agrupa")]
    [InlineData("predict", "--data", "iris", "--out", "l.csv")]                                            // no --model
    [InlineData("predict", "--model", "m.agrupa", "--data", "iris", "--out", "l.csv", "--threshold", "1.5")]
    public void BadArgumentsExitTwoWithOneLine(params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void MissingModelFileExitsOne()
    {
        var (code, _, error) = Run("predict", "--model", PathOf("absent.agrupa"), "--data", "iris", "--out", PathOf("l.csv"));
        Assert.Equal(1, code);
        Assert.Contains("absent.agrupa", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ModelOfAnotherKindIsAClearError()
    {
        string model = PathOf("other.agrupa");
        ModelFile.Write(model, new ModelFileContent("autoencoder", new JsonObject()));
        var (code, _, error) = Run("predict", "--model", model, "--data", "iris", "--out", PathOf("l.csv"));
        Assert.Equal(1, code);
        Assert.Contains("'autoencoder'", error);
        Assert.Contains("deep-clustering, n2d, kmeans, gaussian-mixture", error);
        Assert.False(File.Exists(PathOf("l.csv")));
    }

    [Fact]
    public void DataWithOtherFeaturesIsAUsageError()
    {
        string model = PathOf("km.agrupa");
        Assert.Equal(0, Run("fit", "--data", "iris", "--method", "kmeans", "-k", "3", "--out", model).Code);
        var (code, _, error) = Run("predict", "--model", model, "--data", "wine", "--out", PathOf("l.csv"));
        Assert.Equal(2, code);
        Assert.Contains("13 features", error);
    }

    [Fact]
    public void ThresholdReportsCoverageAndCoveredAccuracy()
    {
        string model = PathOf("gmm.agrupa"), labels = PathOf("labels.csv");
        Assert.Equal(0, Run("fit", "--data", "iris", "--method", "gmm", "-k", "3", "--out", model).Code);
        var (code, text, error) = Run("predict", "--model", model, "--data", "iris", "--out", labels, "--threshold", "0.99");
        Assert.True(code == 0, error);
        var (predicted, confidence) = ReadLabels(labels);
        int covered = confidence.Count(c => c >= 0.99);
        Assert.Equal(covered, predicted.Count(l => l >= 0));
        Assert.All(predicted.Zip(confidence), p => Assert.True(p.First >= 0 == p.Second >= 0.99));
        Assert.Contains($"({covered} of 150 rows labelled, {150 - covered} unsure = -1), ACC on covered rows", text);
    }

    [Theory]
    [InlineData(new float[] { 0, 255, 17 }, true, "pixel")]
    [InlineData(new float[] { 0, 16, 3 }, true, "minmax")]
    [InlineData(new float[] { 0, 1, 0.5f }, true, "none")]
    [InlineData(new float[] { 0, 255, 17 }, false, "minmax")]
    public void DefaultScalingFollowsTheDocumentedRule(float[] values, bool image, string expected)
    {
        var data = new Dataset("d", values, 1, imageShape: image ? new ImageShape(1, 1, 1) : null);
        Assert.Equal(expected, Agrupa.Cli.Commands.FitCommand.DefaultScaling(data));
    }
}
