namespace Agrupa.Neural;

/// <summary>The likelihood of a variational autoencoder's decoder, which fixes its output layer and reconstruction term.</summary>
public enum ReconstructionDistribution
{
    /// <summary>
    /// Bernoulli: sigmoid output, binary cross-entropy summed over the features (data in [0, 1]); VaDE's choice for
    /// MNIST-like images (Jiang et al., IJCAI 2017; slim1017/VaDE scales Keras' mean BCE by the input size).
    /// </summary>
    Bernoulli,

    /// <summary>Gaussian with unit variance: linear output, half the squared error summed over the features.</summary>
    Gaussian,
}
