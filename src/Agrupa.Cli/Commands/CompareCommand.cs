using System.CommandLine;
using Agrupa.Experiments;

namespace Agrupa.Cli.Commands;

/// <summary><c>agrupa compare --data NAME|PATH --methods a,b,c --seeds 3 --out DIR</c>: an experiment from the command line.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Catalogue name (e.g. digits, iris, fashion-mnist) or a data file.", Required = true };
        var methods = new Option<string>("--methods") { Description = "Comma-separated pipelines, e.g. kmeans,pca50+gmm,umap2+kmeans (the methods of this build are listed above).", Required = true };
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds (0, 1, …); every method runs once per seed.", DefaultValueFactory = _ => 3 };
        var clusters = new Option<int?>("--clusters") { Description = "Clusters asked of every method (default: the number of classes)." };
        var scaling = new Option<string>("--scaling") { Description = "Feature scaling: none, zscore, minmax or pixel.", DefaultValueFactory = _ => "none" };
        var metrics = new Option<string>("--metrics") { Description = "Comma-separated metrics.", DefaultValueFactory = _ => string.Join(',', ExperimentSpecReader.DefaultMetrics) };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default ./compare-<data>); finished runs found there are not repeated." };
        var command = new Command("compare", "Compare clustering methods on one data set over several seeds: table, results.csv and an HTML report.\n" + MethodList())
        {
            data, methods, seeds, clusters, scaling, metrics, output,
        };
        command.SetAction(CancellableAction.Of((parse, cancellationToken) =>
        {
            string source = parse.GetValue(data)!;
            string[] names = parse.GetValue(methods)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            int seedCount = parse.GetValue(seeds);
            if (names.Length == 0) throw new UsageException("--methods needs at least one method name.");
            if (seedCount < 1) throw new UsageException($"--seeds must be at least 1, got {seedCount}.");
            if (parse.GetValue(clusters) is int k && k < 1) throw new UsageException($"--clusters must be at least 1, got {k}.");
            if (!DataScalingNames.TryParse(parse.GetValue(scaling)!, out DataScaling chosenScaling))
                throw new UsageException($"--scaling must be one of {string.Join(", ", DataScalingNames.All)}, got '{parse.GetValue(scaling)}'.");
            MethodRegistry registry = ExperimentServices.Methods();
            foreach (string name in names)
                if (!registry.CanBuild(name, out string reason)) throw new UsageException($"--methods: {reason}.");
            if (!File.Exists(source) && !Directory.Exists(source) && !Data.DatasetCatalog.Contains(source))
                throw new FileNotFoundException($"no file, folder or catalogue data set named '{source}' (catalogue: {string.Join(", ", Data.DatasetCatalog.Names)}).");
            bool isFile = File.Exists(source);
            string label = isFile ? Path.GetFileNameWithoutExtension(source) : source;
            string json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["name"] = "compare-" + ExperimentLayout.Slug(label),
                ["data"] = isFile ? new Dictionary<string, object?> { ["path"] = Path.GetFullPath(source), ["scaling"] = chosenScaling.ToSpecName() }
                                  : new Dictionary<string, object?> { ["name"] = source, ["scaling"] = chosenScaling.ToSpecName() },
                ["clusters"] = parse.GetValue(clusters),
                ["pipelines"] = names,
                ["seeds"] = seedCount,
                ["metrics"] = parse.GetValue(metrics)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            });
            ExperimentSpec spec;
            try
            {
                spec = ExperimentSpecReader.Parse(json, "command line");
            }
            catch (Data.DataFormatException exception)
            {
                throw new UsageException(exception.Detail);
            }
            string folder = parse.GetValue(output)?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), spec.Name);
            ExperimentOutcome outcome = ExperimentSession.Run(spec, folder, parse.InvocationConfiguration.Output, cancellationToken);
            return ExperimentSession.ExitCode(outcome);
        }));
        return command;
    }

    private static string MethodList()
    {
        MethodRegistry registry = ExperimentServices.Methods();
        string clusterers = registry.Clusterers.Count == 0 ? "none in this build" : string.Join(", ", registry.Clusterers.Select(c => c.Name));
        string reducers = registry.Reducers.Count == 0 ? "none in this build" : string.Join(", ", registry.Reducers.Select(r => r.Name));
        return $"Clusterers: {clusterers}. Reducers (add the dimension, then '+' and a clusterer, e.g. pca50+gmm): {reducers}.";
    }
}
