using Agrupa.Neural;

namespace Agrupa.DeepClustering;

/// <summary>
/// Options of <see cref="Dcn"/> (Yang, Fu, Sidiropoulos, Hong, "Towards K-means-friendly Spaces: Simultaneous Deep
/// Learning and Clustering", ICML 2017). Defaults follow the authors' raw-MNIST run (boyangumn/DCN run_raw_mnist.py,
/// REFERENCES.md §13) except the network, which is Agrupa's default dense autoencoder d–500–500–2000–k.
/// </summary>
public sealed record DcnOptions
{
    /// <summary>Number of clusters k (at least 2).</summary>
    public int Clusters { get; init; } = 10;

    /// <summary>
    /// Hidden layer sizes of the dense autoencoder (encoder order; the decoder mirrors them); null = d–500–500–2000–k
    /// (Xie et al. 2016). Ignored by the convolutional architecture.
    /// </summary>
    public IReadOnlyList<int>? HiddenSizes { get; init; }

    /// <summary>Embedding size; null = <see cref="Clusters"/>.</summary>
    public int? EmbeddingSize { get; init; }

    /// <summary>Autoencoder architecture (dense by default; convolutional works for images).</summary>
    public AutoencoderArchitecture Architecture { get; init; } = AutoencoderArchitecture.Dense;

    /// <summary>
    /// End-to-end pretraining of the autoencoder: Adam, 50 epochs by default. The reference pretrains layer-wise instead
    /// (<see cref="LayerwisePretraining"/> with <see cref="PretrainEndToEnd"/> false).
    /// </summary>
    public TrainerOptions Pretraining { get; init; } = new() { Epochs = 50, BatchSize = 256 };

    /// <summary>
    /// Greedy layer-wise pretraining before (or, with <see cref="PretrainEndToEnd"/> false, instead of) <see cref="Pretraining"/>:
    /// each layer trained alone (<see cref="Neural.AutoencoderReducerOptions.LayerwiseTraining"/>); dense and dense-tied
    /// networks only. The reference: SGD lr 0.01 without momentum, batch 128, 50 epochs per layer, no end-to-end pass
    /// (boyangumn/DCN run_raw_mnist.py, REFERENCES.md §13). Null (the default): none.
    /// </summary>
    public TrainerOptions? LayerwisePretraining { get; init; }

    /// <summary>Whether <see cref="Pretraining"/> (end to end) runs; false needs <see cref="LayerwisePretraining"/>. True by default.</summary>
    public bool PretrainEndToEnd { get; init; } = true;

    /// <summary>Weight λ of the reconstruction term per sample, Σ_features (x − x̂)²; 0.05 in the reference run script.</summary>
    public double ReconstructionWeight { get; init; } = 0.05;

    /// <summary>Weight β of the clustering term per sample, ‖f(x) − M s‖²; 1 in the reference.</summary>
    public double ClusteringWeight { get; init; } = 1.0;

    /// <summary>Epochs of the joint stage; 50 in the reference.</summary>
    public int Epochs { get; init; } = 50;

    /// <summary>Rows per step of the joint stage; 128 in the reference. Batches are taken in a fixed order.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>SGD learning rate of the joint stage; 0.05 (momentum 0.9) in the reference.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>SGD momentum of the joint stage; 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Initial per-cluster counts of the centre update (step size 1/count); 100 in the reference, which damps early moves.</summary>
    public int InitialCount { get; init; } = 100;

    /// <summary>Initial centres: k-means (the reference) or a Gaussian mixture.</summary>
    public CenterInitialization Initialization { get; init; } = CenterInitialization.KMeans;

    /// <summary>k-means++ restarts for the initial centres; 10 in the reference (old sklearn default).</summary>
    public int KMeansRestarts { get; init; } = 10;

    /// <summary>Record ACC/NMI/ARI per epoch when the data carry labels (display only).</summary>
    public bool MonitorWithLabels { get; init; } = true;

    /// <summary>Seed of everything random.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public DcnOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Clusters, 2, nameof(Clusters));
        if (EmbeddingSize is < 1) throw new ArgumentOutOfRangeException(nameof(EmbeddingSize), EmbeddingSize, "Must be at least 1.");
        Pretraining.Validate();
        LayerwisePretraining?.Validate();
        if (!PretrainEndToEnd && LayerwisePretraining is null)
            throw new ArgumentOutOfRangeException(nameof(PretrainEndToEnd), PretrainEndToEnd, "PretrainEndToEnd = false needs LayerwisePretraining.");
        if (LayerwisePretraining is not null && Architecture is not (AutoencoderArchitecture.Dense or AutoencoderArchitecture.DenseTied))
            throw new ArgumentOutOfRangeException(nameof(LayerwisePretraining), Architecture, "Layer-wise pretraining needs the Dense or DenseTied architecture.");
        DeepClusteringStart.RequireDecoder(Architecture, "DCN");
        if (!(ReconstructionWeight >= 0)) throw new ArgumentOutOfRangeException(nameof(ReconstructionWeight), ReconstructionWeight, "Must be ≥ 0.");
        if (!(ClusteringWeight > 0)) throw new ArgumentOutOfRangeException(nameof(ClusteringWeight), ClusteringWeight, "Must be > 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be > 0.");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Must be in [0, 1).");
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialCount, 1, nameof(InitialCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(KMeansRestarts, 1, nameof(KMeansRestarts));
        return this;
    }
}
