namespace Agrupa.Neural;

/// <summary>
/// Options of <see cref="AutoencoderReducer"/>: pretrain an autoencoder, then use its embedding as the reduced data
/// (the two-stage "AE + k-means" and "CAE + k-means" baselines of DEC and DCEC; Guo et al., ICONIP 2017 report
/// CAE+k-means on Fashion-MNIST in the thesis table: NMI .4862, ARI .3209, ACC .5087).
/// </summary>
public sealed record AutoencoderReducerOptions
{
    /// <summary>The network to build when <see cref="Network"/> is null; dense by default.</summary>
    public AutoencoderArchitecture Architecture { get; init; } = AutoencoderArchitecture.Dense;

    /// <summary>Embedding dimension when <see cref="Network"/> is null; 10 (= clusters in the references). At least 1.</summary>
    public int EmbeddingSize { get; init; } = 10;

    /// <summary>An explicit network description (its input size must match the data); overrides <see cref="Architecture"/>.</summary>
    public AutoencoderOptions? Network { get; init; }

    /// <summary>Training options (optimiser, epochs, batch size, validation, checkpoints); Adam lr 0.001, batch 256 by default.</summary>
    public TrainerOptions Training { get; init; } = new();

    /// <summary>
    /// Greedy layer-wise pretraining before <see cref="Training"/> (<see cref="LayerwisePretraining"/>): each layer of a
    /// dense or dense-tied network trained alone for these options' epochs, as DEC's and DCN's reference code do (DCN's
    /// raw-MNIST run: SGD lr 0.01, batch 128, 50 epochs per layer; REFERENCES.md §13). Null (the default): none.
    /// </summary>
    public TrainerOptions? LayerwiseTraining { get; init; }

    /// <summary>
    /// Whether <see cref="Training"/> (end to end) runs; true by default. False needs <see cref="LayerwiseTraining"/>:
    /// the network is then the stack of layers trained one by one, as DCN's reference uses it.
    /// </summary>
    public bool EndToEnd { get; init; } = true;

    /// <summary>Seed of the initial weights (the trainer's own seed drives shuffling and noise).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// The <see cref="EmbeddingSize"/> for <paramref name="architecture"/> when the caller's own choice is a code of
    /// <paramref name="codeSize"/> dimensions (the deep methods' k): that size, except for the contrastive encoder,
    /// which keeps its <see cref="ContrastiveEncoderOptions.DefaultFeatures"/> features (UMAP or a clusterer reduces them).
    /// </summary>
    public static int EmbeddingSizeFor(AutoencoderArchitecture architecture, int codeSize) =>
        architecture == AutoencoderArchitecture.Contrastive ? ContrastiveEncoderOptions.DefaultFeatures : codeSize;
}
