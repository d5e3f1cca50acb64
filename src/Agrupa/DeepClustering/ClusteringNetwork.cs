using Agrupa.Neural;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.DeepClustering;

/// <summary>
/// An autoencoder with learnable cluster centres (DEC's "clustering layer", DKM's representatives): one module, so the
/// trainer optimises network and centres together. Field names are the keys of saved weights.
/// </summary>
internal sealed class ClusteringNetwork : nn.Module<TorchTensor, TorchTensor>
{
    private readonly Autoencoder autoencoder;
    private readonly Parameter centers;

    public ClusteringNetwork(Autoencoder network, float[] initialCenters, int clusters, bool trainCenters = true) : base(nameof(ClusteringNetwork))
    {
        autoencoder = network;
        var device = network.parameters().First().device;
        centers = new Parameter(torch.tensor(initialCenters, new long[] { clusters, network.EmbeddingSize }).to(device), requires_grad: trainCenters);
        RegisterComponents();
    }

    public Autoencoder Autoencoder => autoencoder;

    public Parameter Centers => centers;

    public override TorchTensor forward(TorchTensor input) => autoencoder.Encode(input);
}
