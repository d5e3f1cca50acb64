using System.Text.Json;
using System.Text.Json.Nodes;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Persistence;
using Agrupa.Runtime;
using TorchSharp;

namespace Agrupa.DeepClustering;

/// <summary>
/// The training stage of a deep clusterer run with its optional <see cref="ClusteringCheckpoint"/>, shared by every
/// <see cref="ICheckpointingClusterer"/>: the trainer's checkpoint (weights, optimiser, position) plus a header every
/// method writes — method, the options a resumed stage must share, the monitoring curve so far, the pretraining history
/// — read back with the same checks, and the method's own values and arrays (<see cref="OwnState"/>: DEC's target
/// distribution, DCN's centres and counts).
/// </summary>
internal static class StageCheckpoint
{
    private static readonly JsonSerializerOptions OptionsJson = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>What identifies a stage's checkpoint: the method and its options without the stage's length and the monitoring switch.</summary>
    /// <param name="Method">The method's name.</param>
    /// <param name="Options">The options a resumed stage must share.</param>
    /// <param name="Length">The option that may grow on resume (named in the refusal).</param>
    public sealed record Identity(string Method, JsonObject Options, string Length);

    /// <summary>A method's own part of the checkpoint: values for the header and arrays (<see cref="Capture"/>), read back by <see cref="Restore"/> (with the checkpoint's path for errors).</summary>
    public sealed record OwnState(Func<CheckpointState> Capture, Action<CheckpointState, string> Restore);

    /// <summary>The identity of <paramref name="method"/>'s stage with <paramref name="options"/>; <paramref name="length"/> and "MonitorWithLabels" may differ on resume.</summary>
    public static Identity For<T>(string method, T options, string length)
    {
        JsonObject json = JsonSerializer.SerializeToNode(options, OptionsJson)!.AsObject();
        json.Remove(length);
        json.Remove("MonitorWithLabels");
        return new Identity(method, json, length);
    }

    /// <summary>Throws when <paramref name="checkpoint"/> cannot be kept: an empty path, a negative interval, or nothing to resume.</summary>
    public static void Validate(ClusteringCheckpoint? checkpoint)
    {
        if (checkpoint is null) return;
        ArgumentException.ThrowIfNullOrEmpty(checkpoint.Path, nameof(checkpoint));
        ArgumentOutOfRangeException.ThrowIfNegative(checkpoint.Every, nameof(checkpoint));
        if (checkpoint.Resume && !File.Exists(checkpoint.Path))
            throw new FileNotFoundException($"file not found: {checkpoint.Path} (nothing to resume)", checkpoint.Path);
        if (checkpoint.ResumePretraining && (checkpoint.Resume || checkpoint.PretrainingPath is not { } pretraining || !File.Exists(pretraining)))
            throw new ArgumentException(checkpoint.Resume
                ? "A checkpoint resumes either the stage or the pretraining before it, not both."
                : $"file not found: {checkpoint.PretrainingPath} (no pretraining checkpoint to resume)", nameof(checkpoint));
    }

    /// <summary>
    /// Trains <paramref name="module"/> with <paramref name="training"/> and <paramref name="callbacks"/>, or, when
    /// <paramref name="checkpoint"/> is given, keeps it (on cancellation and every <see cref="ClusteringCheckpoint.Every"/>
    /// epochs) or resumes from it. A resumed run gets <paramref name="updates"/> back (replaced in place) and returns
    /// the saved pretraining history; otherwise <paramref name="pretraining"/> is returned.
    /// </summary>
    public static (TrainingResult Result, IReadOnlyList<EpochSummary> Pretraining) Train(torch.nn.Module module, Dataset data, BatchLoss loss, TrainerOptions training,
        TrainingCallbacks callbacks, string stage, ClusteringCheckpoint? checkpoint, Identity identity, List<ClusteringUpdate> updates,
        IReadOnlyList<EpochSummary> pretraining, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, OwnState? own = null)
    {
        if (checkpoint is null) return (new Trainer(training).Fit(module, data, loss, progress, cancellationToken, callbacks, stage), pretraining);

        CheckpointState Capture()
        {
            var header = new JsonObject
            {
                ["method"] = identity.Method,
                ["options"] = identity.Options.DeepClone(),
                ["updates"] = JsonSerializer.SerializeToNode(updates, DeepClusteringModel.UpdateJson),
                ["pretraining"] = TrainingHistory.ToJson(pretraining),
            };
            if (own?.Capture() is not { } mine) return new CheckpointState(header, new Dictionary<string, ModelArray>());
            foreach (var (name, value) in mine.Header) header[name] = value?.DeepClone();
            return new CheckpointState(header, mine.Arrays);
        }

        void Restore(CheckpointState saved)
        {
            string path = checkpoint.Path;
            JsonObject h = saved.Header;
            if ((string?)h["method"] != identity.Method || !JsonNode.DeepEquals(h["options"], identity.Options))
                throw new ArgumentException($"The checkpoint {path} was written by {h["method"]} with options {h["options"]?.ToJsonString()}; resuming needs the same method and options ({identity.Length} may differ), here {identity.Method} with {identity.Options.ToJsonString()}.");
            var savedUpdates = h["updates"]?.Deserialize<List<ClusteringUpdate>>(DeepClusteringModel.UpdateJson) ?? throw new DataFormatException(path, "the checkpoint has no monitoring curve.");
            pretraining = h["pretraining"] is JsonArray history ? TrainingHistory.FromJson(history) : throw new DataFormatException(path, "the checkpoint has no pretraining history.");
            own?.Restore(saved, path);
            updates.Clear();
            updates.AddRange(savedUpdates);
        }

        var hooks = new TrainingCallbacks
        {
            BeforeStep = callbacks.BeforeStep,
            AfterStep = callbacks.AfterStep,
            AfterEpoch = callbacks.AfterEpoch,
            CaptureState = Capture,
            RestoreState = checkpoint.Resume ? Restore : null,
        };
        var trainer = new Trainer(training with { CheckpointPath = checkpoint.Path, CheckpointEvery = checkpoint.Every });
        TrainingResult result = checkpoint.Resume
            ? trainer.Resume(checkpoint.Path, module, data, loss, progress, cancellationToken, hooks, stage)
            : trainer.Fit(module, data, loss, progress, cancellationToken, hooks, stage);
        return (result, pretraining);
    }

    /// <summary>The array <paramref name="name"/> of <paramref name="saved"/>, which must hold <paramref name="length"/> values (<paramref name="what"/> names it in errors).</summary>
    public static ModelArray Array(CheckpointState saved, string path, string name, long length, string what)
    {
        if (!saved.Arrays.TryGetValue(name, out ModelArray? array)) throw new DataFormatException(path, $"the checkpoint has no {what}.");
        if (array.Count != length) throw new DataFormatException(path, $"the checkpoint's {what} holds {array.Count} values, not {length}: other data or options?");
        return array;
    }
}
