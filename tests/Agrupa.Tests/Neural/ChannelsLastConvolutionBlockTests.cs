using Agrupa.Neural;
using TorchSharp;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Tests.Neural;

public sealed class ChannelsLastConvolutionBlockTests
{
    /// <summary>
    /// The block computes what conv2d (3×3, padding 1, no bias), batch normalisation and ReLU compute in libtorch's
    /// default layout, forward and backward, for one input channel (the unfold product) and several (the channels-last
    /// convolution), and its output is channels-last (what makes the max-pooling after it fast).
    /// </summary>
    [Theory]
    [InlineData(1, 6)]
    [InlineData(5, 7)]
    public void MatchesTheDefaultLayoutBlockAndReturnsChannelsLast(int inputs, int outputs)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var block = new ChannelsLastConvolutionBlock(inputs, outputs);
        var parameters = block.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(["conv.weight", "norm.weight", "norm.bias"], parameters.Keys);
        Assert.Equal(["norm.running_mean", "norm.running_var", "norm.num_batches_tracked"], block.named_buffers().Select(b => b.name));
        using (torch.no_grad())
        {
            // Batch norm's affine parameters away from 1 and 0, so that they are exercised.
            parameters["norm.weight"].uniform_(0.5, 1.5);
            parameters["norm.bias"].uniform_(-0.5, 0.5);
        }
        TorchTensor input = torch.randn(4, inputs, 9, 11).requires_grad_(true);
        TorchTensor weight = parameters["conv.weight"].detach().clone().requires_grad_(true);
        TorchTensor gamma = parameters["norm.weight"].detach().clone().requires_grad_(true);
        TorchTensor beta = parameters["norm.bias"].detach().clone().requires_grad_(true);
        TorchTensor expectedInput = input.detach().clone().requires_grad_(true);

        TorchTensor output = block.forward(input);
        TorchTensor expected = nn.functional.relu(nn.functional.batch_norm(
            nn.functional.conv2d(expectedInput, weight, padding: [1L, 1L]), torch.zeros(outputs), torch.ones(outputs), gamma, beta, training: true));

        Assert.Equal(expected.shape, output.shape);
        Assert.Equal(1, output.stride(1));
        Assert.True(output.allclose(expected, rtol: 1e-4, atol: 1e-5), $"largest difference {(output - expected).abs().max().item<float>()}");

        TorchTensor upstream = torch.randn(expected.shape);
        torch.autograd.backward([output], [upstream]);
        torch.autograd.backward([expected], [upstream]);
        AssertClose(weight.grad!, parameters["conv.weight"].grad!, "conv weight");
        AssertClose(gamma.grad!, parameters["norm.weight"].grad!, "norm weight");
        AssertClose(beta.grad!, parameters["norm.bias"].grad!, "norm bias");
        AssertClose(expectedInput.grad!, input.grad!, "input");
    }

    private static void AssertClose(TorchTensor expected, TorchTensor actual, string what) =>
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-4), $"{what}: largest difference {(actual - expected).abs().max().item<float>()}");
}
