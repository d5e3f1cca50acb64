using Agrupa.Data;

namespace Agrupa.Neural;

/// <summary>
/// The convolutional autoencoder of DCEC (Guo, Liu, Zhu &amp; Yin, ICONIP 2017; XifengGuo/DCEC ConvAE.py): three
/// stride-2 convolutions (32@5×5, 64@5×5, 128@3×3, ReLU), a linear dense layer to the embedding, and the mirror image
/// back (dense + ReLU, transposed convolutions, linear output). The shapes are computed from <see cref="Image"/>:
/// 28×28 → 14 → 7 → 3, 16×16 → 8 → 4 → 2, 32×32 → 16 → 8 → 4.
/// </summary>
public sealed record ConvolutionalAutoencoderOptions : AutoencoderOptions
{
    /// <summary>Shape of one input image (channels × height × width), stored channel-major in the feature rows.</summary>
    public required ImageShape Image { get; init; }

    /// <summary>Filters of the convolutions, in order. Default 32, 64, 128 (DCEC).</summary>
    public IReadOnlyList<int> Filters { get; init; } = [32, 64, 128];

    /// <summary>Kernel sizes of the convolutions, in order (same count as <see cref="Filters"/>). Default 5, 5, 3 (DCEC).</summary>
    public IReadOnlyList<int> KernelSizes { get; init; } = [5, 5, 3];

    /// <inheritdoc />
    public override int InputSize => Image.Size;

    /// <inheritdoc />
    public override void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Image.Channels, 1, nameof(Image));
        ArgumentOutOfRangeException.ThrowIfLessThan(EmbeddingSize, 1, nameof(EmbeddingSize));
        ArgumentNullException.ThrowIfNull(Filters, nameof(Filters));
        ArgumentNullException.ThrowIfNull(KernelSizes, nameof(KernelSizes));
        ArgumentOutOfRangeException.ThrowIfLessThan(Filters.Count, 1, nameof(Filters));
        if (KernelSizes.Count != Filters.Count)
            throw new ArgumentOutOfRangeException(nameof(KernelSizes), KernelSizes.Count, $"Expected one kernel size per convolution ({Filters.Count}).");
        foreach (int f in Filters) ArgumentOutOfRangeException.ThrowIfLessThan(f, 1, nameof(Filters));
        foreach (int k in KernelSizes) ArgumentOutOfRangeException.ThrowIfLessThan(k, 1, nameof(KernelSizes));
        var rows = ConvolutionGeometry.Plan(Image.Height, KernelSizes, nameof(Image) + ".Height");
        var columns = ConvolutionGeometry.Plan(Image.Width, KernelSizes, nameof(Image) + ".Width");
        // TorchSharp 0.107's ConvTranspose2d applies the first output padding to both axes: refuse shapes that need two.
        for (int i = 0; i < rows.Length; i++)
            if (rows[i].OutputPadding != columns[i].OutputPadding)
                throw new ArgumentOutOfRangeException(nameof(Image), Image, $"Images of {Image.Height}×{Image.Width} need different output paddings per axis, which TorchSharp's transposed convolution does not support; use square images or sizes of the same parity pattern.");
    }

    /// <inheritdoc />
    private protected override Autoencoder Create() => new ConvolutionalAutoencoder(this);

    /// <inheritdoc />
    public bool Equals(ConvolutionalAutoencoderOptions? other) =>
        other is not null && base.Equals(other) && Image == other.Image && Filters.SequenceEqual(other.Filters) && KernelSizes.SequenceEqual(other.KernelSizes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Image, Filters.Count);
}
