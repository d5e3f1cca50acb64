using System.CommandLine;
using Agrupa.Experiments;

namespace Agrupa.Cli.Commands;

/// <summary>
/// <c>agrupa experiment SPEC.json [--out DIR]</c>: runs an experiment spec (docs/experiments.md), resuming finished runs.
/// A file holding an array of specs runs each into its own sub-folder (named after the spec) and writes an index.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "Experiment spec (JSON; schema in docs/experiments.md): one object, or an array of specs." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default: the spec's \"output\", else ./<name>; for an array, one sub-folder per spec). Finished runs found there are not repeated." };
        var command = new Command("experiment", "Run every pipeline × seed of an experiment spec; write results.csv, summary.md/.csv and report.html.") { spec, output };
        command.SetAction(CancellableAction.Of((parse, cancellationToken) =>
        {
            FileInfo file = parse.GetValue(spec)!;
            if (!file.Exists) throw new FileNotFoundException($"spec file not found: {file.FullName}", file.FullName);
            IReadOnlyList<ExperimentSpec> experiments = ExperimentSpecReader.ReadFileMany(file.FullName);
            TextWriter writer = parse.InvocationConfiguration.Output;
            DirectoryInfo? chosen = parse.GetValue(output);
            if (experiments.Count == 1)
            {
                ExperimentSpec single = experiments[0];
                string folder = chosen?.FullName ?? single.Output ?? Path.Combine(Directory.GetCurrentDirectory(), single.Name);
                return ExperimentSession.ExitCode(ExperimentSession.Run(single, folder, writer, cancellationToken, file.FullName));
            }
            string root = chosen?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), Path.GetFileNameWithoutExtension(file.Name));
            var outcomes = new List<ExperimentOutcome>();
            foreach (ExperimentSpec experiment in experiments)
            {
                string folder = chosen is null && experiment.Output is { } own ? own : Path.Combine(root, experiment.Name);
                outcomes.Add(ExperimentSession.Run(experiment, folder, writer, cancellationToken, file.FullName));
                writer.WriteLine();
            }
            string index = Plots.ReportIndex.Write(root, Path.GetFileNameWithoutExtension(file.Name), outcomes);
            writer.WriteLine($"Open the report: {index}");
            return outcomes.Any(o => ExperimentSession.ExitCode(o) != ExitCodes.Success) ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }
}
