using TorchSharp;

namespace Agrupa.Runtime;

/// <summary>
/// The one thread budget shared by TorchSharp's intra-op threads and Agrupa's own <see cref="Parallel"/> loops.
/// Oversubscribing the cores (torch and Parallel.For each taking all of them) made training several times slower on
/// a 2-core machine, so every parallel loop in the library takes <see cref="Options"/>.
/// </summary>
public static class ThreadBudget
{
    private static int _threads = Environment.ProcessorCount;
    private static ParallelOptions _options = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };
    private static bool _torchApplied;
    private static readonly object Gate = new();

    /// <summary>Threads for CPU work (default: the number of cores). Setting it also sets torch's intra-op threads.</summary>
    public static int Threads
    {
        get => _threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Threads));
            lock (Gate)
            {
                _threads = value;
                _options = new ParallelOptions { MaxDegreeOfParallelism = value };
                _torchApplied = false;
            }
        }
    }

    /// <summary>Options for <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/> honouring the budget.</summary>
    public static ParallelOptions Options => _options;

    /// <summary>Applies the budget to TorchSharp (call before running torch work; cheap after the first call).</summary>
    public static void ApplyToTorch()
    {
        if (_torchApplied) return;
        lock (Gate)
        {
            if (_torchApplied) return;
            torch.set_num_threads(_threads);
            _torchApplied = true;
        }
    }
}
