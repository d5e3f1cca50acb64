using System.Diagnostics;
using System.Text.Json.Nodes;
using Agrupa.Data;
using Agrupa.Persistence;
using Agrupa.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// Mini-batch training of any TorchSharp module with a per-batch loss function: Adam or SGD with momentum, learning
/// rate schedules, seeded shuffling, a (stratified) validation split, early stopping, progress with throughput and ETA,
/// cancellation between steps, NaN/Inf guards, atomic checkpoints and exact resume.
/// </summary>
/// <remarks>
/// Determinism: the order of rows in epoch e is a permutation drawn from (Seed, e), and torch's global generator is
/// reseeded from (Seed, e, step) before every step, so a run resumed from a checkpoint replays exactly the steps of an
/// uninterrupted run: with the same thread count the final weights are bit-identical. Every step runs in its own
/// dispose scope; only a float leaves it.
/// </remarks>
public sealed class Trainer
{
    private const string CheckpointKind = "training-checkpoint";
    private const string StatePrefix = "state.";
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The samples/s and remaining time of progress reports are measured over this last stretch (<see cref="RecentRate"/>).</summary>
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(60);
    private readonly TrainerOptions _options;

    /// <summary>Creates a trainer; throws <see cref="ArgumentOutOfRangeException"/> naming an invalid option.</summary>
    public Trainer(TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
    }

    /// <summary>The options.</summary>
    public TrainerOptions Options => _options;

    /// <summary>
    /// Trains <paramref name="module"/> (all its parameters) on the rows of <paramref name="data"/> by minimising
    /// <paramref name="loss"/>. Throws <see cref="OperationCanceledException"/> after writing a checkpoint (when a path
    /// is set) if cancelled, <see cref="ArgumentException"/> when the input holds a NaN/±∞ (row and feature named), and
    /// <see cref="TrainingDivergedException"/> when the loss or a gradient becomes NaN/Inf.
    /// </summary>
    /// <param name="module">The network(s) to train; its parameters are optimised, its device receives the batches.</param>
    /// <param name="data">Training rows (labels, when present, stratify the validation split; they are never used otherwise).</param>
    /// <param name="loss">Loss of one batch.</param>
    /// <param name="progress">Receives a report at most every 250 ms and after every epoch.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <param name="callbacks">Optional hooks between steps and epochs.</param>
    /// <param name="stage">Name shown in progress reports.</param>
    public TrainingResult Fit(nn.Module module, Dataset data, BatchLoss loss, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default, TrainingCallbacks? callbacks = null, string stage = "train")
        => Run(module, data, loss, null, progress, cancellationToken, callbacks, stage);

