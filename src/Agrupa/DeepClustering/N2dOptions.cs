using Agrupa.Neural;

namespace Agrupa.DeepClustering;

/// <summary>
/// Options of <see cref="N2d"/> (McConville, Santos-Rodriguez, Piechocki, Craddock, "N2D: (Not Too) Deep Clustering via
/// Clustering the Local Manifold of an Autoencoded Embedding", ICPR 2020). Defaults are the authors' run.sh settings for
/// MNIST, Fashion-MNIST and USPS (rymc/n2d, REFERENCES.md §16).
/// </summary>
public sealed record N2dOptions
{
    /// <summary>Number of clusters k (at least 2); also the embedding size and the UMAP dimension.</summary>
    public int Clusters { get; init; } = 10;

    /// <summary>
    /// Hidden layer sizes of the dense autoencoder (encoder order; the decoder mirrors them); null = d–500–500–2000–k
    /// (Xie et al. 2016). Ignored by the convolutional architecture.
    /// </summary>
    public IReadOnlyList<int>? HiddenSizes { get; init; }

    /// <summary>Autoencoder architecture; dense d–500–500–2000–k in the paper.</summary>
    public AutoencoderArchitecture Architecture { get; init; } = AutoencoderArchitecture.Dense;

    /// <summary>Autoencoder pretraining: Adam lr 0.001, batch 256, 1000 epochs in the paper (`--pretrain_epochs`).</summary>
    public TrainerOptions Pretraining { get; init; } = new() { Epochs = 1000, BatchSize = 256 };

    /// <summary>
    /// Further networks whose embeddings join the autoencoder's code before UMAP (none in the paper). Each view's code
    /// is centred and scaled so that all views weigh the same in distances (<c>ViewScaling</c>). A contrastive encoder
    /// beside the dense autoencoder lifted NMI on Fashion-MNIST from .665 to about .70 (BENCHMARKS.md, session 9); with
    /// the convolutional autoencoder as a third view and 8 <see cref="Draws"/>, .679 ACC / .703 NMI over seeds 0–2,
    /// above the paper's .672 / .684, but seeds 3 and 4 gave .621 / .670 and .664 / .683 (sessions 13 and 14). The
    /// steadiest is the SimCLR view alone with <see cref="DrawSelection"/> = MostBalanced: .681 ± .002 / .695 ± .002
    /// over seeds 0–6 (session 14).
    /// </summary>
    public IReadOnlyList<N2dView> Views { get; init; } = [];

    /// <summary>
    /// UMAP neighbours; 20 (run.sh). 50 was measured on Fashion-MNIST with a SimCLR view and left the consensus of 8
    /// draws where 20 had it (seed 0: .685 / .696 against .681 / .695; seed 1: .680 / .696 at both; BENCHMARKS.md,
    /// session 13).
    /// </summary>
    public int UmapNeighbors { get; init; } = 20;

    /// <summary>UMAP min_dist; 0 (run.sh): tight clumps suit a mixture model.</summary>
    public double UmapMinDist { get; init; }

    /// <summary>UMAP output dimension; null = <see cref="Clusters"/> (run.sh).</summary>
    public int? UmapDimensions { get; init; }

    /// <summary>
    /// UMAP's SGD epochs; null = umap-learn's default, which run.sh keeps: 500 up to 10,000 rows, 200 above
    /// (<see cref="Reduction.UmapOptions.Epochs"/>).
    /// </summary>
    public int? UmapEpochs { get; init; }

    /// <summary>
    /// UMAP + mixture draws whose consensus gives the clusters; 1 (the paper) = one draw, its mixture's labels. With
    /// more, draw d (0-based) runs UMAP and the mixture with seed <see cref="Seed"/> + d, and the clusters are the
    /// draws' consensus (<see cref="Clustering.ConsensusVote"/>: k-means on the one-hot memberships, Topchy, Jain and
    /// Punch, ICDM 2003); new rows are placed by the draws' mapped posteriors. Steadier than one draw of one network,
    /// not better on average: on Fashion-MNIST 8 draws gave ACC .570 ± .005 over three seeds against .586 for the mean
    /// single draw (autoencoder code) and .665 against .649 with a SimCLR view (BENCHMARKS.md, session 10); over seeds
    /// 0–6 with that view, .656 ± .035 (session 14). <see cref="DrawSelection"/> can keep one draw instead.
    /// </summary>
    public int Draws { get; init; } = 1;

    /// <summary>
    /// With several <see cref="Draws"/>: their consensus (the default), or the one draw whose cluster sizes are the most
    /// even (<see cref="N2dDrawSelection.MostBalanced"/>, for classes of about equal size). Ignored with one draw.
    /// </summary>
    public N2dDrawSelection DrawSelection { get; init; } = N2dDrawSelection.Consensus;

    /// <summary>Covariances of the final Gaussian mixture; full (run.sh).</summary>
    public Clustering.CovarianceType Covariance { get; init; } = Clustering.CovarianceType.Full;

    /// <summary>The largest <see cref="Draws"/>.</summary>
    public const int MaxDraws = 64;

    /// <summary>Seed of everything random (the paper uses random_state=0 for UMAP and the mixture).</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public N2dOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Clusters, 2, nameof(Clusters));
        Pretraining.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(UmapNeighbors, 2, nameof(UmapNeighbors));
        if (!(UmapMinDist >= 0)) throw new ArgumentOutOfRangeException(nameof(UmapMinDist), UmapMinDist, "Must be ≥ 0.");
        if (UmapDimensions is < 1) throw new ArgumentOutOfRangeException(nameof(UmapDimensions), UmapDimensions, "Must be at least 1.");
        if (UmapEpochs is < 1) throw new ArgumentOutOfRangeException(nameof(UmapEpochs), UmapEpochs, "Must be at least 1.");
        if (Draws is < 1 or > MaxDraws) throw new ArgumentOutOfRangeException(nameof(Draws), Draws, $"Must be between 1 and {MaxDraws}.");
        if (!Enum.IsDefined(DrawSelection)) throw new ArgumentOutOfRangeException(nameof(DrawSelection), DrawSelection, "Must be Consensus or MostBalanced.");
        ArgumentNullException.ThrowIfNull(Views, nameof(Views));
        foreach (N2dView view in Views)
        {
            ArgumentNullException.ThrowIfNull(view, nameof(Views));
            view.Pretraining.Validate();
            if (view.EmbeddingSize is < 1) throw new ArgumentOutOfRangeException(nameof(Views), view.EmbeddingSize, "A view's embedding size must be at least 1.");
        }
        return this;
    }
}
