namespace Agrupa.Neural;

/// <summary>
/// A dense variational autoencoder (Kingma &amp; Welling, ICLR 2014) with a Gaussian encoder q(z|x) = N(μ(x), diag σ²(x))
/// and a Bernoulli or Gaussian decoder. The default d–500–500–2000–10 with ReLU and a sigmoid output is VaDE's MNIST
/// configuration (Jiang et al., IJCAI 2017; slim1017/VaDE, REFERENCES.md §15).
/// </summary>
public sealed record VariationalAutoencoderOptions : AutoencoderOptions
{
    /// <summary>Features per row d. At least 1.</summary>
    public required int Inputs { get; init; }

    /// <summary>Hidden layer widths of the encoder, mirrored in the decoder. Default 500, 500, 2000 (VaDE).</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [500, 500, 2000];

    /// <summary>The decoder's likelihood; Bernoulli (sigmoid output, data in [0, 1]) by default, as VaDE.</summary>
    public ReconstructionDistribution Reconstruction { get; init; } = ReconstructionDistribution.Bernoulli;

    /// <inheritdoc />
    public override int InputSize => Inputs;

    /// <inheritdoc />
    public override void Validate()
    {
        ValidateLayers(Inputs, HiddenSizes);
        ArgumentOutOfRangeException.ThrowIfLessThan(HiddenSizes.Count, 1, nameof(HiddenSizes));
    }

    /// <inheritdoc />
    private protected override Autoencoder Create() => new VariationalAutoencoder(this);

    /// <inheritdoc />
    public bool Equals(VariationalAutoencoderOptions? other) =>
        other is not null && base.Equals(other) && Inputs == other.Inputs && HiddenSizes.SequenceEqual(other.HiddenSizes) && Reconstruction == other.Reconstruction;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Inputs, HiddenSizes.Count, Reconstruction);
}
