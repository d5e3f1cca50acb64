using System.Globalization;
using System.Text;
using Agrupa.Cli;
using Agrupa.Neural;
using Agrupa.Runtime;
using Agrupa.Tests.Neural;

namespace Agrupa.Tests.Cli;

public sealed class PretrainEmbedCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agrupa-cli-neural-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteCsv()
    {
        var data = NeuralTestData.Blobs(n: 120, d: 16, k: 3);
        var text = new StringBuilder(string.Join(",", Enumerable.Range(0, 16).Select(i => $"p{i}")) + ",label\n");
        for (int i = 0; i < data.Count; i++)
            text.Append(string.Join(",", data.Row(i).ToArray().Select(v => (v * 16).ToString("R", CultureInfo.InvariantCulture)))).Append(',').Append(data.Labels![i]).Append('\n');
        string path = Path.Combine(_folder, "data.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void PretrainWritesModelAndLossCurveAndEmbedWritesNpyAndCsv()
    {
        string data = WriteCsv();
        string model = Path.Combine(_folder, "m.agrupa");
        var (code, output, error) = Run("pretrain", "--data", data, "--arch", "vae", "--epochs", "3", "--batch-size", "32", "--embedding", "2",
            "--validation", "0.2", "--checkpoint-every", "1", "--out", model);
        Assert.True(code == 0, error);
        Assert.Contains("validation loss", output);
        Assert.Contains("epoch 3/3", error); // plain progress lines when redirected
        Assert.True(File.Exists(model));
        Assert.True(File.Exists(model + ".ckpt")); // kept with --checkpoint-every: the run can be continued
        string[] curve = File.ReadAllLines(model + ".loss.csv");
        Assert.Equal("epoch,train_loss,validation_loss,learning_rate,seconds", curve[0]);
        Assert.Equal(4, curve.Length);

        string npy = Path.Combine(_folder, "codes.npy");
        (code, output, error) = Run("embed", "--model", model, "--data", data, "--out", npy);
        Assert.True(code == 0, error);
        byte[] bytes = File.ReadAllBytes(npy);
        Assert.Equal(0x93, bytes[0]);
        int headerLength = BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Contains("'shape': (120, 2)", Encoding.ASCII.GetString(bytes, 10, headerLength));
        Assert.Equal(10 + headerLength + 120 * 2 * 4, bytes.Length);

        string csv = Path.Combine(_folder, "codes.csv");
        (code, _, error) = Run("embed", "--model", model, "--data", data, "--out", csv);
        Assert.True(code == 0, error);
        string[] lines = File.ReadAllLines(csv);
        Assert.Equal("dim_1,dim_2,label", lines[0]);
        Assert.Equal(121, lines.Length);
        // The CSV holds the same values as the .npy file.
        float first = BitConverter.ToSingle(bytes, 10 + headerLength);
        Assert.Equal(first, float.Parse(lines[1].Split(',')[0], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AFinishedRunContinuesToMoreEpochsAsOneLongerRun()
    {
        string data = WriteCsv();
        string Path_(string name) => Path.Combine(_folder, name);
        var (code, _, error) = Run("pretrain", "--data", data, "--epochs", "2", "--batch-size", "32", "--embedding", "2", "--checkpoint-every", "5", "--out", Path_("a.agrupa"));
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path_("a.agrupa.ckpt")), "the last epoch's checkpoint was not kept");
        (code, _, error) = Run("pretrain", "--data", data, "--epochs", "4", "--batch-size", "32", "--embedding", "2", "--checkpoint-every", "5", "--resume", "--out", Path_("a.agrupa"));
        Assert.True(code == 0, error);
        (code, _, error) = Run("pretrain", "--data", data, "--epochs", "4", "--batch-size", "32", "--embedding", "2", "--out", Path_("b.agrupa"));
        Assert.True(code == 0, error);
        Assert.False(File.Exists(Path_("b.agrupa.ckpt"))); // no checkpoints asked, none left

        Assert.Equal(5, File.ReadAllLines(Path_("a.agrupa.loss.csv")).Length);
        static string[] Losses(string curve) => File.ReadAllLines(curve).Skip(1).Select(l => l.Split(',')[1]).ToArray();
        Assert.Equal(Losses(Path_("b.agrupa.loss.csv")), Losses(Path_("a.agrupa.loss.csv")));
        foreach (string name in new[] { "a", "b" })
        {
            (code, _, error) = Run("embed", "--model", Path_(name + ".agrupa"), "--data", data, "--out", Path_(name + ".npy"));
            Assert.True(code == 0, error);
        }
        Assert.Equal(File.ReadAllBytes(Path_("b.npy")), File.ReadAllBytes(Path_("a.npy")));
    }

    [Theory]
    [InlineData("pretrain", "--data", "x.csv", "--arch", "rnn", "--out", "m")]
    [InlineData("pretrain", "--data", "DATA", "--epochs", "0", "--out", "m")]
    [InlineData("pretrain", "--data", "DATA", "--validation", "1.5", "--out", "m")]
    [InlineData("pretrain", "--data", "DATA", "--optimizer", "rmsprop", "--out", "m")]
    [InlineData("pretrain", "--data", "DATA", "--optimizer", "sgd", "--momentum", "1", "--out", "m")]
    [InlineData("pretrain", "--data", "DATA")]
    [InlineData("pretrain", "--data", "DATA", "--layerwise-epochs", "-1", "--out", "m")]
    [InlineData("pretrain", "--data", "DATA", "--arch", "vae", "--layerwise-epochs", "2", "--out", "m")]
    [InlineData("embed", "--model", "m", "--data", "DATA", "--out", "codes.txt")]
    [InlineData("pretrain", "--data", "DATA", "--network-options", "{\"hiddenSize\": [8]}", "--out", "m")]
    [InlineData("pretrain", "--data", "DATA", "--network-options", "{\"type\": \"conv\"}", "--out", "m")]
    [InlineData("pretrain", "--data", "DATA", "--network-options", "{\"embeddingSize\": 0}", "--out", "m")]
    [InlineData("pretrain", "--data", "DATA", "--network-options", "[8]", "--out", "m")]
    [InlineData("pretrain", "--data", "DATA", "--network-options", "none.json", "--out", "m")]
    public void WrongArgumentsExitWithTwoAndOneLine(params string[] args)
    {
        string data = WriteCsv();
        var (code, _, error) = Run(args.Select(a => a == "DATA" ? data : a).ToArray());
        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void LayerwisePretrainingAloneTrainsEveryLayerInTurn()
    {
        string data = WriteCsv();
        string model = Path.Combine(_folder, "layerwise.agrupa");
        var (code, output, error) = Run("pretrain", "--data", data, "--arch", "dense-tied", "--network-options", "{\"hiddenSizes\": [12]}", "--embedding", "2",
            "--optimizer", "sgd", "--momentum", "0", "--lr", "0.01", "--batch-size", "16", "--layerwise-epochs", "3", "--epochs", "0", "--out", model);
        Assert.True(code == 0, error);
        Assert.Contains("6 epochs", output); // two layers (16→12→2), three epochs each, no end-to-end epoch
        string[] lines = File.ReadAllLines(model + ".loss.csv");
        Assert.EndsWith(",layer", lines[0]);
        Assert.Equal(["1", "1", "1", "2", "2", "2"], lines.Skip(1).Select(l => l.Split(',')[^1]));
        (code, _, error) = Run("embed", "--model", model, "--data", data, "--out", Path.Combine(_folder, "codes.npy"));
        Assert.True(code == 0, error);
    }

    [Fact]
    public void AKeptLayerwiseCheckpointContinuesIntoTheEndToEndStageAsOneRunWould()
    {
        string data = WriteCsv();
        string[] common = ["pretrain", "--data", data, "--network-options", "{\"hiddenSizes\": [12]}", "--embedding", "2", "--batch-size", "16", "--layerwise-epochs", "3"];
        string once = Path.Combine(_folder, "once.agrupa"), staged = Path.Combine(_folder, "staged.agrupa");
        var (code, _, error) = Run([.. common, "--epochs", "2", "--out", once]);
        Assert.True(code == 0, error);
        // The layer-wise stage alone, keeping its checkpoint; then --resume adds the end-to-end epochs from its weights.
        (code, _, error) = Run([.. common, "--epochs", "0", "--checkpoint-every", "1", "--out", staged]);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(staged + ".ckpt"));
        (code, var output, error) = Run([.. common, "--epochs", "2", "--resume", "--out", staged]);
        Assert.True(code == 0, error);
        Assert.Contains("8 epochs", output); // 2 layers × 3, then 2 end to end
        Assert.DoesNotContain("layer 1/2", error); // the finished layers are not trained again
        Assert.False(File.Exists(staged + ".ckpt")); // no --checkpoint-every this time: removed after success
        Assert.Equal(File.ReadAllLines(once + ".loss.csv").Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 4))),
            File.ReadAllLines(staged + ".loss.csv").Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 4)))); // all but the seconds
        string codesOnce = Path.Combine(_folder, "once.npy"), codesStaged = Path.Combine(_folder, "staged.npy");
        Assert.Equal(0, Run("embed", "--model", once, "--data", data, "--out", codesOnce).Code);
        Assert.Equal(0, Run("embed", "--model", staged, "--data", data, "--out", codesStaged).Code);
        Assert.Equal(File.ReadAllBytes(codesOnce), File.ReadAllBytes(codesStaged));
    }

    [Fact]
    public void SgdWithMomentumIsTheOptimizerWhenAsked()
    {
        string data = WriteCsv();
        double[] Losses(params string[] extra)
        {
            string model = Path.Combine(_folder, $"m{extra.Length}.agrupa");
            var (code, _, error) = Run(["pretrain", "--data", data, "--epochs", "4", "--batch-size", "16", "--out", model, .. extra]);
            Assert.True(code == 0, error);
            return File.ReadAllLines(model + ".loss.csv").Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        }
        double[] adam = Losses(), sgd = Losses("--optimizer", "sgd", "--lr", "0.5", "--momentum", "0.9");
        Assert.True(sgd[^1] < sgd[0], string.Join(", ", sgd)); // it trains
        Assert.NotEqual(adam[0], sgd[0]); // and it is not Adam: same seed, same first batches, other steps
    }

    [Fact]
    public void NetworkOptionsAreLaidOverTheArchitecturesDefaults()
    {
        string P(string name) => Path.Combine(_folder, name);
        string data = WriteCsv(), dense = P("dense.agrupa"), file = P("network.json");
        File.WriteAllText(file, "{ \"hiddenSizes\": [8], // one hidden layer\n}");
        var (code, _, error) = Run("pretrain", "--data", data, "--epochs", "1", "--embedding", "3", "--network-options", file, "--out", dense);
        Assert.True(code == 0, error);
        using (var model = AutoencoderModel.Load(dense))
        {
            var options = Assert.IsType<DenseAutoencoderOptions>(model.Network.Options);
            Assert.Equal([8], options.HiddenSizes);
            Assert.Equal(3, options.EmbeddingSize); // --embedding still counts; the overrides only replace what they name
        }

        string encoder = P("simclr.agrupa");
        (code, _, error) = Run("pretrain", "--data", "digits", "--arch", "contrastive", "--epochs", "1", "--batch-size", "512",
            "--network-options", "{\"ErasingProbability\": 0, \"width\": 4}", "--out", encoder);
        Assert.True(code == 0, error);
        using (var model = AutoencoderModel.Load(encoder))
        {
            var options = Assert.IsType<ContrastiveEncoderOptions>(model.Network.Options);
            Assert.Equal((0.0, 4, 0.5), (options.ErasingProbability, options.Width, options.CropMinimumArea));
        }

        (code, _, error) = Run("pretrain", "--data", data, "--network-options", "{\"hiddenSize\": [8]}", "--out", P("x.agrupa"));
        Assert.Equal(2, code);
        Assert.Contains("--network-options: unknown option hiddenSize", error);
        Assert.Contains("hiddenSizes", error);
        Assert.False(File.Exists(P("x.agrupa")));
    }

    [Fact]
    public void MissingAndForeignFilesExitWithOneNamingThePath()
    {
        string data = WriteCsv();
        var (code, _, error) = Run("embed", "--model", Path.Combine(_folder, "none.agrupa"), "--data", data, "--out", Path.Combine(_folder, "c.npy"));
        Assert.Equal(1, code);
        Assert.Contains("none.agrupa", error);
        (code, _, error) = Run("embed", "--model", data, "--data", data, "--out", Path.Combine(_folder, "c.npy"));
        Assert.Equal(1, code);
        Assert.Contains("not an Agrupa model file", error);
        Assert.False(File.Exists(Path.Combine(_folder, "c.npy")));
    }

    [Fact]
    public void PlainProgressDescribesEpochLossesAndEta()
    {
        string line = ConsoleProgress.Describe(new TrainingProgress
        {
            Stage = "pretrain ae10", Epoch = 3, TotalEpochs = 10, Step = 10, TotalSteps = 10,
            Losses = new Dictionary<string, double> { ["train"] = 0.0123, ["validation"] = 0.0145 },
            SamplesPerSecond = 5120, Remaining = TimeSpan.FromSeconds(75),
        });
        Assert.Equal("pretrain ae10 epoch 3/10 train 0.0123 validation 0.0145 5120 samples/s ETA 1:15", line);
    }
}
