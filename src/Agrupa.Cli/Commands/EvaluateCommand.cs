using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Agrupa.Data;
using Agrupa.Evaluation;

namespace Agrupa.Cli.Commands;

/// <summary><c>agrupa evaluate --truth FILE --pred FILE</c>: external scores of a clustering against the true classes.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var truth = new Option<string>("--truth") { Description = "File of true class labels: one integer per line, or a CSV file (see --truth-column).", Required = true };
        var predicted = new Option<string>("--pred") { Description = "File of predicted cluster labels (-1 = noise), same format and order as --truth.", Required = true };
        var truthColumn = new Option<string?>("--truth-column") { Description = "CSV column of the truth file: a header name or a 0-based index. Default: the file has one label per line." };
        var predColumn = new Option<string?>("--pred-column") { Description = "CSV column of the prediction file: a header name or a 0-based index." };
        var noise = new Option<string>("--noise")
        {
            Description = "Predicted label -1 (noise): 'cluster' counts noise as one more cluster (as scikit-learn), 'exclude' leaves noise points out of every score.",
            DefaultValueFactory = _ => "cluster",
        };
        noise.AcceptOnlyFromAmong("cluster", "exclude");
        var average = new Option<string>("--nmi-average")
        {
            Description = "Normalisation of NMI and AMI: arithmetic (scikit-learn's default), geometric, min or max.",
            DefaultValueFactory = _ => "arithmetic",
        };
        average.AcceptOnlyFromAmong("arithmetic", "geometric", "min", "max");
        var json = new Option<bool>("--json") { Description = "Print the scores as one JSON object instead of a table." };

        var command = new Command("evaluate", "Score predicted cluster labels against true classes: ACC (Hungarian matching), NMI, AMI, ARI, homogeneity, completeness, V-measure, purity.")
        {
            truth, predicted, truthColumn, predColumn, noise, average, json,
        };
        command.SetAction(parse =>
        {
            string truthPath = parse.GetValue(truth)!, predictedPath = parse.GetValue(predicted)!;
            int[] t = LabelFile.Read(truthPath, parse.GetValue(truthColumn));
            int[] p = LabelFile.Read(predictedPath, parse.GetValue(predColumn));
            if (t.Length != p.Length)
                throw new DataFormatException(predictedPath, $"holds {p.Length} labels but the truth file {truthPath} holds {t.Length}; both must list the same points in the same order.");
            MutualInformationAverage mean = Enum.Parse<MutualInformationAverage>(parse.GetValue(average)!, ignoreCase: true);
            var options = new ClusterMetricsOptions
            {
                Noise = parse.GetValue(noise) == "exclude" ? NoiseHandling.Exclude : NoiseHandling.Cluster,
                NmiAverage = mean,
                AmiAverage = mean,
            };
            ClusterScores scores = ClusterMetrics.Compute(t, p, options);
            TextWriter output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(ToJson(scores)));
            else WriteTable(output, scores, truthPath, predictedPath);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteTable(TextWriter output, ClusterScores s, string truthPath, string predictedPath)
    {
        string noise = s.NoiseFraction == 0
            ? "no noise (-1) labels"
            : $"noise (-1): {s.NoiseFraction:P1} of points, {(s.Noise == NoiseHandling.Exclude ? "excluded from the scores" : "counted as one cluster")}";
        output.WriteLine($"truth {truthPath} vs predicted {predictedPath}");
        output.WriteLine($"{s.Count} of {s.TotalCount} points scored, {s.ClassCount} classes, {s.ClusterCount} clusters; {noise}");
        output.WriteLine();
        string average = s.NmiAverage.ToString().ToLowerInvariant();
        (string Name, double Value, string Note)[] rows =
        [
            ("ACC", s.Acc, "accuracy, Hungarian one-to-one matching"),
            ("NMI", s.Nmi, $"normalised mutual information ({average} mean)"),
            ("AMI", s.Ami, $"adjusted mutual information ({average} mean)"),
            ("ARI", s.Ari, "adjusted Rand index"),
            ("homogeneity", s.Homogeneity, ""),
            ("completeness", s.Completeness, ""),
            ("V-measure", s.VMeasure, ""),
            ("purity", s.Purity, "majority class per cluster"),
        ];
        output.WriteLine($"{"metric",-13} {"value",8}");
        foreach ((string name, double value, string note) in rows)
            output.WriteLine($"{name,-13} {value.ToString("F4", CultureInfo.InvariantCulture),8}  {note}".TrimEnd());
    }

    private static Dictionary<string, object> ToJson(ClusterScores s) => new()
    {
        ["acc"] = s.Acc, ["nmi"] = s.Nmi, ["ami"] = s.Ami, ["ari"] = s.Ari, ["homogeneity"] = s.Homogeneity,
        ["completeness"] = s.Completeness, ["v_measure"] = s.VMeasure, ["purity"] = s.Purity, ["count"] = s.Count,
        ["total_count"] = s.TotalCount, ["classes"] = s.ClassCount, ["clusters"] = s.ClusterCount,
        ["noise"] = s.Noise.ToString().ToLowerInvariant(), ["noise_fraction"] = s.NoiseFraction,
        ["nmi_average"] = s.NmiAverage.ToString().ToLowerInvariant(), ["ami_average"] = s.AmiAverage.ToString().ToLowerInvariant(),
    };
}
