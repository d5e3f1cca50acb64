using System.CommandLine;

namespace Agrupa.Cli;

/// <summary>
/// A command action that Ctrl+C (SIGINT) and SIGTERM cancel through its <see cref="CancellationToken"/>, so that long
/// work stops at its next check, writes what it must (a training checkpoint) and exits with
/// <see cref="ExitCodes.Cancelled"/> and one line on stderr.
/// </summary>
/// <remarks>
/// System.CommandLine installs its signal handlers only after the action has returned its task, so an action that
/// does its work before returning (<c>Task.FromResult(Run(…))</c>) is killed by a signal instead of cancelled. The work
/// therefore runs on the thread pool. An action that has not stopped <see cref="GracePeriod"/> after the signal is
/// abandoned with exit code 130 (SIGINT) or 143 (SIGTERM); outputs are written atomically, so none is left half-written.
/// </remarks>
internal static class CancellableAction
{
    /// <summary>How long a cancelled action may take to stop (a checkpoint of the largest network takes about a second).</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="run"/> on the thread pool with System.CommandLine's cancellation token.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Of(Func<ParseResult, CancellationToken, int> run) =>
        (parse, cancellationToken) => Task.Run(() => run(parse, cancellationToken), CancellationToken.None);
}
