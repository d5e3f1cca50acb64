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
/// Greedy layer-wise pretraining (Bengio, Lamblin, Popovici, Larochelle, NIPS 2006), as in the reference code of DEC
/// (piiswrong/dec <c>pretrain.py</c>) and DCN (boyangumn/DCN <c>multi_layer_km.py</c>, REFERENCES.md §10, §13): encoder
/// layer i and its mirror decoder layer are trained alone, as a one-layer autoencoder of the codes of layers 0 … i − 1
/// (computed by the layers already trained, without gradient), for the given epochs, before layer i + 1. The loss is
/// the squared error summed over the layer's inputs and averaged over the batch, as in both references, so their
/// learning rates apply unchanged (the end-to-end pretraining averages over the features instead). No input corruption
/// is applied: DCN's reference uses none (corruption 0); DEC's original dropout-0.2 denoising layers are not reproduced.
/// </summary>
internal static class LayerwisePretraining
{
    /// <summary>The key of the checkpoint state (<see cref="CheckpointState.Header"/>) that marks a layer-wise checkpoint.</summary>
    internal const string StateKey = "layerwise";

    /// <summary>
    /// Trains every layer of <paramref name="network"/> in turn with <paramref name="training"/> (its validation split
    /// and checkpoint settings are ignored, the parameters below set the checkpoint; the seed of layer i is mixed from
    /// the options' seed and i) and returns the epochs of all layers, numbered on from 1, their terms holding the layer
    /// (1-based).
    /// </summary>
    /// <param name="network">A stacked dense autoencoder.</param>
    /// <param name="data">Training rows.</param>
    /// <param name="training">Optimiser, batch, epochs per layer and seed.</param>
    /// <param name="progress">Receives the trainer's reports.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <param name="checkpointPath">
    /// When set, each layer's trainer keeps its checkpoint here (on cancellation, and every <paramref name="every"/>
    /// epochs and after the layer's last when positive), holding the whole network and the finished layers' epochs too.
    /// </param>
    /// <param name="every">Epochs between checkpoints; 0: only on cancellation.</param>
    /// <param name="resumeFrom">
    /// A checkpoint written by this stage with the same network, data and options: the finished layers are restored and
    /// the layer that was training continues, so the weights equal an uninterrupted run's.
    /// </param>
    public static IReadOnlyList<EpochSummary> Run(Autoencoder network, Dataset data, TrainerOptions training, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken, string? checkpointPath = null, int every = 0, string? resumeFrom = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(every);
        if (network is not ILayerwiseAutoencoder layered)
            throw new ArgumentException($"Layer-wise pretraining needs a stacked dense autoencoder (dense or dense-tied), not {network.GetType().Name}.", nameof(network));
        int first = resumeFrom is null ? 0 : ResumedLayer(resumeFrom, layered.LayerCount);
        var history = new List<EpochSummary>();
        network.train();
        for (int layer = first; layer < layered.LayerCount; layer++)
        {
            int current = layer;
            // Not disposed: disposing a module disposes its parameters, which belong to the network.
            var parameters = new LayerParameters(layered.LayerParameters(layer));
            TrainerOptions options = training with
            {
                ValidationFraction = 0, CheckpointPath = checkpointPath, CheckpointEvery = checkpointPath is null ? 0 : every,
                Seed = SeedMixer.MixToInt(training.Seed, layer),
            };
            TorchTensor Loss(TrainingBatch batch)
            {
                TorchTensor below = batch.Inputs;
                using (torch.no_grad())
                    for (int i = 0; i < current; i++) below = layered.EncodeLayer(i, below);
                TorchTensor reconstruction = layered.DecodeLayer(current, layered.EncodeLayer(current, below));
                return (reconstruction - below).pow(2).sum(1).mean();
            }
            var callbacks = new TrainingCallbacks
            {
                // The whole network and the finished layers' epochs, beside the trainer's state of this layer.
                CaptureState = () => new CheckpointState(
                    new JsonObject
                    {
                        [StateKey] = new JsonObject { ["layer"] = current, ["layers"] = layered.LayerCount },
                        ["history"] = TrainingHistory.ToJson(history),
                    },
                    NetworkState.Capture(network, "network.")),
                RestoreState = state =>
                {
                    NetworkState.Restore(network, state.Arrays, resumeFrom!, "network.");
                    history.Clear();
                    history.AddRange(TrainingHistory.FromJson(state.Header["history"]?.AsArray()
                        ?? throw new DataFormatException(resumeFrom!, "the layer-wise checkpoint holds no history.")));
                },
            };
            var trainer = new Trainer(options);
            string stage = $"layer-wise pretraining, layer {layer + 1}/{layered.LayerCount}";
            TrainingResult result = resumeFrom is not null && layer == first
                ? trainer.Resume(resumeFrom, parameters, data, Loss, progress, cancellationToken, callbacks, stage)
                : trainer.Fit(parameters, data, Loss, progress, cancellationToken, callbacks, stage);
            foreach (EpochSummary epoch in result.History)
                history.Add(epoch with
                {
                    Epoch = history.Count + 1,
                    Terms = new Dictionary<string, double>(epoch.Terms) { ["layer"] = layer + 1 },
                });
        }
        return history;
    }

    private static int ResumedLayer(string path, int layers)
    {
        if (Trainer.CallerState(path)?[StateKey] is not JsonObject position)
            throw new DataFormatException(path, "the checkpoint was not written by a layer-wise pretraining.");
        try
        {
            int layer = (int)position["layer"]!, count = (int)position["layers"]!;
            if (count != layers || layer < 0 || layer >= layers)
                throw new DataFormatException(path, $"the checkpoint is at layer {layer + 1} of {count}; this network has {layers} layers.");
            return layer;
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new DataFormatException(path, $"the layer-wise position in the checkpoint is incomplete or has wrong types ({exception.Message}).", inner: exception);
        }
    }

    /// <summary>A module holding only one layer's parameters (shared with the network), so that the trainer updates nothing else.</summary>
    private sealed class LayerParameters : nn.Module
    {
        public LayerParameters(IEnumerable<Parameter> parameters) : base(nameof(LayerParameters))
        {
            int i = 0;
            foreach (Parameter parameter in parameters) register_parameter($"p{i++}", parameter);
        }
    }
}
