using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// Dense variational autoencoder (see <see cref="VariationalAutoencoderOptions"/>). The maths is split into the named
/// parts VaDE needs: <see cref="EncodeDistribution"/> (μ, log σ²), <see cref="Reparameterize"/>, <see cref="DecodeLogits"/>
/// and <see cref="ReconstructionNegativeLogLikelihood"/>; <see cref="Encode"/> returns μ, the deterministic embedding
/// (VaDE fits its initial GMM on z_mean).
/// </summary>
public sealed class VariationalAutoencoder : Autoencoder
{
    private readonly Sequential encoder;
    private readonly Linear mean;
    private readonly Linear logVariance;
    private readonly Sequential decoder;
    private readonly VariationalAutoencoderOptions _options;

    /// <summary>Builds the network; prefer <see cref="AutoencoderOptions.Build"/>, which seeds the initial weights.</summary>
    public VariationalAutoencoder(VariationalAutoencoderOptions options) : base(nameof(VariationalAutoencoder))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        var hidden = options.HiddenSizes;
        var encoderLayers = new List<nn.Module<TorchTensor, TorchTensor>>();
        int width = options.Inputs;
        foreach (int size in hidden)
        {
            encoderLayers.Add(nn.Linear(width, size));
            encoderLayers.Add(nn.ReLU());
            width = size;
        }
        encoder = nn.Sequential(encoderLayers);
        mean = nn.Linear(width, options.EmbeddingSize);
        logVariance = nn.Linear(width, options.EmbeddingSize);
        var decoderLayers = new List<nn.Module<TorchTensor, TorchTensor>>();
        width = options.EmbeddingSize;
        foreach (int size in hidden.Reverse())
        {
            decoderLayers.Add(nn.Linear(width, size));
            decoderLayers.Add(nn.ReLU());
            width = size;
        }
        decoderLayers.Add(nn.Linear(width, options.Inputs));
        decoder = nn.Sequential(decoderLayers);
        RegisterComponents();
        NetworkInitializer.Apply(this, options.Initialization);
    }

    /// <summary>The shared encoder trunk (d → last hidden layer); the heads are <see cref="EncodeDistribution"/>.</summary>
    public nn.Module<TorchTensor, TorchTensor> EncoderTrunk => encoder;

    /// <summary>The decoder up to its logits (embedding → d); <see cref="Decode"/> adds the output link.</summary>
    public nn.Module<TorchTensor, TorchTensor> Decoder => decoder;

    /// <inheritdoc />
    public override int InputSize => _options.Inputs;

    /// <inheritdoc />
    public override int EmbeddingSize => _options.EmbeddingSize;

    /// <inheritdoc />
    public override AutoencoderOptions Options => _options;

    /// <summary>The decoder's likelihood.</summary>
    public ReconstructionDistribution Reconstruction => _options.Reconstruction;

    /// <summary>Mean and log-variance of q(z|x), each n × embedding.</summary>
    public (TorchTensor Mean, TorchTensor LogVariance) EncodeDistribution(TorchTensor input)
    {
        using var trunk = encoder.forward(input);
        return (mean.forward(trunk), logVariance.forward(trunk));
    }

    /// <summary>One sample z = μ + exp(log σ² / 2) · ε, ε ~ N(0, I), drawn from torch's generator (the reparameterisation trick).</summary>
    public static TorchTensor Reparameterize(TorchTensor mean, TorchTensor logVariance) =>
        mean + torch.exp(logVariance * 0.5) * torch.randn_like(mean);

    /// <summary>The mean μ(x) of q(z|x): the deterministic embedding.</summary>
    public override TorchTensor Encode(TorchTensor input) => EncodeDistribution(input).Mean;

    /// <summary>The decoder's pre-activation output (logits for Bernoulli, the mean for Gaussian).</summary>
    public TorchTensor DecodeLogits(TorchTensor embedding) => decoder.forward(embedding);

    /// <summary>The expected reconstruction: sigmoid(logits) for Bernoulli, the linear output for Gaussian.</summary>
    public override TorchTensor Decode(TorchTensor embedding)
    {
        TorchTensor output = decoder.forward(embedding);
        return _options.Reconstruction == ReconstructionDistribution.Bernoulli ? torch.sigmoid(output) : output;
    }

    /// <summary>
    /// −log p(x|z) per row (a vector of n values), summed over the features: binary cross-entropy from the logits
    /// (Bernoulli; numerically stable) or half the squared error (unit-variance Gaussian, constants dropped).
    /// </summary>
    public TorchTensor ReconstructionNegativeLogLikelihood(TorchTensor logits, TorchTensor input) =>
        _options.Reconstruction == ReconstructionDistribution.Bernoulli
            ? nn.functional.binary_cross_entropy_with_logits(logits, input, reduction: nn.Reduction.None).sum(1)
            : (logits - input).square().sum(1) * 0.5;

    /// <summary>KL(q(z|x) ‖ N(0, I)) per row: −½ Σ (1 + log σ² − μ² − σ²).</summary>
    public static TorchTensor KullbackLeiblerToStandardNormal(TorchTensor mean, TorchTensor logVariance) =>
        (1 + logVariance - mean.square() - logVariance.exp()).sum(1) * -0.5;

    /// <summary>The negative ELBO averaged over the batch: reconstruction (one z sample) + KL to the standard normal prior.</summary>
    public override TorchTensor PretrainingLoss(TorchTensor input)
    {
        var (mu, logVar) = EncodeDistribution(input);
        TorchTensor z = training ? Reparameterize(mu, logVar) : mu;
        TorchTensor logits = DecodeLogits(z);
        return (ReconstructionNegativeLogLikelihood(logits, input) + KullbackLeiblerToStandardNormal(mu, logVar)).mean();
    }
}
