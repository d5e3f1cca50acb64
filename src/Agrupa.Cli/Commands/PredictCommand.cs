using System.CommandLine;
using System.Globalization;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.DeepClustering;
using Agrupa.Evaluation;

namespace Agrupa.Cli.Commands;

/// <summary>
/// <c>agrupa predict --model model.agrupa --data DATA --out labels.csv [--threshold T]</c>: loads a model written by
/// <c>agrupa fit</c> (kinds "deep-clustering", "kmeans", "gaussian-mixture"), applies its stored scaling, and writes
/// row,label,confidence per row atomically. With <c>--threshold</c>, rows whose confidence is below T get label −1
/// ("unsure") and a summary reports the coverage and, when the data have labels, the accuracy on the covered rows.
/// </summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var loader = new DataArgument(asOption: true, "Data to assign (same features as the fitted data).");
        var model = new Option<string>("--model") { Description = "Model file written by 'agrupa fit'.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Output CSV: row,label,confidence (written to a temporary file, then moved).", Required = true };
        var threshold = new Option<double?>("--threshold")
        {
            Description = "Abstain below this confidence (0–1): such rows get label -1 (unsure); prints the coverage and, with labelled data, the accuracy on the covered rows.",
        };

        var command = new Command("predict", "Assign new rows to the clusters of a fitted model, with a confidence per row.");
        command.Options.Add(model);
        command.Options.Add(output);
        command.Options.Add(threshold);
        loader.AddTo(command);
        command.SetAction(parse =>
        {
            TextWriter writer = parse.InvocationConfiguration.Output;
            string modelPath = parse.GetValue(model)!, outPath = parse.GetValue(output)!;
            double? cut = parse.GetValue(threshold);
            if (cut is { } t && !(t >= 0 && t <= 1)) throw new UsageException($"--threshold must be in [0, 1], got {t.ToString(CultureInfo.InvariantCulture)}.");
            if (!File.Exists(modelPath)) throw new FileNotFoundException($"model file not found: {modelPath}", modelPath);

            using ClusteringModelFile saved = ClusteringModelFile.Load(modelPath);
            Dataset dataset = loader.Load(parse);
            if (dataset.FeatureCount != saved.FeatureCount)
                throw new UsageException($"{dataset.Name} has {dataset.FeatureCount} features per row; the {saved.Method} model in {modelPath} was fitted on {saved.FeatureCount}.");
            ClusterAssignment assignment = saved.Predict(dataset);
            Abstention? abstention = cut is { } c ? Abstention.Apply(assignment, c, dataset.Labels) : null;
            ClusterCommand.WriteLabels(outPath, abstention?.Assignment ?? assignment);

            writer.WriteLine($"{saved.Method} model ({saved.Kind}, {saved.Model.ClusterCount} clusters, scaling {saved.Scaler?.Kind ?? "none"}) on {dataset.Name}: {dataset.Count} rows");
            if (dataset.Labels is { } truth)
            {
                ClusterScores scores = ClusterMetrics.Compute(truth, assignment.Labels);
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all rows: ACC {scores.Acc:0.0000}  NMI {scores.Nmi:0.0000}  ARI {scores.Ari:0.0000}"));
            }
            if (abstention is not null)
            {
                string accuracy = abstention.CoveredAccuracy is { } a ? string.Create(CultureInfo.InvariantCulture, $", ACC on covered rows {a:0.0000}") : "";
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"threshold {abstention.Threshold:0.###}: coverage {abstention.Coverage:0.0000} ({abstention.Covered} of {abstention.Total} rows labelled, {abstention.Total - abstention.Covered} unsure = -1){accuracy}"));
            }
            writer.WriteLine($"labels written to {outPath}");
            return ExitCodes.Success;
        });
        return command;
    }
}
