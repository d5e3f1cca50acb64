using Agrupa.Runtime;

namespace Agrupa.Tests.DeepClustering;

/// <summary>
/// Cancels <paramref name="source"/> at the end-of-epoch report of <paramref name="epoch"/> (1-based) in
/// <paramref name="stage"/>; reports arrive synchronously, so the trainer stops before the next step and checkpoints there.
/// </summary>
internal sealed class CancelAfterEpoch(string stage, int epoch, CancellationTokenSource source) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        if (value.Stage == stage && value.Epoch == epoch && value.Step == value.TotalSteps) source.Cancel();
    }
}
