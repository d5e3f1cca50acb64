using TorchSharp;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// An autoencoder over flat feature rows: <see cref="Encode"/> maps a batch n × <see cref="InputSize"/> to the
/// embedding n × <see cref="EmbeddingSize"/>, <see cref="Decode"/> maps it back. Image networks reshape internally, so
/// every autoencoder reads and writes the same row layout as <see cref="Data.Dataset"/>. The deep clustering methods
/// build on this contract: they call <see cref="Encode"/>/<see cref="Decode"/> inside their own batch losses.
/// </summary>
public abstract class Autoencoder : nn.Module<TorchTensor, TorchTensor>
{
    /// <summary>Creates the module; derived classes build their layers and then call <c>RegisterComponents()</c>.</summary>
    protected Autoencoder(string name) : base(name)
    {
    }

    /// <summary>Features per input row.</summary>
    public abstract int InputSize { get; }

    /// <summary>Dimension of the embedding (the code).</summary>
    public abstract int EmbeddingSize { get; }

    /// <summary>The options this network was built from (saved in model files to rebuild it).</summary>
    public abstract AutoencoderOptions Options { get; }

    /// <summary>The embedding of a batch: n × <see cref="InputSize"/> → n × <see cref="EmbeddingSize"/>.</summary>
    public abstract TorchTensor Encode(TorchTensor input);

    /// <summary>The reconstruction of a batch of embeddings in data space: n × <see cref="EmbeddingSize"/> → n × <see cref="InputSize"/>.</summary>
    public abstract TorchTensor Decode(TorchTensor embedding);

    /// <summary>Reconstruction of a batch: <c>Decode(Encode(input))</c>.</summary>
    public override TorchTensor forward(TorchTensor input) => Decode(Encode(input));

    /// <summary>
    /// The pretraining loss of one batch (a scalar). The default is the mean squared error over all values, as Keras'
    /// <c>mse</c> in the deep clustering references; denoising and variational networks override it (input corruption
    /// while training, the negative ELBO).
    /// </summary>
    public virtual TorchTensor PretrainingLoss(TorchTensor input) => nn.functional.mse_loss(forward(input), input);

    /// <summary>
    /// Whether <see cref="Decode"/> exists: true for autoencoders, false for encoders trained otherwise
    /// (<see cref="ContrastiveEncoder"/>), which cannot reconstruct or serve methods with a reconstruction loss.
    /// </summary>
    public virtual bool HasDecoder => true;

    /// <summary>Number of trainable values.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}