    /// <summary>
    /// Continues the run saved in <paramref name="checkpointPath"/> (written by this trainer with the same seed, batch
    /// size, shuffling, validation fraction and data) to <see cref="TrainerOptions.Epochs"/>. The module must have the
    /// architecture of the checkpointed one; its weights are replaced. An uninterrupted run and an interrupted and
    /// resumed one reach the same final weights. With <see cref="TrainerOptions.CheckpointEvery"/> set, a run also
    /// checkpoints its last epoch, so a finished run can be continued to more epochs (with a constant or step rate, the
    /// same weights as one run of that many epochs; a cosine schedule depends on the total and would differ).
    /// </summary>
    public TrainingResult Resume(string checkpointPath, nn.Module module, Dataset data, BatchLoss loss, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default, TrainingCallbacks? callbacks = null, string stage = "train")
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        var checkpoint = ModelFile.Read(checkpointPath, CheckpointKind);
        return Run(module, data, loss, (checkpoint, checkpointPath), progress, cancellationToken, callbacks, stage);
    }

    /// <summary>
    /// What the caller kept in the checkpoint at <paramref name="checkpointPath"/> (<see cref="TrainingCallbacks.CaptureState"/>'s
    /// header), or null when it kept nothing: a caller with several stages reads it to know which stage to continue.
    /// </summary>
    internal static JsonObject? CallerState(string checkpointPath) => ModelFile.Read(checkpointPath, CheckpointKind).Header["state"] as JsonObject;

    private TrainingResult Run(nn.Module module, Dataset data, BatchLoss loss, (ModelFileContent Content, string Path)? checkpoint,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, TrainingCallbacks? callbacks, string stage)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loss);
        ThreadBudget.ApplyToTorch();
        CheckFinite(data);
        var state = new RunState();
        (int[] trainRows, int[] validationRows) = ValidationSplit.Split(data.Count, data.Labels, _options.ValidationFraction, _options.Seed);
        int batch = _options.BatchSize;
        int stepsPerEpoch = (trainRows.Length + batch - 1) / batch;
        Parameter[] parameters = module.parameters().ToArray();
        if (parameters.Length == 0) throw new ArgumentException("The module has no parameters to train.", nameof(module));
        Device device = parameters[0].device;
        bool wasTraining = module.training;

        using TorchTensor rows = torch.tensor(data.FeatureArray, [data.Count, data.FeatureCount], ScalarType.Float32, device);
        using optim.Optimizer optimizer = CreateOptimizer(parameters);
        if (checkpoint is { } saved) state.Load(saved.Content, saved.Path, module, optimizer, Fingerprint(data), _options, callbacks?.RestoreState);

        var clock = Stopwatch.StartNew();
        var rate = new RecentRate(RateWindow);
        long stepsThisRun = 0;
        long plannedSteps = (long)(_options.Epochs - state.Epoch) * stepsPerEpoch - state.Step;
        TimeSpan lastReport = TimeSpan.Zero;
        bool stoppedEarly = false, stoppedByCallback = false;
        try
        {
            for (; state.Epoch < _options.Epochs && !stoppedByCallback; state.Epoch++, state.Step = 0)
            {
                int epoch = state.Epoch;
                double learningRate = _options.LearningRateAt(epoch);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
                int[] order = trainRows;
                if (_options.Shuffle)
                {
                    order = (int[])trainRows.Clone();
                    new Random(SeedMixer.MixToInt(_options.Seed, epoch)).Shuffle(order);
                }
                var epochClock = Stopwatch.StartNew();
                module.train();
                for (; state.Step < stepsPerEpoch; state.Step++)
                {
                    int step = state.Step;
                    if (cancellationToken.IsCancellationRequested)
                    {
                        if (_options.CheckpointPath is { } path) state.Save(path, module, optimizer, Fingerprint(data), _options, callbacks?.CaptureState);
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                    if (callbacks?.BeforeStep is { } before && !before(epoch, state.GlobalStep))
                    {
                        stoppedByCallback = true;
                        break;
                    }
                    int start = step * batch;
                    int[] indices = order[start..Math.Min(start + batch, order.Length)];
                    float value = TrainStep(module, optimizer, parameters, rows, indices, loss, state, callbacks);
                    state.LossSum += (double)value * indices.Length;
                    state.Samples += indices.Length;
                    state.GlobalStep++;
                    stepsThisRun++;
                    if (progress is not null && clock.Elapsed - lastReport >= ProgressInterval)
                    {
                        lastReport = clock.Elapsed;
                        progress.Report(Report(stage, epoch, step + 1, stepsPerEpoch, state, null, rate.Add(clock.Elapsed, stepsThisRun), stepsThisRun, plannedSteps, batch));
                    }
                }
                if (state.Samples == 0) break;
                double? validation = validationRows.Length == 0 ? null : Evaluate(module, rows, validationRows, loss, epoch, state.GlobalStep);
                module.train();
                var summary = new EpochSummary(epoch + 1, state.LossSum / state.Samples, validation, learningRate, epochClock.Elapsed.TotalSeconds,
                    state.Terms.ToDictionary(p => p.Key, p => p.Value / state.Samples));
                state.History.Add(summary);
                state.ResetEpochSums();
                callbacks?.AfterEpoch?.Invoke(summary);
                progress?.Report(Report(stage, epoch, stepsPerEpoch, stepsPerEpoch, state, summary, rate.Add(clock.Elapsed, stepsThisRun), stepsThisRun, plannedSteps, batch));
                lastReport = clock.Elapsed;

                double monitored = validation ?? summary.TrainingLoss;
                if (monitored < state.BestLoss - _options.EarlyStoppingMinimumDelta)
                {
                    state.BestLoss = monitored;
                    state.BestEpoch = epoch + 1;
                    state.SinceBest = 0;
                    if (_options.EarlyStoppingPatience is not null && _options.RestoreBestWeights) state.BestWeights = NetworkState.Capture(module);
                }
                else
                {
                    state.SinceBest++;
                }
                bool stopNow = _options.EarlyStoppingPatience is { } patience && state.SinceBest >= patience;
                if (_options.CheckpointEvery > 0 && ((epoch + 1) % _options.CheckpointEvery == 0 || epoch + 1 == _options.Epochs) && _options.CheckpointPath is { } every)
                {
                    state.Epoch++;
                    state.Step = 0;
                    state.Save(every, module, optimizer, Fingerprint(data), _options, callbacks?.CaptureState);
                    state.Epoch--;
                }
                if (stopNow)
                {
                    stoppedEarly = state.Epoch + 1 < _options.Epochs;
                    state.Epoch++;
                    break;
                }
            }
            if (_options.EarlyStoppingPatience is not null && state.BestWeights is { } best && state.History.Count > 0 && state.BestEpoch != state.History[^1].Epoch)
                NetworkState.Restore(module, best, "best weights");
        }
        finally
        {
            module.train(wasTraining);
        }
        return new TrainingResult(state.History, state.BestEpoch, stoppedEarly, stoppedByCallback);
    }

    private float TrainStep(nn.Module module, optim.Optimizer optimizer, Parameter[] parameters, TorchTensor rows, int[] indices,
        BatchLoss loss, RunState state, TrainingCallbacks? callbacks)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(SeedMixer.Mix(_options.Seed, state.Epoch, state.Step));
        TorchTensor inputs = rows.index_select(0, torch.tensor(indices.Select(i => (long)i).ToArray(), device: rows.device));
        var batchInfo = new TrainingBatch(inputs, indices, state.Epoch, state.Step, state.GlobalStep, isTraining: true, state.Terms);
        optimizer.zero_grad();
        TorchTensor value = loss(batchInfo);
        if (value.numel() != 1) throw new InvalidOperationException($"The batch loss must be a scalar tensor, got shape [{string.Join(", ", value.shape)}].");
        float scalar = value.item<float>();
        if (!float.IsFinite(scalar))
            throw new TrainingDivergedException($"the loss is {scalar}", state.Epoch + 1, state.Step + 1);
        value.backward();
        if (_options.CheckGradients)
        {
            var sums = new List<TorchTensor>(parameters.Length);
            foreach (var parameter in parameters)
                if (parameter.grad is { } gradient) sums.Add(gradient.sum());
            if (sums.Count > 0)
            {
                float total = torch.stack(sums).sum().item<float>();
                if (!float.IsFinite(total))
                    throw new TrainingDivergedException($"a gradient holds NaN or Inf ({FirstBadGradient(module)})", state.Epoch + 1, state.Step + 1);
            }
        }
        optimizer.step();
        // TorchSharp 0.107's optimizers leave objects whose native memory only their finalizers release: about 3.5 MB
        // per Adam step of the dense d-500-500-2000-10 autoencoder. A step allocates little managed memory, so the GC
        // ran only after thousands of steps: a 1-thread pretraining grew by about 35 MB/s, to 4-9 GB in 7 minutes. A
        // generation-0 collection per step (about 25 µs) lets the finalizers run (BENCHMARKS.md, session 22).
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        callbacks?.AfterStep?.Invoke(batchInfo);
        return scalar;
    }

    private static string FirstBadGradient(nn.Module module)
    {
        foreach (var (name, parameter) in module.named_parameters())
            if (parameter.grad is { } gradient && !torch.isfinite(gradient).all().item<bool>()) return $"first in '{name}'";
        return "overflow in the sum of gradients";
    }

    private double Evaluate(nn.Module module, TorchTensor rows, int[] validationRows, BatchLoss loss, int epoch, long globalStep)
    {
        module.eval();
        using var noGrad = torch.no_grad();
        double sum = 0;
        var terms = new Dictionary<string, double>();
        int size = _options.InferenceBatchSize;
        for (int start = 0, step = 0; start < validationRows.Length; start += size, step++)
        {
            using var scope = torch.NewDisposeScope();
            torch.manual_seed(SeedMixer.Mix(_options.Seed, -1 - epoch, step));
            int[] indices = validationRows[start..Math.Min(start + size, validationRows.Length)];
            TorchTensor inputs = rows.index_select(0, torch.tensor(indices.Select(i => (long)i).ToArray(), device: rows.device));
            float value = loss(new TrainingBatch(inputs, indices, epoch, step, globalStep, isTraining: false, terms)).item<float>();
            if (!float.IsFinite(value)) throw new TrainingDivergedException($"the validation loss is {value}", epoch + 1, step + 1);
            sum += (double)value * indices.Length;
        }
        return sum / validationRows.Length;
    }

    private optim.Optimizer CreateOptimizer(Parameter[] parameters) => _options.Optimizer switch
    {
        OptimizerKind.Sgd => torch.optim.SGD(parameters, _options.LearningRate, momentum: _options.Momentum, weight_decay: _options.WeightDecay),
        _ => torch.optim.Adam(parameters, _options.LearningRate, beta1: 0.9, beta2: 0.999, eps: _options.AdamEpsilon, weight_decay: _options.WeightDecay),
    };

    private TrainingProgress Report(string stage, int epoch, int step, int steps, RunState state, EpochSummary? summary, double stepsPerSecond,
        long stepsThisRun, long plannedSteps, int batch)
    {
        var losses = new Dictionary<string, double>();
        if (summary is not null)
        {
            losses["train"] = summary.TrainingLoss;
            if (summary.ValidationLoss is { } v) losses["validation"] = v;
            foreach (var (name, value) in summary.Terms) losses[name] = value;
        }
        else if (state.Samples > 0)
        {
            losses["train"] = state.LossSum / state.Samples;
        }
        return new TrainingProgress
        {
            Stage = stage,
            Epoch = epoch + 1,
            TotalEpochs = _options.Epochs,
            Step = step,
            TotalSteps = steps,
            Losses = losses,
            SamplesPerSecond = stepsPerSecond * batch,
            Remaining = stepsPerSecond > 0 ? TimeSpan.FromSeconds(Math.Max(0, plannedSteps - stepsThisRun) / stepsPerSecond) : null,
        };
    }

    /// <summary>A NaN or ±∞ in the input is bad data, not divergence: <see cref="ArgumentException"/> naming the row and feature (from 0), as every estimator.</summary>
    private static void CheckFinite(Dataset data) =>
        FiniteCheck.Require(data.FeatureArray, data.FeatureCount, "Autoencoder training", nameof(data));

    private static JsonObject Fingerprint(Dataset data) => new() { ["rows"] = data.Count, ["features"] = data.FeatureCount };

    /// <summary>The mutable state of a run: what a checkpoint holds.</summary>
    private sealed class RunState
    {
        public int Epoch;
        public int Step;
        public long GlobalStep;
        public double LossSum;
        public long Samples;
        public Dictionary<string, double> Terms = new();
        public List<EpochSummary> History = new();
        public double BestLoss = double.PositiveInfinity;
        public int BestEpoch;
        public int SinceBest;
        public Dictionary<string, ModelArray>? BestWeights;

        public void ResetEpochSums()
        {
            LossSum = 0;
            Samples = 0;
            Terms = new Dictionary<string, double>();
        }

        public void Save(string path, nn.Module module, optim.Optimizer optimizer, JsonObject fingerprint, TrainerOptions options, Func<CheckpointState>? capture)
        {
            var arrays = NetworkState.Capture(module, "weights.");
            CheckpointState? own = capture?.Invoke();
            if (own is not null)
                foreach (var (name, array) in own.Arrays) arrays[StatePrefix + name] = array;
            if (BestWeights is not null)
                foreach (var (name, array) in BestWeights) arrays["best." + name] = array;
            using (var memory = new MemoryStream())
            {
                using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
                {
                    ((OptimizerHelper)optimizer).save_state_dict(writer);
                }
                arrays["optimizer"] = ModelArray.FromBytes(memory.ToArray());
            }
            var header = new JsonObject
            {
                ["data"] = fingerprint.DeepClone(),
                ["seed"] = options.Seed,
                ["batchSize"] = options.BatchSize,
                ["shuffle"] = options.Shuffle,
                ["validationFraction"] = options.ValidationFraction,
                ["optimizer"] = options.Optimizer.ToString(),
                ["epoch"] = Epoch,
                ["step"] = Step,
                ["globalStep"] = GlobalStep,
                ["lossSum"] = LossSum,
                ["samples"] = Samples,
                ["terms"] = new JsonObject(Terms.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
                ["bestLoss"] = double.IsFinite(BestLoss) ? BestLoss : null,
                ["bestEpoch"] = BestEpoch,
                ["sinceBest"] = SinceBest,
                ["history"] = TrainingHistory.ToJson(History),
            };
            if (own is not null) header["state"] = own.Header.DeepClone();
            ModelFile.Write(path, new ModelFileContent(CheckpointKind, header, arrays));
        }

        public void Load(ModelFileContent content, string path, nn.Module module, optim.Optimizer optimizer, JsonObject fingerprint, TrainerOptions options,
            Action<CheckpointState>? restore)
        {
            JsonObject h = content.Header;
            try
            {
                if (!JsonNode.DeepEquals(h["data"], fingerprint))
                    throw new ArgumentException($"The checkpoint {path} was written for data {h["data"]?.ToJsonString()}, not {fingerprint.ToJsonString()}.");
                if ((int)h["seed"]! != options.Seed || (int)h["batchSize"]! != options.BatchSize || (bool)h["shuffle"]! != options.Shuffle
                    || (double)h["validationFraction"]! != options.ValidationFraction || (string)h["optimizer"]! != options.Optimizer.ToString())
                    throw new ArgumentException($"The checkpoint {path} was written with seed {h["seed"]}, batch size {h["batchSize"]}, shuffle {h["shuffle"]}, validation fraction {h["validationFraction"]} and optimizer {h["optimizer"]}; resume needs the same values.");
                Epoch = (int)h["epoch"]!;
                Step = (int)h["step"]!;
                GlobalStep = (long)h["globalStep"]!;
                LossSum = (double)h["lossSum"]!;
                Samples = (long)h["samples"]!;
                Terms = h["terms"]!.AsObject().ToDictionary(p => p.Key, p => (double)p.Value!);
                BestLoss = h["bestLoss"] is null ? double.PositiveInfinity : (double)h["bestLoss"]!;
                BestEpoch = (int)h["bestEpoch"]!;
                SinceBest = (int)h["sinceBest"]!;
                History = TrainingHistory.FromJson(h["history"]!.AsArray()).ToList();
            }
            catch (Exception exception) when (exception is InvalidOperationException or FormatException or NullReferenceException or KeyNotFoundException)
            {
                throw new DataFormatException(path, $"the checkpoint header is incomplete or has wrong types ({exception.Message}).", inner: exception);
            }
            NetworkState.Restore(module, content.Arrays.Where(p => p.Key.StartsWith("weights.", StringComparison.Ordinal)).ToDictionary(), path, "weights.");
            var best = content.Arrays.Where(p => p.Key.StartsWith("best.", StringComparison.Ordinal)).ToDictionary(p => p.Key["best.".Length..], p => p.Value);
            BestWeights = best.Count > 0 ? best : null;
            try
            {
                using var memory = new MemoryStream(content.Require("optimizer", path).AsBytes());
                using var reader = new BinaryReader(memory);
                ((OptimizerHelper)optimizer).load_state_dict(reader);
            }
            catch (Exception exception) when (exception is EndOfStreamException or InvalidOperationException or ArgumentException or IOException)
            {
                throw new DataFormatException(path, $"the optimizer state does not match this network and optimizer ({exception.Message}).", inner: exception);
            }
            if (restore is null) return;
            if (content.Header["state"] is not JsonObject own)
                throw new DataFormatException(path, "the checkpoint holds no state of the method that trains here (it was written by another stage or program).");
            restore(new CheckpointState(own, content.Arrays.Where(p => p.Key.StartsWith(StatePrefix, StringComparison.Ordinal))
                .ToDictionary(p => p.Key[StatePrefix.Length..], p => p.Value)));
        }
    }
}
