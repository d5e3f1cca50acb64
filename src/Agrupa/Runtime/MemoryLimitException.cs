namespace Agrupa.Runtime;

/// <summary>
/// Work was refused before it started because its memory estimate exceeds what the machine has available
/// (<see cref="MemoryGuard"/>). The message gives the estimate, the available memory and what to do instead; the CLI
/// prints it as one line and exits with code 1. Derives from <see cref="InvalidOperationException"/>: the request is
/// valid, but not on this machine.
/// </summary>
public sealed class MemoryLimitException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public MemoryLimitException(string message, double requiredBytes, long availableBytes) : base(message)
    {
        RequiredBytes = requiredBytes;
        AvailableBytes = availableBytes;
    }

    /// <summary>The estimate of the refused work, in bytes.</summary>
    public double RequiredBytes { get; }

    /// <summary>The memory available when the work was refused, in bytes.</summary>
    public long AvailableBytes { get; }
}
