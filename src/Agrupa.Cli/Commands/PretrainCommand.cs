using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Runtime;

namespace Agrupa.Cli.Commands;

/// <summary>
/// <c>agrupa pretrain</c>: trains a dense, convolutional (DCEC) or variational autoencoder, or a contrastive (SimCLR)
/// encoder, on a data set and saves it
/// as an Agrupa model file, with the loss curve as CSV beside it and checkpoints that <c>--resume</c> continues.
/// </summary>
internal static class PretrainCommand
{
    public static Command Create()
    {
        var data = new DataArgument(asOption: true, "Data set to train on (labels, if any, only stratify the validation split).");
        var arch = new Option<string>("--arch") { Description = "Network: dense (d-500-500-2000-e, DEC), conv (DCEC convolutional AE, needs square images), vae (VaDE's variational AE), dense-tied (DCN's reference d-2000-1000-500-500-250-e: mean-centred layers, tied weights) or contrastive (SimCLR image encoder, 128 features, no decoder; needs images).", DefaultValueFactory = _ => "dense" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs, end to end (DCEC pretrains 200); 0 with --layerwise-epochs: the layer-wise stage only, as DCN's reference.", DefaultValueFactory = _ => 200 };
        var layerwise = new Option<int>("--layerwise-epochs")
        {
            Description = "Greedy layer-wise pretraining first (dense and dense-tied): each layer trained alone for N epochs with the same optimizer, "
                + "--lr, --momentum and --batch-size, loss summed over the layer's inputs, as DEC's and DCN's reference code (DCN raw MNIST: "
                + "--arch dense-tied --optimizer sgd --momentum 0 --lr 0.01 --batch-size 128 --layerwise-epochs 50 --epochs 0). 0: none.",
            DefaultValueFactory = _ => 0,
        };
        var batch = new Option<int>("--batch-size") { Description = "Rows per step.", DefaultValueFactory = _ => 256 };
        var optimizer = new Option<string>("--optimizer") { Description = "adam, or sgd (heavy-ball momentum, --momentum): DEC-keras pretrains its MNIST and Fashion-MNIST autoencoder with SGD, --lr 1, --momentum 0.9, 300 epochs (Xie et al. 2016; XifengGuo/DEC-keras).", DefaultValueFactory = _ => "adam" };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum, in [0, 1) (ignored by adam).", DefaultValueFactory = _ => 0.9 };
        var rate = new Option<double>("--lr") { Description = "Learning rate of the optimizer.", DefaultValueFactory = _ => 1e-3 };
        var schedule = new Option<string>("--schedule") { Description = "Learning rate schedule: constant, or cosine (annealed to 0 over --epochs, as SimCLR; --resume to more epochs anneals over the new total from there on).", DefaultValueFactory = _ => "constant" };
        var decay = new Option<double>("--weight-decay") { Description = "Weight decay (L2), e.g. 1e-6 for the contrastive encoder.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights, shuffling and noise.", DefaultValueFactory = _ => 0 };
        var embedding = new Option<int>("--embedding") { Description = "Embedding dimension (the references use the number of clusters); contrastive: 128 unless given.", DefaultValueFactory = _ => 10 };
        var validation = new Option<double>("--validation") { Description = "Fraction of rows held out for the validation loss (stratified when labelled), e.g. 0.1.", DefaultValueFactory = _ => 0 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write <out>.ckpt every N epochs and after the last one, and keep it (it is also written on Ctrl+C or SIGTERM); with --layerwise-epochs, every N epochs of each layer and after each layer's last too.", DefaultValueFactory = _ => 0 };
        var resume = new Option<bool>("--resume") { Description = "Continue from <out>.ckpt (same data, seed, batch size and validation) to --epochs: after a stop, or beyond a finished run that kept its checkpoint (--checkpoint-every)." };
        var networkOptions = new Option<string?>("--network-options")
        {
            Description = "Network options laid over the architecture's defaults: a JSON object or a .json file, e.g. '{\"erasingProbability\": 0}' or "
                + "'{\"width\": 64}' for contrastive, '{\"hiddenSizes\": [500, 500, 2000]}' for dense. Names are the network's options record's "
                + "(camelCase; docs/methods/autoencoders.md; an unknown name is refused with the list); --arch chooses the type. Give the same with --resume.",
        };
        var output = new Option<string>("--out") { Description = "Model file to write (e.g. model.agrupa); the loss curve goes to <out>.loss.csv.", Required = true };
        var command = new Command("pretrain", "Train an autoencoder (reconstruction loss) or a contrastive image encoder (SimCLR) and save it as a model file.")
        {
            arch, epochs, layerwise, batch, optimizer, momentum, rate, schedule, decay, seed, embedding, validation, checkpointEvery, resume, networkOptions, output,
        };
        data.AddTo(command);
        command.SetAction(CancellableAction.Of((parse, cancellationToken) =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output;
            TextWriter stderr = parse.InvocationConfiguration.Error ?? Console.Error;
            int epochCount = parse.GetValue(epochs), batchSize = parse.GetValue(batch), dimensions = parse.GetValue(embedding), every = parse.GetValue(checkpointEvery);
            double learningRate = parse.GetValue(rate), held = parse.GetValue(validation);
            int layerwiseEpochs = parse.GetValue(layerwise);
            if (layerwiseEpochs < 0) throw new UsageException($"--layerwise-epochs must be ≥ 0, got {layerwiseEpochs}.");
            if (epochCount < 0 || (epochCount == 0 && layerwiseEpochs == 0))
                throw new UsageException($"--epochs must be at least 1 (0 only with --layerwise-epochs), got {epochCount}.");
            if (batchSize < 1) throw new UsageException($"--batch-size must be at least 1, got {batchSize}.");
            if (!(learningRate > 0)) throw new UsageException($"--lr must be > 0, got {learningRate}.");
            string optimizerName = parse.GetValue(optimizer)!;
            if (optimizerName is not ("adam" or "sgd")) throw new UsageException($"--optimizer must be adam or sgd, got '{optimizerName}'.");
            double momentumValue = parse.GetValue(momentum);
            if (!(momentumValue is >= 0 and < 1)) throw new UsageException($"--momentum must be in [0, 1), got {momentumValue}.");
            string scheduleName = parse.GetValue(schedule)!;
            if (scheduleName is not ("constant" or "cosine")) throw new UsageException($"--schedule must be constant or cosine, got '{scheduleName}'.");
            double weightDecay = parse.GetValue(decay);
            if (!(weightDecay >= 0 && double.IsFinite(weightDecay))) throw new UsageException($"--weight-decay must be ≥ 0, got {weightDecay}.");
            if (dimensions < 1) throw new UsageException($"--embedding must be at least 1, got {dimensions}.");
            if (held is < 0 or >= 1) throw new UsageException($"--validation must be in [0, 1), got {held}.");
            if (every < 0) throw new UsageException($"--checkpoint-every must be ≥ 0, got {every}.");
            string architecture = parse.GetValue(arch)!;
            if (architecture is not ("dense" or "conv" or "vae" or "dense-tied" or "contrastive"))
                throw new UsageException($"--arch must be dense, conv, vae, dense-tied or contrastive, got '{architecture}'.");
            if (layerwiseEpochs > 0 && architecture is not ("dense" or "dense-tied"))
                throw new UsageException($"--layerwise-epochs needs --arch dense or dense-tied, got '{architecture}'.");
            string outPath = parse.GetValue(output)!;
            string checkpoint = outPath + ".ckpt";
            if (parse.GetValue(resume) && !File.Exists(checkpoint)) throw new FileNotFoundException($"file not found: {checkpoint} (nothing to resume)", checkpoint);

            NativeMemoryTuning.Apply();
            Dataset raw = data.Load(parse);
            (Dataset scaled, JsonObject scaler) = ScaleToUnitRange(raw);
            AutoencoderArchitecture kind = architecture switch
            {
                "conv" => AutoencoderArchitecture.Convolutional, "vae" => AutoencoderArchitecture.Variational, "dense-tied" => AutoencoderArchitecture.DenseTied,
                "contrastive" => AutoencoderArchitecture.Contrastive, _ => AutoencoderArchitecture.Dense,
            };
            var reducerOptions = new AutoencoderReducerOptions
            {
                Architecture = kind,
                // An explicit --embedding always counts; otherwise the contrastive encoder keeps its 128 features.
                EmbeddingSize = parse.GetResult(embedding) is { Implicit: false } ? dimensions : AutoencoderReducerOptions.EmbeddingSizeFor(kind, dimensions),
                Seed = parse.GetValue(seed),
                Training = new TrainerOptions
                {
                    Epochs = Math.Max(1, epochCount), BatchSize = batchSize, LearningRate = learningRate, Seed = parse.GetValue(seed), WeightDecay = weightDecay,
                    Optimizer = optimizerName == "sgd" ? OptimizerKind.Sgd : OptimizerKind.Adam, Momentum = momentumValue,
                    Schedule = scheduleName == "cosine" ? LearningRateSchedule.Cosine : LearningRateSchedule.Constant,
                    ValidationFraction = held, CheckpointEvery = every, CheckpointPath = checkpoint,
                },
                EndToEnd = epochCount > 0,
            };
            if (layerwiseEpochs > 0)
                reducerOptions = reducerOptions with
                {
                    // LayerwisePretraining takes the checkpoint settings of Training and ignores the validation split.
                    LayerwiseTraining = reducerOptions.Training with { Epochs = layerwiseEpochs, Schedule = LearningRateSchedule.Constant },
                };
            AutoencoderOptions description = new AutoencoderReducer(reducerOptions).NetworkFor(scaled);
            if (parse.GetValue(networkOptions) is { } networkText)
            {
                (JsonElement overrides, string source) = FitCommand.ReadOptions(networkText, "--network-options");
                description = OverlayNetwork(description, overrides, source);
                reducerOptions = reducerOptions with { Network = description };
            }
            var reducer = new AutoencoderReducer(reducerOptions);

            try
            {
                using AutoencoderModel model = ConsoleProgress.Run(stderr, progress => parse.GetValue(resume)
                    ? reducer.Resume(checkpoint, scaled, progress, cancellationToken)
                    : reducer.Fit(scaled, progress, cancellationToken));
                model.Scaler = scaler;
                model.Save(outPath);
                string curve = outPath + ".loss.csv";
                AtomicFile.WriteAllText(curve, TrainingHistory.ToCsv(model.History));
                // With --checkpoint-every the last epoch's checkpoint stays, so '--resume --epochs MORE' continues the run.
                if (every == 0 && File.Exists(checkpoint)) File.Delete(checkpoint);
                var last = model.History[^1];
                string validationText = last.ValidationLoss is { } v ? string.Create(CultureInfo.InvariantCulture, $", validation loss {v:G5}") : "";
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{outPath}: {description.GetType().Name.Replace("Options", "")} {model.InputSize}→{model.EmbeddingSize}, {model.History.Count} epochs, train loss {last.TrainingLoss:G5}{validationText}; loss curve {curve}"));
                return ExitCodes.Success;
            }
            catch (OperationCanceledException) when (File.Exists(checkpoint))
            {
                stderr.WriteLine($"agrupa: cancelled; checkpoint written to {checkpoint} (continue with --resume).");
                return ExitCodes.Cancelled;
            }
        }));
        return command;
    }

    /// <summary>
    /// <paramref name="overrides"/> laid over <paramref name="defaults"/> (names case-insensitive; nested objects merge
    /// member by member); an unknown or mistyped name, or another network type, is a <see cref="UsageException"/>
    /// naming <paramref name="source"/>, an out-of-range value an <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    internal static AutoencoderOptions OverlayNetwork(AutoencoderOptions defaults, JsonElement overrides, string source)
    {
        JsonNode given = JsonSerializer.SerializeToNode(overrides)!; // written out again: the lenient reader kept comments and trailing commas
        if (given is JsonObject members && members.Any(m => string.Equals(m.Key, "type", StringComparison.OrdinalIgnoreCase)))
            throw new UsageException($"{source}: the network type comes from --arch; leave \"type\" out.");
        JsonNode defaultNode = JsonSerializer.SerializeToNode(defaults, AutoencoderJson.Options)!;
        JsonNode merged = Experiments.MethodContext.Merge(defaultNode, given);
        AutoencoderOptions result;
        try
        {
            result = merged.Deserialize<AutoencoderOptions>(AutoencoderJson.Strict)
                ?? throw new UsageException($"{source}: expected a JSON object of network options.");
        }
        catch (JsonException exception) when (exception.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            string known = string.Join(", ", ((JsonObject)defaultNode).Select(m => m.Key).Where(k => k is not ("type" or "inputSize")));
            throw new UsageException($"{source}: unknown option {exception.Path?.TrimStart('$', '.')} for this network; its options are {known}.");
        }
        catch (JsonException exception)
        {
            throw new UsageException($"{source}: {exception.Message.Split(" Path:")[0]}{(exception.Path is { } path ? $" (at {path})" : "")}");
        }
        result.Validate();
        return result;
    }

    /// <summary>Divides by the largest value when it exceeds 1 (pixel intensities 0..255 or 0..16), as the references scale images to [0, 1].</summary>
    internal static (Dataset Data, JsonObject Scaler) ScaleToUnitRange(Dataset data)
    {
        float max = System.Numerics.Tensors.TensorPrimitives.Max(data.Features.Span);
        float min = System.Numerics.Tensors.TensorPrimitives.Min(data.Features.Span);
        float divisor = max > 1 ? max : 1;
        var scaler = new JsonObject { ["kind"] = "divide", ["divisor"] = divisor, ["trainingMin"] = min, ["trainingMax"] = max };
        return (ApplyScaler(data, scaler), scaler);
    }

    /// <summary>Applies a scaler stored in a model header (see <see cref="ScaleToUnitRange"/>).</summary>
    internal static Dataset ApplyScaler(Dataset data, JsonObject? scaler)
    {
        if (scaler is null || (string?)scaler["kind"] != "divide") return data;
        float divisor = (float)scaler["divisor"]!;
        if (divisor == 1) return data;
        float[] values = data.Features.ToArray();
        System.Numerics.Tensors.TensorPrimitives.Divide(values, divisor, values);
        return data.WithFeatures(values, data.FeatureCount, keepImageShape: true);
    }
}
