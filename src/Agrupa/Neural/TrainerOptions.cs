namespace Agrupa.Neural;

/// <summary>
/// Options of a <see cref="Trainer"/>. Defaults follow the autoencoder pretraining of DCEC and N2D (Keras Adam,
/// lr 0.001, batch 256; REFERENCES.md §12, §16); DEC uses SGD lr 1.0 (Keras) / 0.1 (Caffe) with momentum 0.9.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Optimiser; Adam by default.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Initial learning rate; 0.001 (Keras' Adam default). Must be &gt; 0.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Momentum of SGD in [0, 1); 0.9 (DEC). Ignored by Adam.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Adam's ε; 1e-8 as PyTorch (Keras 2.2 used 1e-7, REFERENCES.md §17). Must be &gt; 0.</summary>
    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary>L2 weight decay added to the gradients (≥ 0); 0 as all the references.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Learning rate schedule; constant by default.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Epochs between rate changes of the step schedule (≥ 1).</summary>
    public int StepEpochs { get; init; } = 10;

    /// <summary>Factor applied by the step schedule, in (0, 1].</summary>
    public double StepFactor { get; init; } = 0.1;

    /// <summary>Floor of the step schedule and end value of the cosine schedule (≥ 0).</summary>
    public double MinimumLearningRate { get; init; }

    /// <summary>Rows per step; 256 (all deep clustering references except VaDE's 100). At least 1.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Passes over the training rows. At least 1.</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>Seed of the shuffling, the validation split and torch's generator during training (dropout, noise, sampling).</summary>
    public int Seed { get; init; }

    /// <summary>Shuffle the rows every epoch (from <see cref="Seed"/> and the epoch number); DEC's clustering stage takes batches in order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Fraction of rows held out for the validation loss, in [0, 1); 0 = none. Stratified by class when labels exist.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>Stop after this many epochs without improvement of the monitored loss (validation if any, else training); null = never.</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>Smallest decrease of the monitored loss that counts as an improvement (≥ 0).</summary>
    public double EarlyStoppingMinimumDelta { get; init; }

    /// <summary>With early stopping, put back the weights of the best epoch when training stops.</summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>
    /// Write a checkpoint to <see cref="CheckpointPath"/> every this many epochs and after the last one (which lets a
    /// finished run be continued); 0 = only at cancellation.
    /// </summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Checkpoint file (written atomically); null = no checkpoints.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// Check every gradient for NaN/Inf after each backward pass (one fused reduction over all parameters). The input
    /// and the loss are always checked.
    /// </summary>
    public bool CheckGradients { get; init; } = true;

    /// <summary>Rows per batch when computing the validation loss and in batched inference (no gradients kept).</summary>
    public int InferenceBatchSize { get; init; } = 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public TrainerOptions Validate()
    {
        if (!(LearningRate > 0 && double.IsFinite(LearningRate))) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be finite and > 0.");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Must be in [0, 1).");
        if (!(AdamEpsilon > 0)) throw new ArgumentOutOfRangeException(nameof(AdamEpsilon), AdamEpsilon, "Must be > 0.");
        if (!(WeightDecay >= 0 && double.IsFinite(WeightDecay))) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Must be finite and ≥ 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(StepEpochs, 1, nameof(StepEpochs));
        if (!(StepFactor > 0 && StepFactor <= 1)) throw new ArgumentOutOfRangeException(nameof(StepFactor), StepFactor, "Must be in (0, 1].");
        if (!(MinimumLearningRate >= 0 && MinimumLearningRate <= LearningRate)) throw new ArgumentOutOfRangeException(nameof(MinimumLearningRate), MinimumLearningRate, "Must be in [0, LearningRate].");
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "Must be in [0, 1).");
        if (EarlyStoppingPatience is < 1) throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "Must be at least 1 (or null for none).");
        if (!(EarlyStoppingMinimumDelta >= 0)) throw new ArgumentOutOfRangeException(nameof(EarlyStoppingMinimumDelta), EarlyStoppingMinimumDelta, "Must be ≥ 0.");
        ArgumentOutOfRangeException.ThrowIfNegative(CheckpointEvery, nameof(CheckpointEvery));
        if (CheckpointEvery > 0 && string.IsNullOrEmpty(CheckpointPath))
            throw new ArgumentOutOfRangeException(nameof(CheckpointPath), CheckpointPath, "CheckpointEvery > 0 needs a CheckpointPath.");
        ArgumentOutOfRangeException.ThrowIfLessThan(InferenceBatchSize, 1, nameof(InferenceBatchSize));
        return this;
    }

    /// <summary>The learning rate of 0-based epoch <paramref name="epoch"/>.</summary>
    public double LearningRateAt(int epoch) => Schedule switch
    {
        LearningRateSchedule.Step => Math.Max(MinimumLearningRate, LearningRate * Math.Pow(StepFactor, epoch / StepEpochs)),
        LearningRateSchedule.Cosine => MinimumLearningRate + 0.5 * (LearningRate - MinimumLearningRate) * (1 + Math.Cos(Math.PI * epoch / Epochs)),
        _ => LearningRate,
    };
}
