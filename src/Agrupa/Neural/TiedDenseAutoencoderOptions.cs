namespace Agrupa.Neural;

/// <summary>
/// The autoencoder of DCN's reference code (Yang, Fu, Sidiropoulos &amp; Hong, ICML 2017; boyangumn/DCN
/// <c>multi_layer_km.py</c>, REFERENCES.md §13): every encoder layer is linear → mean-only batch normalisation (the
/// batch mean subtracted, no division by the standard deviation, learned scale and shift) → ReLU, the embedding layer
/// included; the decoder reuses the encoder's weight matrices transposed (tied weights) with biases of its own and a
/// ReLU after every layer, the output included. Default d–2000–1000–500–500–250–e; the raw-MNIST run uses e = 50.
/// </summary>
public sealed record TiedDenseAutoencoderOptions : AutoencoderOptions
{
    /// <summary>Features per row d. At least 1.</summary>
    public required int Inputs { get; init; }

    /// <summary>Hidden layer widths of the encoder, mirrored by the tied decoder; 2000, 1000, 500, 500, 250 (DCN's raw-MNIST run).</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [2000, 1000, 500, 500, 250];

    /// <summary>Weight of the newest batch in the running means used at inference (as PyTorch's batch norm, 0.1).</summary>
    public double MeanMomentum { get; init; } = 0.1;

    /// <inheritdoc />
    public override int InputSize => Inputs;

    /// <inheritdoc />
    public override void Validate()
    {
        ValidateLayers(Inputs, HiddenSizes);
        if (!(MeanMomentum > 0 && MeanMomentum <= 1))
            throw new ArgumentOutOfRangeException(nameof(MeanMomentum), MeanMomentum, "Must be in (0, 1].");
    }

    /// <inheritdoc />
    private protected override Autoencoder Create() => new TiedDenseAutoencoder(this);

    /// <inheritdoc />
    public bool Equals(TiedDenseAutoencoderOptions? other) =>
        other is not null && base.Equals(other) && Inputs == other.Inputs && HiddenSizes.SequenceEqual(other.HiddenSizes) && MeanMomentum.Equals(other.MeanMomentum);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Inputs, HiddenSizes.Count, MeanMomentum);
}
