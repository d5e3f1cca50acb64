using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Persistence;
using Agrupa.Tests.Neural;

namespace Agrupa.Tests.Persistence;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agrupa-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static ModelFileContent Sample() => new("test-kind", new JsonObject { ["options"] = new JsonObject { ["k"] = 3 } },
        new Dictionary<string, ModelArray>
        {
            ["centres"] = ModelArray.FromFloats([1f, -2.5f, float.Epsilon, 3e38f, 0f, -0f], 2, 3),
            ["labels"] = ModelArray.FromInts([0, 1, 2, -1]),
            ["blob"] = ModelArray.FromBytes([1, 2, 3]),
            ["cube"] = ModelArray.FromFloats([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], 2, 2, 2),
            ["empty"] = ModelArray.FromFloats([], 0, 5),
        });

    [Fact]
    public void RoundTripKeepsHeaderArraysAndVersion()
    {
        string path = PathOf("a.agrupa");
        ModelFile.Write(path, Sample());
        var read = ModelFile.Read(path, "test-kind");
        Assert.Equal("test-kind", read.Kind);
        Assert.Equal(3, (int)read.Header["options"]!["k"]!);
        Assert.Equal(ModelFile.AgrupaVersion, (string)read.Header["agrupaVersion"]!);
        Assert.Equal(new long[] { 2, 3 }, read.Arrays["centres"].Shape);
        Assert.Equal(Sample().Arrays["centres"].AsFloats().Select(BitConverter.SingleToInt32Bits), read.Arrays["centres"].AsFloats().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(new[] { 0, 1, 2, -1 }, read.Arrays["labels"].AsInts());
        Assert.Equal(new byte[] { 1, 2, 3 }, read.Arrays["blob"].AsBytes());
        Assert.Equal(new long[] { 2, 2, 2 }, read.Arrays["cube"].Shape);
        Assert.Equal(new long[] { 0, 5 }, read.Arrays["empty"].Shape);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void WrongKindIsRefusedWithTheKinds()
    {
        string path = PathOf("b.agrupa");
        ModelFile.Write(path, Sample());
        var error = Assert.Throws<DataFormatException>(() => ModelFile.Read(path, "autoencoder"));
        Assert.Contains("'test-kind'", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void NewerFormatIsRefusedWithAMessage()
    {
        byte[] bytes = Bytes(Sample());
        bytes[8] = 7; bytes[10] = 5; // format 7, needs reader 5
        var error = Assert.Throws<DataFormatException>(() => ModelFile.Parse(bytes, "new.agrupa"));
        Assert.Contains("newer", error.Message);
        Assert.Contains("format 7", error.Message);
        // A newer file that still declares itself readable by version 1 is read.
        bytes[10] = 1;
        Assert.Equal("test-kind", ModelFile.Parse(bytes, "new.agrupa").Kind);
    }

    [Theory]
    [InlineData("dense")]
    [InlineData("conv")]
    [InlineData("vae")]
    public void SavedThenLoadedAutoencoderPredictsBitIdentically(string kind)
    {
        var image = new ImageShape(1, 8, 8);
        var data = NeuralTestData.Blobs(n: 120, d: 64, image: image);
        AutoencoderOptions network = kind switch
        {
            "conv" => new ConvolutionalAutoencoderOptions { Image = image, Filters = [4, 8, 8], EmbeddingSize = 3 },
            "vae" => new VariationalAutoencoderOptions { Inputs = 64, HiddenSizes = [16], EmbeddingSize = 3 },
            _ => NeuralTestData.SmallDense(64),
        };
        using var model = new AutoencoderReducer(new AutoencoderReducerOptions { Network = network, Training = new TrainerOptions { Epochs = 2, BatchSize = 32 } }).Fit(data);
        model.Scaler = new JsonObject { ["kind"] = "divide", ["value"] = 16 };
        string path = PathOf($"{kind}.agrupa");
        model.Save(path);
        using var loaded = AutoencoderModel.Load(path);
        Assert.Equal(network, loaded.Options);
        Assert.Equal(model.History.Select(h => h.TrainingLoss), loaded.History.Select(h => h.TrainingLoss));
        Assert.Equal(16, (int)loaded.Scaler!["value"]!);
        Assert.Equal(model.Embedding.Features.ToArray(), loaded.Transform(data).Features.ToArray());
        Assert.Equal(model.Reconstruct(data).Features.ToArray(), loaded.Reconstruct(data).Features.ToArray());
    }

    internal static byte[] Bytes(ModelFileContent content)
    {
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-bytes-{Guid.NewGuid():N}");
        try
        {
            ModelFile.Write(path, content);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Recomputes the SHA-256 so the mutation reaches the payload parser instead of the checksum.</summary>
    internal static byte[] Rehash(byte[] bytes)
    {
        if (bytes.Length >= ModelFile.PreambleSize)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(16), (ulong)(bytes.Length - ModelFile.PreambleSize));
            SHA256.HashData(bytes.AsSpan(ModelFile.PreambleSize), bytes.AsSpan(24, 32));
        }
        return bytes;
    }

    internal static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
