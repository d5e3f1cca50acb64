using Agrupa.Data;
using Agrupa.Experiments;
using Agrupa.Plots;

namespace Agrupa.Cli;

/// <summary>Runs one experiment spec for a command: load the data, run, write the summary and the report, print both.</summary>
internal static class ExperimentSession
{
    /// <summary>Runs <paramref name="spec"/> into <paramref name="outputDirectory"/>; returns what was produced.</summary>
    /// <param name="spec">The experiment.</param>
    /// <param name="outputDirectory">Its output folder.</param>
    /// <param name="output">Where progress, the table and the pointers go.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <param name="specFile">The spec's file, named in errors about a pipeline (method unknown, options invalid); null for specs made from arguments.</param>
    public static ExperimentOutcome Run(ExperimentSpec spec, string outputDirectory, TextWriter output, CancellationToken cancellationToken, string? specFile = null)
    {
        output.WriteLine($"agrupa: experiment {spec.Name} — {spec.Pipelines.Count} pipeline(s) × {spec.Seeds.Count} seed(s) on {spec.Data.DisplayName}");
        // Experiments train networks (the deep methods, the autoencoder reducers) like fit and pretrain do: without the
        // malloc tuning a CAE pretraining ran 1,260 instead of 1,570 images/s at 2 threads (session 7).
        Agrupa.Runtime.NativeMemoryTuning.Apply();
        Dataset data = ExperimentData.Load(spec.Data);
        output.WriteLine($"data: {data}, scaling {spec.Data.Scaling.ToSpecName()}");
        var runner = new ExperimentRunner(ExperimentServices.Methods(), ExperimentServices.Scorer());
        try
        {
            runner.Validate(spec, data);
        }
        catch (ArgumentException invalid) when (specFile is not null && invalid.Message.StartsWith('$'))
        {
            throw new DataFormatException(specFile, invalid.Message, inner: invalid);
        }
        ExperimentOutcome outcome = ConsoleProgress.Run(output, progress => runner.Run(spec, data, outputDirectory, progress, cancellationToken));
        output.WriteLine();
        output.Write(outcome.Summary.ToMarkdown());
        foreach (string note in outcome.Notes) output.WriteLine($"note: {note}");
        foreach (RunRecord failed in outcome.Records.Where(r => r.Status != RunRecord.Succeeded))
            output.WriteLine($"failed: {failed.Pipeline} seed {failed.Seed}: {failed.Message}");
        string report = HtmlReport.Write(outcome, ExperimentServices.Scorer());
        output.WriteLine();
        output.WriteLine($"results: {outcome.Layout.ResultsPath}");
        output.WriteLine($"summary: {outcome.Layout.SummaryMarkdownPath}");
        output.WriteLine($"report:  {report}");
        return outcome;
    }

    /// <summary>Exit code of a finished experiment: failure when every run failed.</summary>
    public static int ExitCode(ExperimentOutcome outcome) =>
        outcome.Records.Count > 0 && outcome.Records.All(r => r.Status != RunRecord.Succeeded) ? ExitCodes.Failure : ExitCodes.Success;
}
