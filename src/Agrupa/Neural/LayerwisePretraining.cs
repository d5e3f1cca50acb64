using Agrupa.Data;
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
    /// <summary>
    /// Trains every layer of <paramref name="network"/> in turn with <paramref name="training"/> (its validation and
    /// checkpoint settings are ignored; the seed of layer i is mixed from the options' seed and i) and returns the
    /// epochs of all layers, numbered on from 1, their terms holding the layer (1-based).
    /// </summary>
    public static IReadOnlyList<EpochSummary> Run(Autoencoder network, Dataset data, TrainerOptions training, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (network is not ILayerwiseAutoencoder layered)
            throw new ArgumentException($"Layer-wise pretraining needs a stacked dense autoencoder (dense or dense-tied), not {network.GetType().Name}.", nameof(network));
        var history = new List<EpochSummary>();
        network.train();
        for (int layer = 0; layer < layered.LayerCount; layer++)
        {
            int current = layer;
            // Not disposed: disposing a module disposes its parameters, which belong to the network.
            var parameters = new LayerParameters(layered.LayerParameters(layer));
            TrainerOptions options = training with
            {
                ValidationFraction = 0, CheckpointPath = null, CheckpointEvery = 0, Seed = SeedMixer.MixToInt(training.Seed, layer),
            };
            TorchTensor Loss(TrainingBatch batch)
            {
                TorchTensor below = batch.Inputs;
                using (torch.no_grad())
                    for (int i = 0; i < current; i++) below = layered.EncodeLayer(i, below);
                TorchTensor reconstruction = layered.DecodeLayer(current, layered.EncodeLayer(current, below));
                return (reconstruction - below).pow(2).sum(1).mean();
            }
            TrainingResult result = new Trainer(options).Fit(parameters, data, Loss, progress, cancellationToken,
                stage: $"layer-wise pretraining, layer {layer + 1}/{layered.LayerCount}");
            foreach (EpochSummary epoch in result.History)
                history.Add(epoch with
                {
                    Epoch = history.Count + 1,
                    Terms = new Dictionary<string, double>(epoch.Terms) { ["layer"] = layer + 1 },
                });
        }
        return history;
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
