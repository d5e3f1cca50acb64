using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// Batch normalisation without the division by the standard deviation, as DCN's reference layers (REFERENCES.md §13):
/// y = γ ⊙ (x − mean) + β with the batch mean while training and a running mean (momentum as PyTorch's batch norm) at
/// inference. Weights are keyed <c>scale</c>, <c>shift</c> and the buffer <c>running_mean</c>.
/// </summary>
internal sealed class MeanCentering : nn.Module<TorchTensor, TorchTensor>
{
    private readonly Parameter scale;
    private readonly Parameter shift;
    private readonly TorchTensor running_mean;
    private readonly double _momentum;

    public MeanCentering(int features, double momentum) : base(nameof(MeanCentering))
    {
        _momentum = momentum;
        scale = new Parameter(torch.ones(features));
        shift = new Parameter(torch.zeros(features));
        running_mean = torch.zeros(features);
        RegisterComponents();
    }

    public override TorchTensor forward(TorchTensor input)
    {
        if (!training) return (input - running_mean) * scale + shift;
        TorchTensor mean = input.mean([0]);
        using (torch.no_grad()) running_mean.mul_(1 - _momentum).add_(mean.detach(), alpha: _momentum);
        return (input - mean) * scale + shift;
    }
}
