namespace Agrupa.Cli;

/// <summary>Exit codes of the <c>agrupa</c> command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>A file is missing or unreadable, or the work itself failed.</summary>
    public const int Failure = 1;
    /// <summary>Wrong, missing or conflicting arguments.</summary>
    public const int Usage = 2;
    /// <summary>Cancelled by Ctrl+C (SIGINT) or SIGTERM (<see cref="CancellableAction"/>).</summary>
    public const int Cancelled = 130;
}
