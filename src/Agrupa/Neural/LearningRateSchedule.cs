namespace Agrupa.Neural;

/// <summary>How the learning rate changes from epoch to epoch (it is constant within an epoch).</summary>
public enum LearningRateSchedule
{
    /// <summary>The initial rate throughout.</summary>
    Constant,

    /// <summary>
    /// Multiplied by <c>StepFactor</c> every <c>StepEpochs</c> epochs, never below <c>MinimumLearningRate</c> (DEC divides
    /// by 10 every 20,000 iterations; VaDE multiplies by 0.9 every 10 epochs, floored at 0.0002).
    /// </summary>
    Step,

    /// <summary>Cosine annealing from the initial rate to <c>MinimumLearningRate</c> over all epochs (Loshchilov &amp; Hutter, ICLR 2017, without restarts).</summary>
    Cosine,
}
