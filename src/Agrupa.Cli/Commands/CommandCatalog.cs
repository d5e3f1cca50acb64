using System.CommandLine;

namespace Agrupa.Cli.Commands;

/// <summary>Every subcommand of <c>agrupa</c>, one line each (each command lives in its own file).</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return DatasetsCommand.Create();
        yield return InspectCommand.Create();
        yield return EvaluateCommand.Create();
        yield return ClusterCommand.Create();
        yield return ChooseKCommand.Create();
        yield return ReduceCommand.Create();
        yield return PretrainCommand.Create();
        yield return EmbedCommand.Create();
        yield return FitCommand.Create();
        yield return PredictCommand.Create();
        yield return RunCommand.Create();
        yield return CompareCommand.Create();
        yield return ExperimentCommand.Create();
    }
}
