using Agrupa.Neural;

namespace Agrupa.DeepClustering;

/// <summary>
/// Options of <see cref="Dec"/>, the DEC family: DEC (Xie, Girshick, Farhadi, ICML 2016), IDEC (Guo, Gao, Liu, Yin,
/// IJCAI 2017: DEC plus the reconstruction loss, weight γ on the clustering term) and DCEC (Guo, Liu, Zhu, Yin, ICONIP
/// 2017: IDEC with the convolutional autoencoder). The defaults are DEC-keras' (XifengGuo/DEC-keras, REFERENCES.md §10);
/// <see cref="Idec"/> and <see cref="Dcec"/> give the other two papers' settings.
/// </summary>
public sealed record DecOptions
{
    /// <summary>Number of clusters k (at least 2).</summary>
    public int Clusters { get; init; } = 10;

    /// <summary>Autoencoder architecture; dense d–500–500–2000–k for DEC/IDEC, convolutional for DCEC.</summary>
    public AutoencoderArchitecture Architecture { get; init; } = AutoencoderArchitecture.Dense;

    /// <summary>
    /// Hidden layer sizes of the dense autoencoder (encoder order; the decoder mirrors them); null = d–500–500–2000–k
    /// (Xie et al. 2016). Ignored by the convolutional architecture.
    /// </summary>
    public IReadOnlyList<int>? HiddenSizes { get; init; }

    /// <summary>Embedding size; null = <see cref="Clusters"/> (10 for ten classes, as every reference).</summary>
    public int? EmbeddingSize { get; init; }

    /// <summary>
    /// Initial weights of the autoencoder that is pretrained here; null = the network's default (Glorot uniform, Keras'
    /// default, as IDEC and DCEC). DEC-keras uses <see cref="Neural.WeightInitialization.LeCunUniform"/> on MNIST and
    /// Fashion-MNIST, with SGD lr 1, momentum 0.9, 300 epochs as <see cref="Pretraining"/>. Ignored with a pretrained start.
    /// </summary>
    public WeightInitialization? WeightInitialization { get; init; }

    /// <summary>
    /// Pretraining of the autoencoder: DEC-keras uses SGD lr 1 momentum 0.9 for 300 epochs on MNIST; DCEC Adam for 200
    /// epochs; batch 256. Default here: Adam, lr 0.001, 200 epochs (the DCEC/IDEC setting, which is also stable for
    /// dense networks). DEC-keras' protocol is SGD lr 1, momentum 0.9, 300 epochs with <see cref="WeightInitialization"/>
    /// LeCun uniform (BENCHMARKS.md, session 11: DEC NMI .633 from it against .598 from the quick preset, Fashion-MNIST).
    /// </summary>
    public TrainerOptions Pretraining { get; init; } = new() { Epochs = 200, BatchSize = 256 };

    /// <summary>Optimiser of the clustering stage: SGD lr 0.01 momentum 0.9 (DEC); IDEC/DCEC use Adam lr 0.001.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>Learning rate of the clustering stage (0.01 DEC; 0.001 IDEC/DCEC).</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Momentum of SGD in the clustering stage (0.9).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Rows per clustering step; 256 in all references. Batches are taken in order, without shuffling.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Maximum clustering steps (batches); 20,000 in DEC-keras, IDEC and DCEC.</summary>
    public int MaxIterations { get; init; } = 20_000;

    /// <summary>Steps between recomputing the target distribution P on all data; 140 for MNIST/Fashion, 30 for USPS.</summary>
    public int UpdateInterval { get; init; } = 140;

    /// <summary>Stop when fewer than this fraction of labels changed between two updates; 0.001 (0.1 %).</summary>
    public double Tolerance { get; init; } = 0.001;

    /// <summary>Degrees of freedom α of the Student's t kernel; 1 in all references.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Weight of the reconstruction loss in the clustering stage: 0 for DEC (decoder dropped), 1 for IDEC/DCEC.</summary>
    public double ReconstructionWeight { get; init; }

    /// <summary>Weight γ of the clustering (KL) loss: 1 for DEC, 0.1 for IDEC/DCEC.</summary>
    public double ClusteringWeight { get; init; } = 1.0;

