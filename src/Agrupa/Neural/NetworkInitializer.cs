using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Agrupa.Neural;

/// <summary>Applies a <see cref="WeightInitialization"/> to the dense and (transposed) convolutional layers of a network.</summary>
internal static class NetworkInitializer
{
    public static void Apply(nn.Module module, WeightInitialization initialization)
    {
        if (initialization == WeightInitialization.TorchDefault) return;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            (Parameter? weight, Parameter? bias) = child switch
            {
                Linear linear => (linear.weight, linear.bias),
                Conv2d conv => (conv.weight, conv.bias),
                ConvTranspose2d deconv => (deconv.weight, deconv.bias),
                _ => (null, null),
            };
            if (weight is null) continue;
            if (initialization == WeightInitialization.GlorotUniform)
            {
                nn.init.xavier_uniform_(weight);
            }
            else
            {
                // Keras VarianceScaling(1/3, fan_in, uniform): limit = sqrt(3 · scale / fan_in) = sqrt(1 / fan_in).
                // Keras' fan_in of a (transposed) convolution is kernel area × input channels of the layer's own kernel
                // layout; for torch weights [out, in, kh, kw] (conv) and [in, out, kh, kw] (transposed) that is size(1)·kh·kw.
                long receptive = 1;
                for (int d = 2; d < weight.dim(); d++) receptive *= weight.shape[d];
                double limit = Math.Sqrt(1.0 / (weight.shape[1] * receptive));
                nn.init.uniform_(weight, -limit, limit);
            }
            if (bias is not null) nn.init.zeros_(bias);
        }
    }
}
