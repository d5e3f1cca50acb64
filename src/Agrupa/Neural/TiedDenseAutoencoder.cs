using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// DCN's reference autoencoder (see <see cref="TiedDenseAutoencoderOptions"/>): encoder layers linear → mean centring
/// → ReLU; the decoder multiplies by the encoder's weights transposed, adds its own bias and applies ReLU, layer by
/// layer back to the input. Weights are keyed <c>encoder.i.weight</c>/<c>encoder.i.bias</c>,
/// <c>centering.i.scale</c>/<c>.shift</c>/<c>.running_mean</c> and <c>decoder_bias.i</c> (i = encoder layer).
/// </summary>
public sealed class TiedDenseAutoencoder : Autoencoder, ILayerwiseAutoencoder
{
    private readonly ModuleList<Linear> encoder;
    private readonly ModuleList<MeanCentering> centering;
    private readonly ParameterList decoder_bias;
    private readonly TiedDenseAutoencoderOptions _options;

    /// <summary>Builds the network; prefer <see cref="AutoencoderOptions.Build"/>, which seeds the initial weights.</summary>
    public TiedDenseAutoencoder(TiedDenseAutoencoderOptions options) : base(nameof(TiedDenseAutoencoder))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        int[] sizes = [options.Inputs, .. options.HiddenSizes, options.EmbeddingSize];
        encoder = new ModuleList<Linear>();
        centering = new ModuleList<MeanCentering>();
        decoder_bias = new ParameterList();
        for (int i = 0; i + 1 < sizes.Length; i++)
        {
            encoder.Add(nn.Linear(sizes[i], sizes[i + 1]));
            centering.Add(new MeanCentering(sizes[i + 1], options.MeanMomentum));
            decoder_bias.Add(new Parameter(torch.zeros(sizes[i])));
        }
        RegisterComponents();
        NetworkInitializer.Apply(this, options.Initialization);
    }

    /// <inheritdoc />
    public override int InputSize => _options.Inputs;

    /// <inheritdoc />
    public override int EmbeddingSize => _options.EmbeddingSize;

    /// <inheritdoc />
    public override AutoencoderOptions Options => _options;

    /// <inheritdoc />
    public override TorchTensor Encode(TorchTensor input)
    {
        TorchTensor h = input;
        for (int i = 0; i < encoder.Count; i++) h = EncodeLayer(i, h);
        return h;
    }

    /// <inheritdoc />
    public override TorchTensor Decode(TorchTensor embedding)
    {
        TorchTensor h = embedding;
        for (int i = encoder.Count - 1; i >= 0; i--) h = DecodeLayer(i, h);
        return h;
    }

    /// <inheritdoc />
    int ILayerwiseAutoencoder.LayerCount => encoder.Count;

    /// <inheritdoc />
    TorchTensor ILayerwiseAutoencoder.EncodeLayer(int layer, TorchTensor below) => EncodeLayer(layer, below);

    /// <inheritdoc />
    TorchTensor ILayerwiseAutoencoder.DecodeLayer(int layer, TorchTensor code) => DecodeLayer(layer, code);

    /// <inheritdoc />
    IEnumerable<Parameter> ILayerwiseAutoencoder.LayerParameters(int layer) =>
        encoder[layer].parameters().Concat(centering[layer].parameters()).Append(decoder_bias[layer]);

    private TorchTensor EncodeLayer(int layer, TorchTensor below) => nn.functional.relu(centering[layer].forward(encoder[layer].forward(below)));

    private TorchTensor DecodeLayer(int layer, TorchTensor code) => nn.functional.relu(nn.functional.linear(code, encoder[layer].weight.t(), decoder_bias[layer]));
}
