using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// Fully connected autoencoder (see <see cref="DenseAutoencoderOptions"/>): encoder d–500–500–2000–10 and the mirrored
/// decoder by default, ReLU between layers, linear embedding and linear output, trained with the mean squared error.
/// The weights are keyed <c>encoder.0.weight</c>, <c>encoder.0.bias</c>, <c>encoder.2.weight</c>, … as in PyTorch.
/// </summary>
public sealed class DenseAutoencoder : Autoencoder, ILayerwiseAutoencoder
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;
    private readonly Linear[] _encoderLayers;
    private readonly Linear[] _decoderLayers;
    private readonly DenseAutoencoderOptions _options;

    /// <summary>Builds the network; prefer <see cref="AutoencoderOptions.Build"/>, which seeds the initial weights.</summary>
    public DenseAutoencoder(DenseAutoencoderOptions options) : base(nameof(DenseAutoencoder))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        int[] sizes = [options.Inputs, .. options.HiddenSizes, options.EmbeddingSize];
        encoder = Stack(sizes);
        decoder = Stack(sizes.Reverse().ToArray());
        _encoderLayers = encoder.children().OfType<Linear>().ToArray();
        _decoderLayers = decoder.children().OfType<Linear>().ToArray();
        RegisterComponents();
        NetworkInitializer.Apply(this, options.Initialization);
    }

    /// <summary>The encoder as a module of its own (d → embedding).</summary>
    public nn.Module<TorchTensor, TorchTensor> Encoder => encoder;

    /// <summary>The decoder as a module of its own (embedding → d).</summary>
    public nn.Module<TorchTensor, TorchTensor> Decoder => decoder;

    /// <inheritdoc />
    public override int InputSize => _options.Inputs;

    /// <inheritdoc />
    public override int EmbeddingSize => _options.EmbeddingSize;

    /// <inheritdoc />
    public override AutoencoderOptions Options => _options;

    /// <inheritdoc />
    public override TorchTensor Encode(TorchTensor input) => encoder.forward(input);

    /// <inheritdoc />
    public override TorchTensor Decode(TorchTensor embedding) => decoder.forward(embedding);

    /// <inheritdoc />
    int ILayerwiseAutoencoder.LayerCount => _encoderLayers.Length;

    /// <inheritdoc />
    TorchTensor ILayerwiseAutoencoder.EncodeLayer(int layer, TorchTensor below)
    {
        TorchTensor code = _encoderLayers[layer].forward(below);
        return layer + 1 < _encoderLayers.Length ? nn.functional.relu(code) : code;
    }

    /// <inheritdoc />
    TorchTensor ILayerwiseAutoencoder.DecodeLayer(int layer, TorchTensor code)
    {
        // Encoder layer i is mirrored by decoder layer L − 1 − i; ReLU follows every decoder layer but the output one.
        TorchTensor below = _decoderLayers[_encoderLayers.Length - 1 - layer].forward(code);
        return layer > 0 ? nn.functional.relu(below) : below;
    }

    /// <inheritdoc />
    IEnumerable<Parameter> ILayerwiseAutoencoder.LayerParameters(int layer) =>
        _encoderLayers[layer].parameters().Concat(_decoderLayers[_encoderLayers.Length - 1 - layer].parameters());

    /// <summary>Mean squared error of the reconstruction of the (corrupted, while training) input against the clean input.</summary>
    public override TorchTensor PretrainingLoss(TorchTensor input)
    {
        TorchTensor source = input;
        if (training && _options.Corruption == InputCorruption.Masking && _options.CorruptionLevel > 0)
            source = nn.functional.dropout(input, _options.CorruptionLevel, training: true);
        else if (training && _options.Corruption == InputCorruption.Gaussian && _options.CorruptionLevel > 0)
            source = input + torch.randn_like(input) * _options.CorruptionLevel;
        return nn.functional.mse_loss(forward(source), input);
    }

    private static Sequential Stack(int[] sizes)
    {
        var layers = new List<nn.Module<TorchTensor, TorchTensor>>();
        for (int i = 0; i + 1 < sizes.Length; i++)
        {
            layers.Add(nn.Linear(sizes[i], sizes[i + 1]));
            if (i + 2 < sizes.Length) layers.Add(nn.ReLU());
        }
        return nn.Sequential(layers);
    }
}
