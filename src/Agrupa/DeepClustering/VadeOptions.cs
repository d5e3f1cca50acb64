using Agrupa.Neural;

namespace Agrupa.DeepClustering;

/// <summary>
/// Options of <see cref="Vade"/> (Jiang, Zheng, Tan, Tang, Zhou, "Variational Deep Embedding: An Unsupervised and
/// Generative Approach to Clustering", IJCAI 2017). Defaults are the MNIST configuration of the authors' code
/// (slim1017/VaDE, REFERENCES.md §15); the data must be scaled to [0, 1] for the Bernoulli decoder.
/// </summary>
public sealed record VadeOptions
{
    /// <summary>Number of mixture components (clusters), at least 2.</summary>
    public int Clusters { get; init; } = 10;

    /// <summary>
    /// Hidden layer sizes of the dense autoencoder (encoder order; the decoder mirrors them); null = d–500–500–2000–k
    /// (Xie et al. 2016). Ignored by the convolutional architecture.
    /// </summary>
    public IReadOnlyList<int>? HiddenSizes { get; init; }

    /// <summary>Latent dimension; 10 in the reference.</summary>
    public int LatentSize { get; init; } = 10;

    /// <summary>Decoder likelihood: Bernoulli (sigmoid output, binary cross-entropy) as the reference.</summary>
    public ReconstructionDistribution Reconstruction { get; init; } = ReconstructionDistribution.Bernoulli;

    /// <summary>
    /// Pretraining of the encoder mean path and decoder as a plain autoencoder (the reference loads such weights):
    /// Adam lr 0.001, batch 256; 50 epochs here.
    /// </summary>
    public TrainerOptions Pretraining { get; init; } = new() { Epochs = 50, BatchSize = 256 };

    /// <summary>ELBO training epochs; 3000 in the reference (a long protocol; use fewer for a quick run).</summary>
    public int Epochs { get; init; } = 3000;

    /// <summary>Rows per step; 100 in the reference.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Adam learning rate for network and mixture; 0.002, multiplied by 0.9 every 10 epochs, floored at 0.0002.</summary>
    public double LearningRate { get; init; } = 0.002;

    /// <summary>Record ACC/NMI/ARI every 10 epochs when the data carry labels (display only).</summary>
    public bool MonitorWithLabels { get; init; } = true;

    /// <summary>Seed of everything random.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public VadeOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Clusters, 2, nameof(Clusters));
        ArgumentOutOfRangeException.ThrowIfLessThan(LatentSize, 1, nameof(LatentSize));
        Pretraining.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be > 0.");
        return this;
    }
}
