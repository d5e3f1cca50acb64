using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// One block of <see cref="ContrastiveEncoder"/>: a 3×3 convolution (padding 1, no bias), batch normalisation and ReLU,
/// computed in the channels-last layout (N×C×H×W tensors whose channel stride is 1). TorchSharp cannot ask for that
/// layout, but libtorch follows it from the convolution's weight: giving the convolution a channels-last view of its
/// weight makes oneDNN compute and return channels-last activations, and batch normalisation, ReLU, max-pooling and the
/// next block keep them. In libtorch's default layout max-pooling was the slowest step of the encoder (PyTorch's
/// pooling with indices walks each channel's plane; its channels-last kernel vectorises over channels): 46 and 24 ms
/// for the two pools of a 256-image view at 1 thread against 6.5 and 2.6 ms channels-last, and a whole training step
/// 1.2× faster (BENCHMARKS.md, session 21).
/// A one-channel input (grey images) is ambiguous to libtorch, which then keeps the default layout, so that
/// convolution is computed as a product of the 3×3 patches (unfold) with the weight, which yields channels-last
/// output directly and is also faster than oneDNN's one-channel kernel. The parameters and their names are those of
/// a <see cref="Conv2d"/> and a <see cref="BatchNorm2d"/> (<c>conv.weight</c>, <c>norm.weight</c>, …), so model files
/// are unchanged; the values agree with the default-layout computation up to float rounding.
/// </summary>
internal sealed class ChannelsLastConvolutionBlock : nn.Module<TorchTensor, TorchTensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d norm;

    /// <summary>A block from <paramref name="inputs"/> to <paramref name="outputs"/> channels, with torch's default initial weights.</summary>
    public ChannelsLastConvolutionBlock(int inputs, int outputs) : base(nameof(ChannelsLastConvolutionBlock))
    {
        conv = nn.Conv2d(inputs, outputs, 3, padding: 1, bias: false);
        norm = nn.BatchNorm2d(outputs);
        RegisterComponents();
    }

    /// <summary>Convolution, batch normalisation and ReLU of N×C×H×W images; the result is channels-last.</summary>
    public override TorchTensor forward(TorchTensor input)
    {
        TorchTensor weight = conv.weight!;
        TorchTensor output;
        if (input.shape[1] == 1)
        {
            long n = input.shape[0], height = input.shape[2], width = input.shape[3], channels = weight.shape[0];
            // unfold gives N × 9 × (H·W) patches; (H·W × 9) · (9 × C) per image is N×H×W×C, channels-last once permuted.
            TorchTensor patches = nn.functional.unfold(input, 3, padding: 1).transpose(1, 2);
            output = patches.matmul(weight.view(channels, -1).t()).view(n, height, width, channels).permute(0, 3, 1, 2);
        }
        else
        {
            output = nn.functional.conv2d(input, ChannelsLast(weight), padding: [1L, 1L]);
        }
        return nn.functional.relu(norm.forward(output));
    }

    /// <summary>The same values in the channels-last layout (a copy; gradients flow back through it).</summary>
    private static TorchTensor ChannelsLast(TorchTensor tensor) => tensor.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
}
