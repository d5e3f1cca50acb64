namespace Agrupa.Neural;

/// <summary>Which autoencoder an <see cref="AutoencoderReducer"/> builds when no explicit options are given.</summary>
public enum AutoencoderArchitecture
{
    /// <summary><see cref="DenseAutoencoder"/> d–500–500–2000–e (DEC, IDEC, N2D).</summary>
    Dense,

    /// <summary><see cref="ConvolutionalAutoencoder"/> of DCEC; the data must be images (or square single-channel rows).</summary>
    Convolutional,

    /// <summary><see cref="VariationalAutoencoder"/> d–500–500–2000–e with a Bernoulli decoder (VaDE); the embedding is μ(x).</summary>
    Variational,

    /// <summary><see cref="TiedDenseAutoencoder"/> d–2000–1000–500–500–250–e: DCN's reference network (mean-centred layers, tied weights).</summary>
    DenseTied,

    /// <summary>
    /// <see cref="ContrastiveEncoder"/>: a convolutional encoder trained by SimCLR's contrastive loss, 128 features, no
    /// decoder; the data must be images. Serves two-stage clustering and N2D, not the methods with a reconstruction loss.
    /// </summary>
    Contrastive,
}
