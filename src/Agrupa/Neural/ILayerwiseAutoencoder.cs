using TorchSharp;
using TorchSharp.Modules;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// An autoencoder made of stacked layers that can be trained one at a time (greedy layer-wise pretraining, Bengio et
/// al., NIPS 2006; as DEC's and DCN's reference code): encoder layer i maps the code of layer i − 1 to its own, and its
/// mirror decoder layer maps that back. <see cref="LayerwisePretraining"/> uses it.
/// </summary>
internal interface ILayerwiseAutoencoder
{
    /// <summary>Number of encoder layers (input → first hidden is layer 0, the last one gives the embedding).</summary>
    int LayerCount { get; }

    /// <summary>Encoder layer <paramref name="layer"/> with its activation, applied to the code of the layer below.</summary>
    TorchTensor EncodeLayer(int layer, TorchTensor below);

    /// <summary>The decoder layer mirroring encoder layer <paramref name="layer"/>, with its activation: back to the code below.</summary>
    TorchTensor DecodeLayer(int layer, TorchTensor code);

    /// <summary>The trainable values of encoder layer <paramref name="layer"/> and of its mirror decoder layer.</summary>
    IEnumerable<Parameter> LayerParameters(int layer);
}
