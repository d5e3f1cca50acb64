using System.CommandLine;
using System.Reflection;
using Agrupa.Experiments;

namespace Agrupa.Cli.Commands;

/// <summary>
/// <c>agrupa run</c>: the first command of the README. Runs the default comparison (<c>Defaults/run.json</c>: classical,
/// two-stage and a short deep preset on the embedded data sets) with the methods this build has, prints each table and
/// writes one report per data set plus an index to <c>./agrupa-report/</c>.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default ./agrupa-report)." };
        var command = new Command("run", "Run the default comparison on the embedded data sets (digits, iris, wine, synthetic control) and write the report to ./agrupa-report/.") { output };
        command.SetAction(CancellableAction.Of((parse, cancellationToken) =>
        {
            TextWriter writer = parse.InvocationConfiguration.Output;
            string folder = parse.GetValue(output)?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), "agrupa-report");
            MethodRegistry registry = ExperimentServices.Methods();
            var outcomes = new List<ExperimentOutcome>();
            foreach (ExperimentSpec spec in DefaultSpecs())
            {
                var available = spec.Pipelines.Where(p => registry.CanBuild(p.Name, out _)).ToArray();
                var missing = spec.Pipelines.Except(available).Select(p => p.Name).ToArray();
                if (missing.Length > 0) writer.WriteLine($"agrupa: {spec.Data.DisplayName}: not in this build, skipped: {string.Join(", ", missing)}");
                if (available.Length == 0) continue;
                outcomes.Add(ExperimentSession.Run(spec with { Pipelines = available }, Path.Combine(folder, spec.Name), writer, cancellationToken));
                writer.WriteLine();
            }
            if (outcomes.Count == 0)
            {
                writer.WriteLine("agrupa: no method of the default comparison is available in this build; see 'agrupa compare --help' for the methods it has.");
                return ExitCodes.Failure;
            }
            string index = Plots.ReportIndex.Write(folder, "Agrupa: default comparison on the embedded data sets", outcomes);
            writer.WriteLine($"Open the report: {index}");
            return outcomes.Any(o => ExperimentSession.ExitCode(o) != ExitCodes.Success) ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The default comparison, one spec per embedded data set (an embedded resource of the CLI: edit Defaults/run.json).</summary>
    internal static IReadOnlyList<ExperimentSpec> DefaultSpecs()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Agrupa.Cli.Defaults.run.json")
            ?? throw new InvalidOperationException("The default comparison (Defaults/run.json) is missing from this build of agrupa.");
        using var reader = new StreamReader(stream);
        return ExperimentSpecReader.ParseMany(reader.ReadToEnd(), "Defaults/run.json");
    }
}
