namespace Agrupa.Experiments;

/// <summary>One recorded value of a run's training history.</summary>
/// <param name="Stage">The stage that reported it ("pretrain", "cluster").</param>
/// <param name="Position">Epoch (fractional within an epoch), or the report's index when the stage has no epochs.</param>
/// <param name="Kind"><see cref="LossKind"/> or <see cref="MetricKind"/>.</param>
/// <param name="Name">The loss term or metric ("train", "validation", "reconstruction", "acc").</param>
/// <param name="Value">The value.</param>
public sealed record TrainingHistoryPoint(string Stage, double Position, string Kind, string Name, double Value)
{
    /// <summary>Kind of a loss value.</summary>
    public const string LossKind = "loss";

    /// <summary>Kind of a monitoring metric.</summary>
    public const string MetricKind = "metric";
}
