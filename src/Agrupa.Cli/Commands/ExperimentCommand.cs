using System.CommandLine;
using Agrupa.Experiments;

namespace Agrupa.Cli.Commands;

/// <summary><c>agrupa experiment SPEC.json [--out DIR]</c>: runs an experiment spec (docs/experiments.md), resuming finished runs.</summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "Experiment spec (JSON; schema in docs/experiments.md)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default: the spec's \"output\", else ./<name>). Finished runs found there are not repeated." };
        var command = new Command("experiment", "Run every pipeline × seed of an experiment spec; write results.csv, summary.md/.csv and report.html.") { spec, output };
        command.SetAction((parse, cancellationToken) =>
        {
            FileInfo file = parse.GetValue(spec)!;
            if (!file.Exists) throw new FileNotFoundException($"spec file not found: {file.FullName}", file.FullName);
            ExperimentSpec experiment = ExperimentSpecReader.ReadFile(file.FullName);
            string folder = parse.GetValue(output)?.FullName ?? experiment.Output ?? Path.Combine(Directory.GetCurrentDirectory(), experiment.Name);
            ExperimentOutcome outcome = ExperimentSession.Run(experiment, folder, parse.InvocationConfiguration.Output, cancellationToken);
            return Task.FromResult(ExperimentSession.ExitCode(outcome));
        });
        return command;
    }
}
