namespace Agrupa.Neural;

/// <summary>
/// Hooks into a <see cref="Trainer"/> run for methods that do work between steps (DEC's target distribution is
/// recomputed every <c>update_interval</c> steps; DCN updates its centres after each step).
/// </summary>
public sealed class TrainingCallbacks
{
    /// <summary>
    /// Called before each training step with (0-based epoch, 0-based global step); return false to end training
    /// cleanly (e.g. DEC's label-change tolerance reached). Runs outside the step's dispose scope.
    /// </summary>
    public Func<int, long, bool>? BeforeStep { get; init; }

    /// <summary>Called after each training step with the batch (inside the step's dispose scope, after the optimiser step).</summary>
    public Action<TrainingBatch>? AfterStep { get; init; }

    /// <summary>Called after each epoch with its summary.</summary>
    public Action<EpochSummary>? AfterEpoch { get; init; }

    /// <summary>
    /// The caller's own state, written into every checkpoint with the trainer's (between steps: before the next
    /// <see cref="BeforeStep"/>), so that a resumed run continues exactly where the saved one stopped.
    /// </summary>
    public Func<CheckpointState>? CaptureState { get; init; }

    /// <summary>Receives the state <see cref="CaptureState"/> wrote, when a run resumes from a checkpoint (before its first step).</summary>
    public Action<CheckpointState>? RestoreState { get; init; }
}