    /// <summary>Initial centres: k-means (20 restarts, the references) or a Gaussian mixture (beyond the papers).</summary>
    public CenterInitialization Initialization { get; init; } = CenterInitialization.KMeans;

    /// <summary>k-means++ restarts for the initial centres; 20 in the references.</summary>
    public int KMeansRestarts { get; init; } = 20;

    /// <summary>
    /// When the data carry labels, compute ACC/NMI/ARI at every update for the training curves (display only; labels
    /// never influence training).
    /// </summary>
    public bool MonitorWithLabels { get; init; } = true;

    /// <summary>Seed of the weights, batches, k-means and everything else random.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Beyond the papers (the DCEC thesis lists it as future work): hold out this fraction of the rows (random, seeded;
    /// labels are never used) from the clustering stage, compute the clustering loss KL(P‖Q) on them at every target
    /// update, and stop when it has not improved by <see cref="ValidationMinimumDelta"/> for
    /// <see cref="ValidationPatience"/> updates, restoring the weights and centres of the best update. 0 (the papers):
    /// off, all rows train and only <see cref="Tolerance"/> stops. The held-out rows still receive labels at the end.
    /// </summary>
    public double ValidationFraction { get; init; }

    /// <summary>Target updates without improvement of the validation clustering loss before stopping (3).</summary>
    public int ValidationPatience { get; init; } = 3;

    /// <summary>Smallest decrease of the validation clustering loss that counts as an improvement (1e-4).</summary>
    public double ValidationMinimumDelta { get; init; } = 1e-4;

    /// <summary>IDEC's settings (Guo et al., IJCAI 2017): reconstruction kept, γ = 0.1, Adam lr 0.001.</summary>
    public static DecOptions Idec(int clusters = 10) => new()
    {
        Clusters = clusters, ReconstructionWeight = 1.0, ClusteringWeight = 0.1, Optimizer = OptimizerKind.Adam, LearningRate = 0.001,
    };

    /// <summary>DCEC's settings (Guo et al., ICONIP 2017): IDEC with the convolutional autoencoder, pretrained 200 epochs with Adam.</summary>
    public static DecOptions Dcec(int clusters = 10) => Idec(clusters) with { Architecture = AutoencoderArchitecture.Convolutional };

    /// <summary>The method's short name: "dec", "idec" or "dcec".</summary>
    public string MethodName => ReconstructionWeight == 0 ? "dec" : Architecture == AutoencoderArchitecture.Convolutional ? "dcec" : "idec";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public DecOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Clusters, 2, nameof(Clusters));
        if (EmbeddingSize is < 1) throw new ArgumentOutOfRangeException(nameof(EmbeddingSize), EmbeddingSize, "Must be at least 1.");
        Pretraining.Validate();
        if (ReconstructionWeight > 0) DeepClusteringStart.RequireDecoder(Architecture, MethodName.ToUpperInvariant());
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be > 0.");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Must be in [0, 1).");
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(UpdateInterval, 1, nameof(UpdateInterval));
        if (!(Tolerance >= 0 && Tolerance < 1)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Must be in [0, 1).");
        if (!(Alpha > 0)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Must be > 0.");
        if (!(ReconstructionWeight >= 0)) throw new ArgumentOutOfRangeException(nameof(ReconstructionWeight), ReconstructionWeight, "Must be ≥ 0.");
        if (!(ClusteringWeight > 0)) throw new ArgumentOutOfRangeException(nameof(ClusteringWeight), ClusteringWeight, "Must be > 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(KMeansRestarts, 1, nameof(KMeansRestarts));
        if (!(ValidationFraction >= 0 && ValidationFraction < 0.5)) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "Must be in [0, 0.5).");
        ArgumentOutOfRangeException.ThrowIfLessThan(ValidationPatience, 1, nameof(ValidationPatience));
        if (!(ValidationMinimumDelta >= 0)) throw new ArgumentOutOfRangeException(nameof(ValidationMinimumDelta), ValidationMinimumDelta, "Must be ≥ 0.");
        return this;
    }
}
