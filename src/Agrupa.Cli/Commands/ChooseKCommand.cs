using System.CommandLine;
using System.Globalization;
using System.Text;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Plots;

namespace Agrupa.Cli.Commands;

/// <summary>
/// <c>agrupa choose-k --data DATA --method kmeans|gmm --k 2..12</c>: fits the method for each k and prints inertia
/// (elbow), silhouette, Calinski–Harabasz and, for gmm, BIC/AIC, with each criterion's pick.
/// </summary>
internal static class ChooseKCommand
{
    public static Command Create()
    {
        var data = new DataArgument(asOption: true, "Data to sweep (labels, if any, are ignored).");
        var method = new Option<string>("--method", "-m") { Description = "kmeans (inertia/elbow) or gmm (BIC, AIC).", DefaultValueFactory = _ => "kmeans" };
        method.AcceptOnlyFromAmong("kmeans", "gmm");
        var range = new Option<string>("--k") { Description = "Range of k: 'FROM..TO' (e.g. 2..12) or a single value.", DefaultValueFactory = _ => "2..12" };
        var sample = new Option<int>("--silhouette-sample") { Description = "Rows sampled for the silhouette (quadratic cost); 0 skips it.", DefaultValueFactory = _ => 3000 };
        var output = new Option<string?>("--out", "-o") { Description = "Also write the table as CSV (temporary file, then moved)." };
        var plot = new Option<string?>("--plot") { Description = "Also write the k-selection curves as a PNG: every criterion min–max scaled to [0, 1] (1 = its best k), each pick marked." };

        var command = new Command("choose-k", "Compare numbers of clusters: elbow of the inertia, silhouette, Calinski–Harabasz, BIC/AIC.");
        data.AddTo(command);
        command.Options.Add(method);
        command.Options.Add(range);
        command.Options.Add(ClusterMethods.Seed);
        command.Options.Add(ClusterMethods.Restarts);
        command.Options.Add(ClusterMethods.Covariance);
        command.Options.Add(sample);
        command.Options.Add(output);
        command.Options.Add(plot);
        command.SetAction(CancellableAction.Of(Run));
        return command;

        int Run(ParseResult parse, CancellationToken cancellationToken)
        {
            TextWriter writer = parse.InvocationConfiguration.Output;
            (int from, int to) = ParseRange(parse.GetValue(range)!);
            if (parse.GetValue(sample) < 0) throw new UsageException("--silhouette-sample must be ≥ 0.");
            var options = new ClusterCountSweepOptions
            {
                Method = parse.GetValue(method) == "gmm" ? ClusterCountMethod.GaussianMixture : ClusterCountMethod.KMeans,
                MinClusters = from,
                MaxClusters = to,
                Seed = parse.GetValue(ClusterMethods.Seed),
                Restarts = parse.GetValue(ClusterMethods.Restarts),
                Covariance = ClusterMethods.ParseCovariance(parse.GetValue(ClusterMethods.Covariance)!),
                SilhouetteSampleSize = parse.GetValue(sample),
            };
            Dataset dataset = data.Load(parse);
            if (to > dataset.Count) throw new UsageException($"--k goes up to {to} but the data have only {dataset.Count} rows.");
            ClusterCountSweep sweep = ClusterCountSweep.Run(dataset, options, new ClusterCommand.WarningPrinter(parse.InvocationConfiguration.Error), cancellationToken);

            string table = Table(sweep);
            writer.Write(table);
            var picks = new List<string>();
            if (sweep.Elbow is { } elbow) picks.Add($"elbow k={elbow}");
            if (sweep.BestBySilhouette is { } silhouette) picks.Add($"silhouette k={silhouette}");
            if (sweep.BestByCalinskiHarabasz is { } ch) picks.Add($"Calinski–Harabasz k={ch}");
            if (sweep.BestByBic is { } bic) picks.Add($"BIC k={bic}");
            writer.WriteLine($"picks: {string.Join(", ", picks)}");
            if (parse.GetValue(output) is { } path) WriteCsv(path, sweep);
            if (parse.GetValue(plot) is { } png) AtomicFile.Write(png, stream => stream.Write(Plot(sweep, dataset.Name)));
            return ExitCodes.Success;
        }
    }

