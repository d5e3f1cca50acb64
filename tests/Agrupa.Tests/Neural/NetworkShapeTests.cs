using Agrupa.Data;
using Agrupa.Neural;
using TorchSharp;

namespace Agrupa.Tests.Neural;

public sealed class NetworkShapeTests
{
    [Theory]
    [InlineData(1, 28, 28, 3)]
    [InlineData(1, 16, 16, 2)]
    [InlineData(3, 32, 32, 4)]
    [InlineData(1, 8, 8, 1)]
    [InlineData(1, 28, 20, 3)]
    public void ConvolutionalAutoencoderReturnsTheInputShapeExactly(int channels, int height, int width, int bottleneck)
    {
        using var scope = torch.NewDisposeScope();
        var image = new ImageShape(channels, height, width);
        using var network = (ConvolutionalAutoencoder)new ConvolutionalAutoencoderOptions { Image = image }.Build(1);
        var x = torch.rand(5, image.Size);
        var z = network.Encode(x);
        Assert.Equal(new long[] { 5, 10 }, z.shape);
        Assert.Equal(new long[] { 5, image.Size }, network.Decode(z).shape);
        if (height == width) Assert.Equal(new long[] { 128, bottleneck, bottleneck }, network.BottleneckShape);
    }

    [Fact]
    public void DcecGeometryFollowsTheKerasPaddingRule()
    {
        // 28 → 14 → 7 → 3 ('valid' last, 28 % 8 != 0); 16 → 8 → 4 → 2 ('same' last).
        Assert.Equal(new[] { 14, 7, 3 }, ConvolutionGeometry.Plan(28, [5, 5, 3], "h").Select(l => l.Output));
        Assert.Equal(new[] { 8, 4, 2 }, ConvolutionGeometry.Plan(16, [5, 5, 3], "h").Select(l => l.Output));
        Assert.Equal(new[] { 16, 8, 4 }, ConvolutionGeometry.Plan(32, [5, 5, 3], "h").Select(l => l.Output));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvolutionGeometry.Plan(3, [5, 5, 3], "h"));
    }

    [Fact]
    public void DenseAutoencoderHasTheDecArchitecture()
    {
        using var network = (DenseAutoencoder)new DenseAutoencoderOptions { Inputs = 784 }.Build(1);
        var shapes = network.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        Assert.Equal(new long[] { 500, 784 }, shapes["encoder.0.weight"]);
        Assert.Equal(new long[] { 10, 2000 }, shapes["encoder.6.weight"]);
        Assert.Equal(new long[] { 2000, 10 }, shapes["decoder.0.weight"]);
        Assert.Equal(new long[] { 784, 500 }, shapes["decoder.6.weight"]);
        // 784·500+500 + 500·500+500 + 500·2000+2000 + 2000·10+10, twice mirrored.
        Assert.Equal(2L * (784 * 500 + 500 * 500 + 500 * 2000 + 2000 * 10) + 500 + 500 + 2000 + 10 + 2000 + 500 + 500 + 784, network.ParameterCount);
    }

    [Fact]
    public void TiedDenseAutoencoderHasDcnsReferenceArchitecture()
    {
        using var scope = torch.NewDisposeScope();
        using var network = (TiedDenseAutoencoder)new TiedDenseAutoencoderOptions { Inputs = 784, EmbeddingSize = 50 }.Build(1);
        var shapes = network.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        Assert.Equal(new long[] { 2000, 784 }, shapes["encoder.0.weight"]);
        Assert.Equal(new long[] { 50, 250 }, shapes["encoder.5.weight"]);
        Assert.Equal(new long[] { 50 }, shapes["centering.5.running_mean"]);
        Assert.Equal(new long[] { 784 }, shapes["decoder_bias.0"]);
        Assert.DoesNotContain(shapes.Keys, k => k.StartsWith("decoder.", StringComparison.Ordinal));
        // One weight matrix per layer (tied), encoder and decoder biases, and a scale and shift per encoder unit.
        long[] sizes = [784, 2000, 1000, 500, 500, 250, 50];
        long expected = 0;
        for (int i = 0; i + 1 < sizes.Length; i++) expected += sizes[i] * sizes[i + 1] + sizes[i + 1] + sizes[i] + 2 * sizes[i + 1];
        Assert.Equal(expected, network.ParameterCount);

        // The decoder trains the encoder's weights; codes and reconstructions are non-negative (ReLU everywhere).
        var x = torch.rand(8, 784);
        var z = network.Encode(x);
        Assert.True(z.min().item<float>() >= 0);
        var reconstruction = network.Decode(z.detach());
        Assert.True(reconstruction.min().item<float>() >= 0);
        reconstruction.sum().backward();
        Assert.True(network.state_dict()["encoder.0.weight"].grad is { } grad && grad.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void MeanCenteringUsesTheBatchMeanWhileTrainingAndTheRunningMeanAfter()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new MeanCentering(3, momentum: 0.1);
        var x = torch.tensor(new float[] { 1, 2, 3, 3, 6, 9 }, 2, 3);
        layer.train();
        float[] centred = layer.forward(x).data<float>().ToArray();
        Assert.Equal(new float[] { -1, -2, -3, 1, 2, 3 }, centred);                     // mean (2, 4, 6) removed, no division
        Assert.Equal(new float[] { 0.2f, 0.4f, 0.6f }, layer.state_dict()["running_mean"].data<float>().ToArray());
        layer.eval();
        float[] inferred = layer.forward(x).data<float>().ToArray();
        Assert.Equal(new float[] { 0.8f, 1.6f, 2.4f, 2.8f, 5.6f, 8.4f }, inferred.Select(v => MathF.Round(v, 5)).ToArray());
    }

    [Fact]
    public void GlorotInitialisationHasZeroBiasesAndTheKerasLimit()
    {
        using var network = (DenseAutoencoder)new DenseAutoencoderOptions { Inputs = 784 }.Build(7);
        var state = network.state_dict();
        Assert.Equal(0f, state["encoder.0.bias"].abs().max().item<float>());
        float limit = (float)Math.Sqrt(6.0 / (784 + 500));
        float max = state["encoder.0.weight"].abs().max().item<float>();
        Assert.InRange(max, limit * 0.99f, limit);
        using var torchDefault = (DenseAutoencoder)new DenseAutoencoderOptions { Inputs = 784, Initialization = WeightInitialization.TorchDefault }.Build(7);
        Assert.True(torchDefault.state_dict()["encoder.0.bias"].abs().max().item<float>() > 0);
    }

    [Fact]
    public void VariationalAutoencoderEncodesMeanAndDecodesProbabilities()
    {
        using var scope = torch.NewDisposeScope();
        using var network = (VariationalAutoencoder)new VariationalAutoencoderOptions { Inputs = 20, HiddenSizes = [16], EmbeddingSize = 4 }.Build(2);
        var x = torch.rand(6, 20);
        var (mean, logVariance) = network.EncodeDistribution(x);
        Assert.Equal(new long[] { 6, 4 }, mean.shape);
        Assert.Equal(new long[] { 6, 4 }, logVariance.shape);
        Assert.Equal(0f, (mean - network.Encode(x)).abs().max().item<float>());
        var reconstruction = network.Decode(mean);
        Assert.True(reconstruction.min().item<float>() >= 0 && reconstruction.max().item<float>() <= 1);
        // KL of N(0, 1) to N(0, 1) is 0; of N(1, 1) is ½ per dimension.
        Assert.Equal(0f, VariationalAutoencoder.KullbackLeiblerToStandardNormal(torch.zeros(1, 4), torch.zeros(1, 4)).item<float>(), 6);
        Assert.Equal(2f, VariationalAutoencoder.KullbackLeiblerToStandardNormal(torch.ones(1, 4), torch.zeros(1, 4)).item<float>(), 5);
    }

    [Fact]
    public void InvalidOptionsNameTheOption()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DenseAutoencoderOptions { Inputs = 0 }.Build(0));
        Assert.Equal("Inputs", error.ParamName);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new DenseAutoencoderOptions { Inputs = 4, Corruption = InputCorruption.Masking, CorruptionLevel = 1 }.Build(0));
        Assert.Equal("CorruptionLevel", error.ParamName);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new ConvolutionalAutoencoderOptions { Image = new ImageShape(1, 28, 28), KernelSizes = [5, 5] }.Build(0));
        Assert.Equal("KernelSizes", error.ParamName);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new ConvolutionalAutoencoderOptions { Image = new ImageShape(1, 20, 24) }.Build(0));
        Assert.Equal("Image", error.ParamName);
    }
}
