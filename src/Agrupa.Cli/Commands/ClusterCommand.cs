using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Runtime;

namespace Agrupa.Cli.Commands;

/// <summary>
/// <c>agrupa cluster --data DATA --method kmeans|minibatch-kmeans|gmm [options] --out labels.csv</c>: fits one
/// clustering and writes one row per input row (row, label, confidence), atomically.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var data = new DataArgument(asOption: true, "Data to cluster (labels, if any, are used only to print scores).");
        var method = new Option<string>("--method", "-m")
        {
            Description = "Clustering method: " + string.Join("; ", ClusterMethods.All.Select(m => $"{m.Name} — {m.Description.TrimEnd('.')}")),
            DefaultValueFactory = _ => "kmeans",
        };
        method.AcceptOnlyFromAmong(ClusterMethods.All.Select(m => m.Name).ToArray());
        var output = new Option<string>("--out", "-o") { Description = "Output CSV: row,label,confidence (written to a temporary file, then moved).", Required = true };

        var command = new Command("cluster", "Cluster the rows of a data set and write their labels and confidences.");
        data.AddTo(command);
        command.Options.Add(method);
        foreach (Option option in ClusterMethods.Options) command.Options.Add(option);
        command.Options.Add(output);
        command.SetAction(CancellableAction.Of(Run));
        return command;

        int Run(ParseResult parse, CancellationToken cancellationToken)
        {
            TextWriter writer = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            ClusterMethods.Method chosen = ClusterMethods.Find(parse.GetValue(method)!);
            IClusterer clusterer = chosen.Create(parse);
            Dataset dataset = data.Load(parse);
            string outPath = parse.GetValue(output)!;
            var progress = new WarningPrinter(error);

            var clock = Stopwatch.StartNew();
            IClusteringModel model = clusterer.Fit(dataset.WithoutLabels(), progress, cancellationToken);
            double seconds = clock.Elapsed.TotalSeconds;
            ClusterAssignment assignment;
            try { assignment = model.Predict(dataset); }               // confidences; equals the training labels
            catch (NotSupportedException) { assignment = ClusterAssignment.Certain(model.Labels); }
            WriteLabels(outPath, assignment);

            writer.WriteLine($"{clusterer.Name} on {dataset.Name}: {dataset.Count} rows × {dataset.FeatureCount} features, {model.ClusterCount} clusters, fitted in {seconds:0.###} s");
            switch (model)
            {
                case KMeansModel kmeans:
                    writer.WriteLine($"inertia {kmeans.Inertia.ToString("G6", CultureInfo.InvariantCulture)}, {kmeans.Iterations} iterations");
                    break;
                case GaussianMixtureModel mixture:
                    writer.WriteLine($"average log-likelihood {mixture.LowerBound.ToString("G6", CultureInfo.InvariantCulture)}, BIC {mixture.Bic(dataset).ToString("G6", CultureInfo.InvariantCulture)}, " +
                        $"{mixture.Iterations} iterations{(mixture.Converged ? "" : " (not converged)")}");
                    break;
            }
            if (dataset.Labels is not null)
            {
                var scores = Agrupa.Evaluation.ClusterMetrics.Compute(dataset.Labels, model.Labels);
                string noise = scores.NoiseFraction > 0 ? FormattableString.Invariant($"  (noise {scores.NoiseFraction:P1}, counted as a cluster)") : "";
                writer.WriteLine(FormattableString.Invariant($"against the data's labels: ACC {scores.Acc:F4}  NMI {scores.Nmi:F4}  AMI {scores.Ami:F4}  ARI {scores.Ari:F4}") + noise);
            }
            var sizes = model.Labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
            writer.WriteLine($"cluster sizes: {string.Join(", ", sizes)}");
            writer.WriteLine($"labels written to {outPath}");
            return ExitCodes.Success;
        }
    }

    /// <summary>Writes row,label,confidence to a temporary file beside <paramref name="path"/>, then moves it into place.</summary>
    internal static void WriteLabels(string path, ClusterAssignment assignment)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"output folder not found: {directory}");
        AtomicFile.Write(full, file =>
        {
            using var stream = new StreamWriter(file, new UTF8Encoding(false), leaveOpen: true);
            stream.WriteLine("row,label,confidence");
            for (int i = 0; i < assignment.Labels.Count; i++)
                stream.WriteLine($"{i},{assignment.Labels[i]},{assignment.Confidence[i].ToString("0.######", CultureInfo.InvariantCulture)}");
        });
    }

    /// <summary>Prints the library's warnings (progress reports with a message) to stderr as they happen.</summary>
    internal sealed class WarningPrinter(TextWriter error) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Message is { } message) error.WriteLine($"agrupa: warning: {value.Stage}: {message}");
        }
    }
}
