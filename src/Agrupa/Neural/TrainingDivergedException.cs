namespace Agrupa.Neural;

/// <summary>
/// Training met a NaN or infinite value (in the loss or a gradient) and stopped rather than produce a
/// garbage model. The message names the epoch and step and suggests the usual cures.
/// </summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string what, int epoch, int step)
        : base($"Training stopped at epoch {epoch}, step {step}: {what}. Lower the learning rate, scale the features (e.g. to [0, 1]) or check the input for NaN/Inf.")
    {
        What = what;
        Epoch = epoch;
        Step = step;
    }

    /// <summary>What was not finite.</summary>
    public string What { get; }

    /// <summary>1-based epoch.</summary>
    public int Epoch { get; }

    /// <summary>1-based step within the epoch.</summary>
    public int Step { get; }
}
