namespace Agrupa.Neural;

/// <summary>What a <see cref="Trainer"/> run did: the per-epoch history and why it ended.</summary>
/// <param name="History">One entry per finished epoch (including epochs done before a resume).</param>
/// <param name="BestEpoch">1-based epoch with the lowest monitored loss (validation if any, else training).</param>
/// <param name="StoppedEarly">Early stopping ended the run before the planned epochs.</param>
/// <param name="StoppedByCallback">A <see cref="TrainingCallbacks.BeforeStep"/> callback ended the run.</param>
public sealed record TrainingResult(IReadOnlyList<EpochSummary> History, int BestEpoch, bool StoppedEarly, bool StoppedByCallback);
