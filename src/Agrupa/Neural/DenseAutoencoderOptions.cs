namespace Agrupa.Neural;

/// <summary>
/// A fully connected autoencoder d–h₁–…–h_k–e with ReLU on the hidden layers and a linear embedding and output. The
/// default d–500–500–2000–10 is the architecture of DEC (Xie, Girshick &amp; Farhadi, ICML 2016), also used by IDEC, DCN
/// variants, Deep k-Means and N2D (REFERENCES.md §9).
/// </summary>
public sealed record DenseAutoencoderOptions : AutoencoderOptions
{
    /// <summary>Features per row d (784 for 28×28 images). At least 1.</summary>
    public required int Inputs { get; init; }

    /// <summary>Hidden layer widths of the encoder, mirrored in the decoder. Default 500, 500, 2000 (DEC).</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [500, 500, 2000];

    /// <summary>Corruption of the input while pretraining (denoising autoencoder); none by default.</summary>
    public InputCorruption Corruption { get; init; } = InputCorruption.None;

    /// <summary>Masking probability in [0, 1) or Gaussian standard deviation ≥ 0; DEC's dropout is 0.2.</summary>
    public double CorruptionLevel { get; init; } = 0.2;

    /// <inheritdoc />
    public override int InputSize => Inputs;

    /// <inheritdoc />
    public override void Validate()
    {
        ValidateLayers(Inputs, HiddenSizes);
        if (Corruption == InputCorruption.Masking && CorruptionLevel is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(CorruptionLevel), CorruptionLevel, "A masking probability must be in [0, 1).");
        if (Corruption == InputCorruption.Gaussian && !(CorruptionLevel >= 0 && double.IsFinite(CorruptionLevel)))
            throw new ArgumentOutOfRangeException(nameof(CorruptionLevel), CorruptionLevel, "A Gaussian noise level must be finite and ≥ 0.");
    }

    /// <inheritdoc />
    private protected override Autoencoder Create() => new DenseAutoencoder(this);

    /// <inheritdoc />
    public bool Equals(DenseAutoencoderOptions? other) =>
        other is not null && base.Equals(other) && Inputs == other.Inputs && HiddenSizes.SequenceEqual(other.HiddenSizes)
        && Corruption == other.Corruption && CorruptionLevel.Equals(other.CorruptionLevel);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Inputs, HiddenSizes.Count, Corruption, CorruptionLevel);
}
