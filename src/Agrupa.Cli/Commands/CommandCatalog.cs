using System.CommandLine;

namespace Agrupa.Cli.Commands;

/// <summary>Every subcommand of <c>agrupa</c>, one line each (each command lives in its own file).</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return ReduceCommand.Create();
    }
}
