using Agrupa.Neural;

namespace Agrupa.DeepClustering;

/// <summary>
/// Options of <see cref="DeepKMeans"/> (Moradi Fard, Thonet, Gaussier, "Deep k-Means: Jointly clustering with k-Means
/// and learning representations", Pattern Recognition Letters 2020). Defaults are DKMa's from the authors' code
/// (MaziarMF/deep-k-means dkm.py, REFERENCES.md §14); <see cref="Pretrained"/> gives DKMp's.
/// </summary>
public sealed record DeepKMeansOptions
{
    /// <summary>Number of clusters k (at least 2).</summary>
    public int Clusters { get; init; } = 10;

    /// <summary>
    /// Hidden layer sizes of the dense autoencoder (encoder order; the decoder mirrors them); null = d–500–500–2000–k
    /// (Xie et al. 2016). Ignored by the convolutional architecture.
    /// </summary>
    public IReadOnlyList<int>? HiddenSizes { get; init; }

    /// <summary>Embedding size; null = <see cref="Clusters"/> (d–500–500–2000–k in the reference).</summary>
    public int? EmbeddingSize { get; init; }

    /// <summary>Autoencoder architecture; dense in the reference.</summary>
    public AutoencoderArchitecture Architecture { get; init; } = AutoencoderArchitecture.Dense;

    /// <summary>DKMp: pretrain the autoencoder and initialise the representatives with k-means. DKMa (false): neither.</summary>
    public bool Pretrain { get; init; }

    /// <summary>Pretraining (DKMp): 50 epochs, Adam lr 0.001, batch 256 (p_epochs).</summary>
    public TrainerOptions Pretraining { get; init; } = new() { Epochs = 50, BatchSize = 256 };

    /// <summary>
    /// Annealing (DKMa): α_1 = <see cref="Alpha"/>, α_{i+1} = 2^(1/ln(i+1)²)·α_i. Without annealing α stays at
    /// <see cref="Alpha"/> (DKMp uses 1000).
    /// </summary>
    public bool Anneal { get; init; } = true;

    /// <summary>Inverse temperature α of the softmax over −‖h − r_k‖²: the first α (0.1) when annealing, else the constant one.</summary>
    public double Alpha { get; init; } = 0.1;

    /// <summary>Number of α values (40 for DKMa, 20 for DKMp).</summary>
    public int AlphaSteps { get; init; } = 40;

    /// <summary>Epochs per α value (f_epochs); 5.</summary>
    public int EpochsPerAlpha { get; init; } = 5;

    /// <summary>Weight λ of the clustering term; 1.0 (the code's default).</summary>
    public double Lambda { get; init; } = 1.0;

    /// <summary>Adam learning rate; 0.001.</summary>
    public double LearningRate { get; init; } = 0.001;

    /// <summary>Rows per step; 256. Each epoch visits the rows in a new random order.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>k-means++ restarts for DKMp's representatives (sklearn's old default 10).</summary>
    public int KMeansRestarts { get; init; } = 10;

    /// <summary>Record ACC/NMI/ARI per α value when the data carry labels (display only).</summary>
    public bool MonitorWithLabels { get; init; } = true;

    /// <summary>Seed of everything random.</summary>
    public int Seed { get; init; }

    /// <summary>DKMp (the paper's pretrained variant): pretrain 50 epochs, k-means representatives, α = 1000 for 20 × 5 epochs.</summary>
    public static DeepKMeansOptions Pretrained(int clusters = 10, double alpha = 1000) => new()
    {
        Clusters = clusters, Pretrain = true, Anneal = false, Alpha = alpha, AlphaSteps = 20,
    };

    /// <summary>The α of 0-based annealing step <paramref name="step"/>.</summary>
    public double AlphaAt(int step)
    {
        double alpha = Alpha;
        if (!Anneal) return alpha;
        for (int i = 1; i <= step; i++) alpha *= Math.Pow(2.0, 1.0 / Math.Pow(Math.Log(i + 1), 2));
        return alpha;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public DeepKMeansOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Clusters, 2, nameof(Clusters));
        if (EmbeddingSize is < 1) throw new ArgumentOutOfRangeException(nameof(EmbeddingSize), EmbeddingSize, "Must be at least 1.");
        Pretraining.Validate();
        DeepClusteringStart.RequireDecoder(Architecture, "Deep k-Means");
        if (!(Alpha > 0 && double.IsFinite(Alpha))) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Must be finite and > 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(AlphaSteps, 1, nameof(AlphaSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(EpochsPerAlpha, 1, nameof(EpochsPerAlpha));
        if (!(Lambda > 0)) throw new ArgumentOutOfRangeException(nameof(Lambda), Lambda, "Must be > 0.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be > 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(KMeansRestarts, 1, nameof(KMeansRestarts));
        return this;
    }
}