    internal static (int From, int To) ParseRange(string text)
    {
        string[] parts = text.Split("..");
        bool ok = (parts.Length == 1 || parts.Length == 2) && parts.All(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        if (!ok) throw new UsageException($"--k must be FROM..TO or a single number, got '{text}'.");
        int from = int.Parse(parts[0], CultureInfo.InvariantCulture);
        int to = int.Parse(parts[^1], CultureInfo.InvariantCulture);
        if (from < 1 || to < from) throw new UsageException($"--k needs 1 ≤ FROM ≤ TO, got '{text}'.");
        return (from, to);
    }

    private static string Table(ClusterCountSweep sweep)
    {
        bool mixture = sweep.Method == ClusterCountMethod.GaussianMixture;
        var text = new StringBuilder();
        text.AppendLine(mixture
            ? $"{"k",3} {"BIC",14} {"AIC",14} {"silhouette",10} {"Calinski–Harabasz",18} {"seconds",8}"
            : $"{"k",3} {"inertia",14} {"silhouette",10} {"Calinski–Harabasz",18} {"seconds",8}");
        foreach (ClusterCountScore s in sweep.Scores)
            text.AppendLine(mixture
                ? $"{s.Clusters,3} {Number(s.Bic),14} {Number(s.Aic),14} {Number(s.Silhouette, "0.0000"),10} {Number(s.CalinskiHarabasz),18} {s.Seconds,8:0.00}"
                : $"{s.Clusters,3} {Number(s.Inertia),14} {Number(s.Silhouette, "0.0000"),10} {Number(s.CalinskiHarabasz),18} {s.Seconds,8:0.00}");
        return text.ToString();
    }

    private static string Number(double value, string format = "G7") =>
        double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

    private static void WriteCsv(string path, ClusterCountSweep sweep)
    {
        var text = new StringBuilder("k,inertia,silhouette,calinski_harabasz,bic,aic,seconds\n");
        foreach (ClusterCountScore s in sweep.Scores)
            text.AppendLine(string.Join(",", new[] { s.Clusters, s.Inertia, s.Silhouette, s.CalinskiHarabasz, s.Bic, s.Aic, s.Seconds }
                .Select(v => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture))));
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>
    /// One picture of every criterion against k: each scaled to [0, 1] so that 1 is its best value (inertia, BIC and
    /// AIC are flipped, lower being better), the elbow — or BIC for a mixture — marked as the chosen k.
    /// </summary>
    internal static byte[] Plot(ClusterCountSweep sweep, string dataName)
    {
        int[] ks = sweep.Scores.Select(s => s.Clusters).ToArray();
        var series = new Dictionary<string, double[]>();
        void Add(string name, Func<ClusterCountScore, double> value, bool higherIsBetter, int? pick)
        {
            double[] raw = sweep.Scores.Select(value).ToArray();
            double[] finite = raw.Where(double.IsFinite).ToArray();
            if (finite.Length == 0) return;
            double low = finite.Min(), high = finite.Max(), span = high - low;
            double[] scaled = raw.Select(v => !double.IsFinite(v) ? double.NaN : span == 0 ? 1 : higherIsBetter ? (v - low) / span : (high - v) / span).ToArray();
            series[pick is { } k ? $"{name} (picks k = {k})" : name] = scaled;
        }
        if (sweep.Method == ClusterCountMethod.GaussianMixture)
        {
            Add("BIC", s => s.Bic, higherIsBetter: false, sweep.BestByBic);
            Add("AIC", s => s.Aic, higherIsBetter: false, null);
        }
        else
        {
            Add("inertia", s => s.Inertia, higherIsBetter: false, sweep.Elbow);
        }
        Add("silhouette", s => s.Silhouette, higherIsBetter: true, sweep.BestBySilhouette);
        Add("Calinski–Harabasz", s => s.CalinskiHarabasz, higherIsBetter: true, sweep.BestByCalinskiHarabasz);
        int? chosen = sweep.Method == ClusterCountMethod.GaussianMixture ? sweep.BestByBic : sweep.Elbow ?? sweep.BestBySilhouette;
        string method = sweep.Method == ClusterCountMethod.GaussianMixture ? "Gaussian mixture" : "k-means";
        return KSelectionPlot.Render(ks, series, "criterion scaled to [0, 1] (1 = best)", $"{dataName}: choosing k for {method}", chosen);
    }
}
