using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Data.Scaling;
using Agrupa.DeepClustering;
using Agrupa.Evaluation;

namespace Agrupa.Cli.Commands;

/// <summary>
/// <c>agrupa fit --data DATA --method M --clusters K [--preset quick|paper] [--scaling …] [--epochs N] --out model.agrupa</c>:
/// scales the data, fits one clustering method (<see cref="DeepClusteringPresets"/>) with progress on stderr, saves the
/// model together with its scaler (so <c>agrupa predict</c> applies the same map), and prints ACC/NMI/ARI when the
/// data have labels (labels are never used for fitting) and the wall time.
/// </summary>
internal static class FitCommand
{
    public static Command Create()
    {
        var loader = new DataArgument(asOption: true, "Data to fit on.");
        var method = new Option<string>("--method", "-m") { Description = "Method: " + string.Join(", ", DeepClusteringPresets.Methods) + " (dkm is dkmp, Deep k-Means with pretraining; dkma anneals α without pretraining).", Required = true };
        method.AcceptOnlyFromAmong([.. DeepClusteringPresets.Methods]);
        var clusters = new Option<int>("--clusters", "-k") { Description = "Number of clusters (at least 2).", Required = true };
        var preset = new Option<string>("--preset")
        {
            Description = "paper: the published protocol (hours on 2 cores for the deep methods); quick: pretraining 25 epochs and a short clustering stage (minutes on 10k–70k rows). See docs/cli.md.",
            DefaultValueFactory = _ => "paper",
        };
        preset.AcceptOnlyFromAmong([.. DeepClusteringPresets.Presets]);
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same model).", DefaultValueFactory = _ => 0 };
        var scaling = new Option<string?>("--scaling")
        {
            Description = "Feature scaling, stored in the model and reapplied by predict: none, minmax, standard or pixel (÷255). Default: pixel for images with values in [0, 255] (maximum above 16), none for images already in [0, 1], minmax otherwise.",
        };
        scaling.AcceptOnlyFromAmong("none", "minmax", "standard", "pixel");
        var epochs = new Option<int?>("--epochs") { Description = "Autoencoder pretraining epochs, replacing the preset's (deep methods with pretraining)." };
        var output = new Option<string>("--out", "-o") { Description = "Model file to write (e.g. model.agrupa), atomically.", Required = true };

        var command = new Command("fit", "Fit a clustering method (deep or classical) on a data set and save the model for 'agrupa predict'.");
        command.Options.Add(method);
        command.Options.Add(clusters);
        command.Options.Add(preset);
        command.Options.Add(seed);
        command.Options.Add(scaling);
        command.Options.Add(epochs);
        command.Options.Add(output);
        loader.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, cancellationToken)));
        return command;

        int Run(ParseResult parse, CancellationToken cancellationToken)
        {
            TextWriter writer = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error ?? Console.Error;
            string methodName = parse.GetValue(method)!;
            int k = parse.GetValue(clusters);
            int? epochCount = parse.GetValue(epochs);
            string outPath = parse.GetValue(output)!;
            if (k < 2) throw new UsageException($"--clusters must be at least 2, got {k}.");
            if (epochCount is < 1) throw new UsageException($"--epochs must be at least 1, got {epochCount}.");
            string? outFolder = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (outFolder is not null && !Directory.Exists(outFolder)) throw new DirectoryNotFoundException($"output folder not found: {outFolder}");
            IClusterer clusterer = DeepClusteringPresets.Create(methodName, parse.GetValue(preset)!, k, parse.GetValue(seed), epochCount);

            Dataset raw = loader.Load(parse);
            if (raw.Count < k) throw new UsageException($"--clusters {k} exceeds the {raw.Count} rows of {raw.Name}.");
            string scalingName = parse.GetValue(scaling) ?? DefaultScaling(raw);
            FittedScaler? scaler = CreateScaler(scalingName)?.Fit(raw);
            Dataset scaled = scaler is null ? raw : scaler.Transform(raw);

            if (methodName is not ("kmeans" or "gmm")) Runtime.NativeMemoryTuning.Apply();
            var clock = Stopwatch.StartNew();
            IClusteringModel model = ConsoleProgress.Run(error, progress => clusterer.Fit(scaled, progress, cancellationToken));
            double seconds = clock.Elapsed.TotalSeconds;
            try
            {
                ClusteringModelFile.Save(outPath, model, scaler);
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{clusterer.Name} on {raw.Name}: {raw.Count} rows × {raw.FeatureCount} features, scaling {scalingName}, {model.ClusterCount} clusters, fitted in {seconds:0.#} s"));
                if (raw.Labels is { } truth)
                {
                    ClusterScores scores = ClusterMetrics.Compute(truth, model.Labels);
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ACC {scores.Acc:0.0000}  NMI {scores.Nmi:0.0000}  ARI {scores.Ari:0.0000}  (labels used for evaluation only)"));
                }
                var sizes = model.Labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
                writer.WriteLine($"cluster sizes: {string.Join(", ", sizes)}");
                writer.WriteLine($"model written to {outPath}");
                return ExitCodes.Success;
            }
            finally
            {
                (model as IDisposable)?.Dispose();
            }
        }
    }

    /// <summary>
    /// The default scaling of <paramref name="data"/>: "pixel" for images whose values lie in [0, 255] with a maximum
    /// above 16 (8-bit pixels), "none" for images already in [0, 1], "minmax" otherwise (tables, and small-range images
    /// such as the 0–16 digits).
    /// </summary>
    internal static string DefaultScaling(Dataset data)
    {
        if (data.ImageShape is null || data.Count == 0) return "minmax";
        float min = System.Numerics.Tensors.TensorPrimitives.Min(data.Features.Span);
        float max = System.Numerics.Tensors.TensorPrimitives.Max(data.Features.Span);
        if (min >= 0 && max <= 1) return "none";
        return min >= 0 && max > 16 && max <= 255 ? "pixel" : "minmax";
    }

    /// <summary>"none", "minmax", "standard", "pixel" → the scaler (null for none).</summary>
    internal static IScaler? CreateScaler(string name) => name switch
    {
        "none" => null,
        "minmax" => new MinMaxScaler(),
        "standard" => new StandardScaler(),
        "pixel" => new PixelScaler(),
        _ => throw new UsageException($"--scaling must be none, minmax, standard or pixel, got '{name}'."),
    };
}
