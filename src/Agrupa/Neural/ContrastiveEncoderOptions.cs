using Agrupa.Data;

namespace Agrupa.Neural;

/// <summary>
/// An image encoder trained by instance discrimination, SimCLR (Chen, Kornblith, Norouzi &amp; Hinton, "A Simple
/// Framework for Contrastive Learning of Visual Representations", ICML 2020): two random augmentations of each image
/// pass through the encoder and a projection head, and the NT-Xent loss pulls the pair together against the other
/// 2(n − 1) views of the batch. The encoder is four 3×3 convolution blocks with batch normalisation (w, 2w, 4w, 4w
/// channels, max-pooling after the first two, global average pooling) and a linear layer to the features; the features
/// are L2-normalised. It has no decoder: it serves two-stage clustering (k-means, or N2D's UMAP + GMM, on the features),
/// not the methods with a reconstruction loss. Defaults are the settings of <c>bench/deep/contrastive-probe.py</c>
/// (docs/methods/contrastive.md), sized for 28×28 grey images.
/// </summary>
public sealed record ContrastiveEncoderOptions : AutoencoderOptions
{
    /// <summary>
    /// Creates options with 128 features (the probe's; SimCLR's CIFAR projection is 128-D) and torch's default
    /// initial weights (the probe's, and SimCLR's reference code's).
    /// </summary>
    public ContrastiveEncoderOptions()
    {
        EmbeddingSize = DefaultFeatures;
        Initialization = WeightInitialization.TorchDefault;
    }

    /// <summary>The default <see cref="AutoencoderOptions.EmbeddingSize"/>: 128 features.</summary>
    public const int DefaultFeatures = 128;

    /// <summary>Shape of one input image (channels × height × width), stored channel-major in the feature rows; at least 4×4.</summary>
    public required ImageShape Image { get; init; }

    /// <summary>Channels of the first convolution block (the others have 2, 4 and 4 times as many); 32.</summary>
    public int Width { get; init; } = 32;

    /// <summary>Output size of the projection head (ReLU, linear, ReLU, linear) the loss is computed on; 64.</summary>
    public int ProjectionSize { get; init; } = 64;

    /// <summary>Temperature τ of the NT-Xent loss; 0.5 (SimCLR's CIFAR-10 setting, Chen et al. 2020 §B.9).</summary>
    public double Temperature { get; init; } = 0.5;

    /// <summary>
    /// Smallest area of the random resized crop, as a fraction of the image; 0.5 (SimCLR uses 0.08 on ImageNet-sized
    /// images; on 28×28 images crops that small leave too little of the object).
    /// </summary>
    public double CropMinimumArea { get; init; } = 0.5;

    /// <summary>Whether views are flipped left–right with probability ½; true.</summary>
    public bool HorizontalFlip { get; init; } = true;

    /// <summary>Brightness jitter: a value drawn from ±this range is added to every pixel of a view; 0.2.</summary>
    public double Brightness { get; init; } = 0.2;

    /// <summary>Contrast jitter: deviations from a view's mean are scaled by a factor drawn from 1 ± this; 0.4.</summary>
    public double Contrast { get; init; } = 0.4;

    /// <summary>Probability that a square of side 5–13 pixels (scaled to the image) is set to 0 (random erasing, Zhong et al. 2020); 0.5.</summary>
    public double ErasingProbability { get; init; } = 0.5;

    /// <inheritdoc />
    public override int InputSize => Image.Size;

    /// <inheritdoc />
    public override void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Image.Channels, 1, nameof(Image));
        if (Image.Height < 4 || Image.Width < 4)
            throw new ArgumentOutOfRangeException(nameof(Image), Image, "The contrastive encoder pools twice by 2: images must be at least 4×4.");
        ArgumentOutOfRangeException.ThrowIfLessThan(EmbeddingSize, 1, nameof(EmbeddingSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 1, nameof(Width));
        ArgumentOutOfRangeException.ThrowIfLessThan(ProjectionSize, 1, nameof(ProjectionSize));
        if (!(Temperature > 0)) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Must be > 0.");
        if (!(CropMinimumArea > 0 && CropMinimumArea <= 1))
            throw new ArgumentOutOfRangeException(nameof(CropMinimumArea), CropMinimumArea, "Must be in (0, 1].");
        if (!(Brightness >= 0)) throw new ArgumentOutOfRangeException(nameof(Brightness), Brightness, "Must be ≥ 0.");
        if (!(Contrast >= 0 && Contrast < 1)) throw new ArgumentOutOfRangeException(nameof(Contrast), Contrast, "Must be in [0, 1).");
        if (!(ErasingProbability >= 0 && ErasingProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(ErasingProbability), ErasingProbability, "Must be in [0, 1].");
    }

    /// <inheritdoc />
    private protected override Autoencoder Create() => new ContrastiveEncoder(this);
}
