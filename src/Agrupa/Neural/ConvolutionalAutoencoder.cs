using Agrupa.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// DCEC's convolutional autoencoder (see <see cref="ConvolutionalAutoencoderOptions"/>). Rows are flat C·H·W images;
/// the network reshapes them to N×C×H×W, and <see cref="Decode"/> returns flat rows again.
/// </summary>
public sealed class ConvolutionalAutoencoder : Autoencoder
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;
    private readonly ConvolutionalAutoencoderOptions _options;
    private readonly long[] _bottleneck;

    /// <summary>Builds the network; prefer <see cref="AutoencoderOptions.Build"/>, which seeds the initial weights.</summary>
    public ConvolutionalAutoencoder(ConvolutionalAutoencoderOptions options) : base(nameof(ConvolutionalAutoencoder))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        ImageShape image = options.Image;
        var rows = ConvolutionGeometry.Plan(image.Height, options.KernelSizes, "Image.Height");
        var columns = ConvolutionGeometry.Plan(image.Width, options.KernelSizes, "Image.Width");
        int layers = options.Filters.Count;
        int lastFilters = options.Filters[layers - 1];
        _bottleneck = [lastFilters, rows[layers - 1].Output, columns[layers - 1].Output];
        int flat = lastFilters * rows[layers - 1].Output * columns[layers - 1].Output;

        var encoderLayers = new List<nn.Module<TorchTensor, TorchTensor>>();
        int channels = image.Channels;
        for (int i = 0; i < layers; i++)
        {
            long k = options.KernelSizes[i];
            encoderLayers.Add(nn.Conv2d(channels, options.Filters[i], (k, k), stride: (ConvolutionGeometry.Stride, ConvolutionGeometry.Stride),
                padding: (rows[i].Padding, columns[i].Padding)));
            encoderLayers.Add(nn.ReLU());
            channels = options.Filters[i];
        }
        encoderLayers.Add(nn.Flatten());
        encoderLayers.Add(nn.Linear(flat, options.EmbeddingSize));
        encoder = nn.Sequential(encoderLayers);

        var decoderLayers = new List<nn.Module<TorchTensor, TorchTensor>>
        {
            nn.Linear(options.EmbeddingSize, flat),
            nn.ReLU(),
            nn.Unflatten(1, _bottleneck),
        };
        for (int i = layers - 1; i >= 0; i--)
        {
            long k = options.KernelSizes[i];
            int outChannels = i == 0 ? image.Channels : options.Filters[i - 1];
            decoderLayers.Add(nn.ConvTranspose2d(options.Filters[i], outChannels, (k, k),
                stride: (ConvolutionGeometry.Stride, ConvolutionGeometry.Stride),
                padding: (rows[i].TransposedPadding, columns[i].TransposedPadding),
                output_padding: (rows[i].OutputPadding, columns[i].OutputPadding)));
            if (i > 0) decoderLayers.Add(nn.ReLU());
        }
        decoder = nn.Sequential(decoderLayers);
        RegisterComponents();
        NetworkInitializer.Apply(this, options.Initialization);
    }

    /// <summary>The encoder (N×C×H×W images → N×embedding).</summary>
    public nn.Module<TorchTensor, TorchTensor> Encoder => encoder;

    /// <summary>The decoder (N×embedding → N×C×H×W images).</summary>
    public nn.Module<TorchTensor, TorchTensor> Decoder => decoder;

    /// <summary>Shape of the last convolution's output (filters, height, width), e.g. 128×3×3 for 28×28 inputs.</summary>
    public IReadOnlyList<long> BottleneckShape => _bottleneck;

    /// <inheritdoc />
    public override int InputSize => _options.Image.Size;

    /// <inheritdoc />
    public override int EmbeddingSize => _options.EmbeddingSize;

    /// <inheritdoc />
    public override AutoencoderOptions Options => _options;

    /// <inheritdoc />
    public override TorchTensor Encode(TorchTensor input)
    {
        ImageShape s = _options.Image;
        return encoder.forward(input.view(-1, s.Channels, s.Height, s.Width));
    }

    /// <inheritdoc />
    public override TorchTensor Decode(TorchTensor embedding) => decoder.forward(embedding).view(-1, _options.Image.Size);
}
