using Agrupa.Neural;

namespace Agrupa.DeepClustering;

/// <summary>
/// A further network whose embedding N2D joins to its autoencoder's code before UMAP (<see cref="N2dOptions.Views"/>):
/// e.g. a contrastive encoder beside the paper's dense autoencoder. Each view is pretrained on its own with
/// <see cref="Pretraining"/> and the run's seed, so <c>agrupa pretrain</c> with the same network, schedule and seed
/// gives the same weights (and can stand in for it: <c>agrupa fit --method n2d --pretrained AE --pretrained VIEW</c>).
/// </summary>
public sealed record N2dView
{
    /// <summary>The network; a contrastive (SimCLR) encoder is the view the measurements in BENCHMARKS.md add.</summary>
    public AutoencoderArchitecture Architecture { get; init; } = AutoencoderArchitecture.Contrastive;

    /// <summary>Embedding size; null = the architecture's default (128 features for the contrastive encoder, else the cluster count).</summary>
    public int? EmbeddingSize { get; init; }

    /// <summary>
    /// Pretraining; the default is the contrastive encoder's measured short schedule: 10 epochs, batch 256, Adam 0.001
    /// with cosine decay and weight decay 1e-6 (SimCLR, Chen et al. 2020, §B.6 and appendix; BENCHMARKS.md, session 8:
    /// 10 epochs cost about .01 NMI against 20).
    /// </summary>
    public TrainerOptions Pretraining { get; init; } = new() { Epochs = 10, BatchSize = 256, Schedule = LearningRateSchedule.Cosine, WeightDecay = 1e-6 };
}
