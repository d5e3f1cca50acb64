namespace Agrupa.DeepClustering;

/// <summary>
/// The checkpoint of a deep clusterer's training stage (<see cref="ICheckpointingClusterer"/>: DEC, IDEC, DCEC, DCN,
/// Deep k-Means, VaDE): the network, the centres, the optimiser, the position and the method's own state (DEC's target
/// distribution, DCN's counts, the curve), so that a stopped stage continues where it stopped and ends with the model an
/// uninterrupted run gives. It is written when the fit is cancelled and, with <paramref name="Every"/>, periodically;
/// the paper protocols' stages take an hour (DEC's 20,000 steps) to days (VaDE's 3,000 epochs) on 2 cores.
/// </summary>
/// <param name="Path">The checkpoint file (written atomically; kept after the fit ends, so it can also be continued with more steps).</param>
/// <param name="Every">Also write it after every this many epochs of the clustering stage (0: only when cancelled).</param>
/// <param name="Resume">Continue from <paramref name="Path"/> (same data, method and options; a longer stage is allowed: <c>MaxIterations</c>, <c>Epochs</c>, <c>AlphaSteps</c>) instead of starting.</param>
public sealed record ClusteringCheckpoint(string Path, int Every = 0, bool Resume = false)
{
    /// <summary>
    /// The trainer checkpoint of a pretraining the method runs inside its fit (VaDE's variational autoencoder; the
    /// methods that pretrain a plain autoencoder get theirs done outside, <see cref="IPretrainingClusterer.Pretraining"/>),
    /// written every <see cref="Every"/> epochs and on cancellation; null: not kept.
    /// </summary>
    public string? PretrainingPath { get; init; }

    /// <summary>Continue that pretraining from <see cref="PretrainingPath"/> (its stage had not started: <see cref="Resume"/> is false).</summary>
    public bool ResumePretraining { get; init; }
}
