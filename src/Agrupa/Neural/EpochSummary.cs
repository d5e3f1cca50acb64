namespace Agrupa.Neural;

/// <summary>The record of one finished epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainingLoss">Mean training loss over the epoch's batches, weighted by batch size.</param>
/// <param name="ValidationLoss">Mean loss on the held-out rows after the epoch, or null without a validation split.</param>
/// <param name="LearningRate">Learning rate used during the epoch.</param>
/// <param name="Seconds">Wall-clock time of the epoch (training and validation).</param>
/// <param name="Terms">Epoch means of the loss components the loss function reported.</param>
public sealed record EpochSummary(int Epoch, double TrainingLoss, double? ValidationLoss, double LearningRate, double Seconds, IReadOnlyDictionary<string, double> Terms);
