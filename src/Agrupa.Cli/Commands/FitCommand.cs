using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Data.Scaling;
using Agrupa.DeepClustering;
using Agrupa.Evaluation;
using Agrupa.Experiments;
using Agrupa.Neural;

namespace Agrupa.Cli.Commands;

/// <summary>
/// <c>agrupa fit --data DATA --method M --clusters K [--preset quick|paper] [--options JSON] [--scaling …] [--epochs N |
/// --pretrained AE] --out model.agrupa</c>: scales the data, fits one clustering method (<see cref="DeepClusteringPresets"/>,
/// with <c>--options</c> laid over the preset's options as an experiment pipeline's <c>"clusterer"</c>) with
/// progress on stderr — from the autoencoder of an <c>agrupa pretrain</c> model file instead of pretraining, with
/// <c>--pretrained</c> — saves the model together with its scaler (so <c>agrupa predict</c> applies the same map), and
/// prints ACC/NMI/ARI when the data have labels (labels are never used for fitting) and the wall time.
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
        var pretrained = new Option<string[]>("--pretrained")
        {
            Description = "Start from this autoencoder (a model file of 'agrupa pretrain', which runs the papers' long pretraining in resumable pieces) instead of pretraining; for dec, idec, dcec, dcn, dkm, dkmp and n2d. "
                + "Its network must be the method's kind (conv for dcec, dense for the others), except that n2d and dec, which only encode, take any (a contrastive encoder too); without --scaling the data are divided by the number its pretraining divided them by. "
                + "n2d takes it more than once: every further network is a view whose embedding joins the first one's before UMAP (e.g. --pretrained ae.agrupa --pretrained simclr.agrupa).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var settings = new Option<string?>("--options")
        {
            Description = "Options laid over the preset's, as an experiment pipeline's \"clusterer\" object: a JSON object or a .json file, "
                + "e.g. '{\"maxIterations\": 6000, \"pretraining\": {\"batchSize\": 128}}'. Names are the method's options record's (docs/cli.md); they win over --epochs.",
        };
        var output = new Option<string>("--out", "-o") { Description = "Model file to write (e.g. model.agrupa), atomically.", Required = true };
        var checkpointEvery = new Option<int>("--checkpoint-every")
        {
            Description = "dec, idec, dcec, dcn, dkm(a/p), vade: also write the training stage's checkpoint <out>.ckpt every N of its epochs, and keep it after the fit "
                + "(so a finished fit can be continued with a larger maxIterations, epochs or alphaSteps). Without it the checkpoint is written only on Ctrl+C or SIGTERM "
                + "and removed after a finished fit. The autoencoder pretraining before the stage (without --pretrained) keeps <out>.pretraining.ckpt the same way. "
                + "n2d keeps the pretraining of each network it trains itself: <out>.pretraining.ckpt for the autoencoder, <out>.pretraining-2.ckpt, -3, … for its views "
                + "(every N epochs, on Ctrl+C or SIGTERM, and after each network's last epoch until the fit ends).",
            DefaultValueFactory = _ => 0,
        };
        var resume = new Option<bool>("--resume")
        {
            Description = "dec, idec, dcec, dcn, dkm(a/p), vade: continue the training stage from <out>.ckpt, or the pretraining from <out>.pretraining.ckpt (same data, method, options and --pretrained network; "
                + "maxIterations, epochs or alphaSteps may grow) instead of pretraining and initialising the clusters again. n2d: continue each network's pretraining from its "
                + "<out>.pretraining[-N].ckpt (a finished one is loaded), then run UMAP and the mixture. Give --pretrained again when the stopped fit had it.",
        };

        var command = new Command("fit", "Fit a clustering method (deep or classical) on a data set and save the model for 'agrupa predict'.");
        command.Options.Add(method);
        command.Options.Add(clusters);
        command.Options.Add(preset);
        command.Options.Add(seed);
        command.Options.Add(scaling);
        command.Options.Add(epochs);
        command.Options.Add(pretrained);
        command.Options.Add(settings);
        command.Options.Add(output);
        command.Options.Add(checkpointEvery);
        command.Options.Add(resume);
        loader.AddTo(command);
        command.SetAction(CancellableAction.Of(Run));
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
            string[] startPaths = parse.GetValue(pretrained) ?? [];
            string? startPath = startPaths.FirstOrDefault();
            if (startPath is not null && epochCount is not null)
                throw new UsageException("--epochs and --pretrained exclude each other: the pretrained autoencoder replaces the pretraining.");
            string? outFolder = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (outFolder is not null && !Directory.Exists(outFolder)) throw new DirectoryNotFoundException($"output folder not found: {outFolder}");
            IClusterer clusterer = DeepClusteringPresets.Create(methodName, parse.GetValue(preset)!, k, parse.GetValue(seed), epochCount);
            if (parse.GetValue(settings) is { } optionsText)
            {
                (JsonElement overrides, string source) = ReadOptions(optionsText);
                clusterer = BuiltInMethods.WithOptions(clusterer, overrides, source); // a bad option: ArgumentException, exit 2
            }

            int every = parse.GetValue(checkpointEvery);
            bool resuming = parse.GetValue(resume);
            if (every < 0) throw new UsageException($"--checkpoint-every must be ≥ 0, got {every}.");
            if ((every > 0 || resuming) && clusterer is not (ICheckpointingClusterer or N2d))
                throw new UsageException($"--checkpoint-every and --resume apply to the deep methods dec, idec, dcec, dcn, dkm, dkma, dkmp, vade and n2d, not {methodName}.");
            // These methods keep checkpoints of their pretraining and training stage (always on Ctrl+C or SIGTERM); n2d of each network it pretrains.
            string checkpointPath = outPath + ".ckpt";
            ClusteringCheckpoint? checkpoint = clusterer is ICheckpointingClusterer ? new ClusteringCheckpoint(checkpointPath, every, resuming) : null;
            string[] pretrainingPaths = Enumerable.Range(0, clusterer is N2d n2dViews ? 1 + n2dViews.Options.Views.Count : 1).Select(v => PretrainingCheckpoint(outPath, v)).ToArray();
            if (resuming && !File.Exists(checkpointPath) && !pretrainingPaths.Any(File.Exists))
                throw new FileNotFoundException($"file not found: {checkpointPath} or {string.Join(" or ", pretrainingPaths)} (nothing to resume)", checkpointPath);

            if (startPath is not null && clusterer is not IPretrainingClusterer)
                throw new UsageException($"--pretrained applies to the methods that pretrain an autoencoder (dec, idec, dcec, dcn, dkm, dkmp, n2d), not {methodName}.");
            if (startPaths.Length > 1 && clusterer is not N2d)
                throw new UsageException($"--pretrained is given {startPaths.Length} times; only n2d joins several networks (as views), {methodName} starts from one.");

            Dataset raw = loader.Load(parse);
            if (raw.Count < k) throw new UsageException($"--clusters {k} exceeds the {raw.Count} rows of {raw.Name}.");
            using var starts = new LoadedNetworks(startPaths);
            AutoencoderModel? start = starts.Models.FirstOrDefault();
            float? divisor = start is null ? null : PretrainedStart.Divisor(start);
            for (int i = 1; i < starts.Models.Count; i++)
                if (PretrainedStart.Divisor(starts.Models[i]) is var other && other != divisor)
                    throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                        $"{startPaths[i]} was pretrained on data divided by {other?.ToString() ?? "nothing"}, {startPath} by {divisor?.ToString() ?? "nothing"}: the networks of one model must read the same values."));
            string scalingName;
            FittedScaler? scaler;
            if (divisor is { } d && parse.GetValue(scaling) is null)
            {
                // Feed the network what 'agrupa pretrain' fed it: every value divided by the same number.
                scalingName = d == 1 ? "none" : string.Create(CultureInfo.InvariantCulture, $"pixel (÷{d}, as pretrained)");
                scaler = d == 1 ? null : new PixelScaler(d).Fit(raw);
            }
            else
            {
                scalingName = parse.GetValue(scaling) ?? DefaultScaling(raw);
                scaler = CreateScaler(scalingName)?.Fit(raw);
                if (divisor is { } pretrainedDivisor && !(scalingName == "pixel" && pretrainedDivisor == 255 || scalingName == "none" && pretrainedDivisor == 1))
                    throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                        $"{startPath} was pretrained on data divided by {pretrainedDivisor}; --scaling {scalingName} would feed it other values (leave --scaling out to divide by the same number)."));
            }
            Dataset scaled = scaler is null ? raw : scaler.Transform(raw);
            for (int i = 0; i < starts.Models.Count; i++)
                if (PretrainedStart.Mismatch(starts.Models[i], startPaths[i], (IPretrainingClusterer)clusterer, scaled) is { } reason) throw new UsageException(reason);

            if (methodName is not ("kmeans" or "gmm")) Runtime.NativeMemoryTuning.Apply();
            var clock = Stopwatch.StartNew();
            DateTime started = DateTime.UtcNow;
            IClusteringModel model;
            try
            {
                // --pretrained is refused above for the methods that pretrain nothing (kmeans, gmm); only n2d takes several.
                model = ConsoleProgress.Run(error, progress => (clusterer, checkpoint) switch
                {
                    (N2d n2d, _) => n2d.Fit(scaled, starts.Models, v => PretrainingCheckpoint(outPath, v), every, resuming, progress, cancellationToken),
                    (ICheckpointingClusterer keeping, not null) => FitKeeping(keeping, scaled, start, checkpoint, pretrainingPaths[0], progress, cancellationToken),
                    _ => clusterer.Fit(scaled, progress, cancellationToken),
                });
            }
            catch (OperationCanceledException) when ((checkpoint is not null || clusterer is N2d)
                && pretrainingPaths.Prepend(checkpointPath).Where(p => File.Exists(p) && File.GetLastWriteTimeUtc(p) >= started)
                    .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() is { } written)
            {
                error.WriteLine($"agrupa: cancelled; checkpoint written to {written} (continue with the same command and --resume).");
                return ExitCodes.Cancelled;
            }
            double seconds = clock.Elapsed.TotalSeconds;
            try
            {
                for (int i = 0; i < starts.Models.Count; i++)
                    writer.WriteLine($"started from the {(i == 0 ? "autoencoder" : "view")} in {startPaths[i]} ({starts.Models[i].History.Count} pretraining epochs)");
                ClusteringModelFile.Save(outPath, model, scaler);
                // With --checkpoint-every the last checkpoint stays, so a larger maxIterations and --resume continue the stage.
                if (checkpoint is not null && every == 0 && File.Exists(checkpointPath)) File.Delete(checkpointPath);
                foreach (string kept in pretrainingPaths.Where(File.Exists)) File.Delete(kept);   // the stage's checkpoint (or the model) holds the pretrained networks
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{clusterer.Name} on {raw.Name}: {raw.Count} rows × {raw.FeatureCount} features, scaling {scalingName}, {model.ClusterCount} clusters, fitted in {seconds:0.#} s"));
                if (model is N2dModel { Consensus: not null } drawn)
                {
                    // Label-free: how far the single draws are from their consensus, and how sure its vote is.
                    double[] agreement = drawn.Mixtures.Select(m => ClusterMetrics.Compute(drawn.Labels, m.Labels).Ari).ToArray();
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"consensus of {agreement.Length} draws: ARI of a draw with it {agreement.Min():0.000}–{agreement.Max():0.000} (mean {agreement.Average():0.000}), mean confidence {drawn.ConsensusConfidence!.Average():0.000}"));
                }
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
    /// Fits a checkpointing clusterer: a stage checkpoint to resume is continued as it is; otherwise the autoencoder
    /// pretraining the method would do itself runs here, keeping <paramref name="pretrainingPath"/> (continued when
    /// resuming), and the clusterer starts from it. The result is the model the method's own pretraining gives. VaDE,
    /// which pretrains inside its fit, gets <paramref name="pretrainingPath"/> to keep instead.
    /// </summary>
    private static DeepClusteringModel FitKeeping(ICheckpointingClusterer clusterer, Dataset data, AutoencoderModel? start, ClusteringCheckpoint checkpoint,
        string pretrainingPath, IProgress<Agrupa.Runtime.TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        bool stageResumes = checkpoint.Resume && File.Exists(checkpoint.Path);
        if (clusterer is not IPretrainingClusterer pretraining)
        {
            // VaDE pretrains its own network inside its fit: it keeps that pretraining's checkpoint itself.
            return clusterer.Fit(data, start, checkpoint with
            {
                Resume = stageResumes, PretrainingPath = pretrainingPath, ResumePretraining = !stageResumes && checkpoint.Resume && File.Exists(pretrainingPath),
            }, progress, cancellationToken);
        }
        if (start is not null || stageResumes || pretraining.Pretraining(data) is not { } reducer)
            return clusterer.Fit(data, start, checkpoint with { Resume = stageResumes }, progress, cancellationToken);
        bool resumePretraining = checkpoint.Resume && File.Exists(pretrainingPath);
        using AutoencoderModel pretrained = reducer.Fit(data, pretrainingPath, checkpoint.Every, resumePretraining, progress, cancellationToken);
        return clusterer.Fit(data, pretrained, checkpoint with { Resume = false }, progress, cancellationToken);
    }

    /// <summary>The pretraining checkpoint of network <paramref name="view"/> (0: the autoencoder) of the fit writing <paramref name="outPath"/>.</summary>
    internal static string PretrainingCheckpoint(string outPath, int view) =>
        view == 0 ? outPath + ".pretraining.ckpt" : string.Create(CultureInfo.InvariantCulture, $"{outPath}.pretraining-{view + 1}.ckpt");

    /// <summary>
    /// The <c>--options</c> value as a JSON object: the text itself when it starts with '{', else the file it names
    /// (comments and trailing commas allowed, as in experiment specs); with the name to cite in errors.
    /// </summary>
    internal static (JsonElement Options, string Source) ReadOptions(string value, string option = "--options")
    {
        bool inline = value.TrimStart().StartsWith('{');
        string source = inline ? option : value;
        if (!inline && !File.Exists(value))
            throw new UsageException($"{option}: no such file: {value} (give a JSON object such as '{{\"maxIterations\": 6000}}' or a .json file).");
        string text = inline ? value : File.ReadAllText(value);
        try
        {
            using var document = JsonDocument.Parse(text, ExperimentSpecReader.Lenient);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new UsageException($"{source}: expected a JSON object of options, got a {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            return (document.RootElement.Clone(), source);
        }
        catch (JsonException exception)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"{source}: not valid JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}: {exception.Message.Split(" LineNumber")[0]}"));
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

    /// <summary>The <c>--pretrained</c> model files, loaded in order and disposed together.</summary>
    private sealed class LoadedNetworks : IDisposable
    {
        private readonly List<AutoencoderModel> _models = [];

        public LoadedNetworks(IEnumerable<string> paths)
        {
            try
            {
                foreach (string path in paths) _models.Add(AutoencoderModel.Load(path));
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public IReadOnlyList<AutoencoderModel> Models => _models;

        public void Dispose()
        {
            foreach (AutoencoderModel model in _models) model.Dispose();
        }
    }
}
