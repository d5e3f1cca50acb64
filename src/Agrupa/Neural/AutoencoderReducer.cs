using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agrupa.Data;
using Agrupa.Persistence;
using Agrupa.Reduction;
using Agrupa.Runtime;

namespace Agrupa.Neural;

/// <summary>
/// Two-stage reduction with an autoencoder: pretrain it on the data (reconstruction loss), then embed every row.
/// Combine with a clusterer for "AE + k-means" (DEC's baseline) and "CAE + k-means" (DCEC's baseline).
/// </summary>
public sealed class AutoencoderReducer : IReducer
{
    private readonly AutoencoderReducerOptions _options;

    /// <summary>The options.</summary>
    public AutoencoderReducerOptions Options => _options;

    /// <summary>Creates the reducer; throws <see cref="ArgumentOutOfRangeException"/> for invalid options.</summary>
    public AutoencoderReducer(AutoencoderReducerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EmbeddingSize, 1, nameof(options.EmbeddingSize));
        options.Training.Validate();
        options.LayerwiseTraining?.Validate();
        if (!options.EndToEnd && options.LayerwiseTraining is null)
            throw new ArgumentOutOfRangeException(nameof(options.EndToEnd), options.EndToEnd, "EndToEnd = false needs LayerwiseTraining: the network would not be trained at all.");
        options.Network?.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => (_options.Network switch
    {
        ConvolutionalAutoencoderOptions => "cae",
        VariationalAutoencoderOptions => "vae",
        ContrastiveEncoderOptions => "simclr",
        DenseAutoencoderOptions => "ae",
        _ => _options.Architecture switch
        {
            AutoencoderArchitecture.Convolutional => "cae", AutoencoderArchitecture.Variational => "vae", AutoencoderArchitecture.Contrastive => "simclr", _ => "ae",
        },
    }) + Dimensions;

    /// <inheritdoc />
    public int Dimensions => _options.Network?.EmbeddingSize ?? _options.EmbeddingSize;

    /// <summary>The network description used for <paramref name="data"/> (explicit, or the default of the architecture).</summary>
    public AutoencoderOptions NetworkFor(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        AutoencoderOptions network = _options.Network ?? _options.Architecture switch
        {
            AutoencoderArchitecture.Convolutional => new ConvolutionalAutoencoderOptions { Image = ImageOf(data), EmbeddingSize = _options.EmbeddingSize },
            AutoencoderArchitecture.Variational => new VariationalAutoencoderOptions { Inputs = data.FeatureCount, EmbeddingSize = _options.EmbeddingSize },
            AutoencoderArchitecture.DenseTied => new TiedDenseAutoencoderOptions { Inputs = data.FeatureCount, EmbeddingSize = _options.EmbeddingSize },
            AutoencoderArchitecture.Contrastive => new ContrastiveEncoderOptions { Image = ImageOf(data), EmbeddingSize = _options.EmbeddingSize },
            _ => new DenseAutoencoderOptions { Inputs = data.FeatureCount, EmbeddingSize = _options.EmbeddingSize },
        };
        if (network.InputSize != data.FeatureCount)
            throw new ArgumentException($"The network expects {network.InputSize} features per row, the data have {data.FeatureCount}.", nameof(data));
        return network;
    }

    /// <summary>
    /// A text equal for two reducers exactly when fitting them on <paramref name="data"/> trains the same network: the
    /// network description, the training options and the seed (the experiment runner shares one pretraining between
    /// deep clusterers whose fingerprints match).
    /// </summary>
    public string Fingerprint(Dataset data) =>
        JsonSerializer.Serialize(NetworkFor(data), AutoencoderJson.Options) + "|"
        + (_options.EndToEnd ? JsonSerializer.Serialize(_options.Training, AutoencoderJson.Options) : "no end-to-end")
        + (_options.LayerwiseTraining is { } layerwise ? "|layer-wise " + JsonSerializer.Serialize(layerwise, AutoencoderJson.Options) : "")
        + "|" + _options.Seed.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    IReductionModel IReducer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) => Fit(data, progress, cancellationToken);

    /// <summary>Pretrains the autoencoder on <paramref name="data"/> and embeds its rows.</summary>
    public AutoencoderModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Train(data, null, progress, cancellationToken);

    /// <summary>
    /// Continues an interrupted <see cref="Fit(Dataset, IProgress{TrainingProgress}?, CancellationToken)"/> from the checkpoint it wrote (<see cref="TrainerOptions.CheckpointPath"/>):
    /// same data and options give the weights an uninterrupted run would have given.
    /// </summary>
    public AutoencoderModel Resume(string checkpointPath, Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        return Train(data, checkpointPath, progress, cancellationToken);
    }

    /// <summary>
    /// Pretrains as <see cref="Fit(Dataset, IProgress{TrainingProgress}?, CancellationToken)"/>, keeping the trainer's
    /// checkpoint at <paramref name="checkpointPath"/> (every <paramref name="every"/> epochs when positive, the last
    /// one included, and on cancellation), or, with <paramref name="resume"/>, continuing from it. The layer-wise stage,
    /// when there is one, keeps its checkpoint there too, so a stop in either stage continues where it was.
    /// </summary>
    public AutoencoderModel Fit(Dataset data, string checkpointPath, int every, bool resume, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        ArgumentOutOfRangeException.ThrowIfNegative(every);
        var keeping = new AutoencoderReducer(_options with { Training = _options.Training with { CheckpointPath = checkpointPath, CheckpointEvery = every } });
        return resume ? keeping.Resume(checkpointPath, data, progress, cancellationToken) : keeping.Fit(data, progress, cancellationToken);
    }

    /// <summary>The key of the end-to-end checkpoint's state that holds the layer-wise stage's epochs.</summary>
    private const string LayerwiseEpochsKey = "layerwiseEpochs";

    private AutoencoderModel Train(Dataset data, string? resumeFrom, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        AutoencoderOptions description = NetworkFor(data);
        Autoencoder network = description.Build(_options.Seed);
        try
        {
            // A checkpoint of the layer-wise stage continues there; one of the end-to-end stage holds the weights the
            // layer-wise stage led to, and that stage's epochs in the caller's state (none in checkpoints of earlier versions).
            JsonObject? saved = resumeFrom is null ? null : Trainer.CallerState(resumeFrom);
            // Without an end-to-end stage the checkpoint must be the layer-wise stage's (LayerwisePretraining says so if not).
            bool inLayerwise = resumeFrom is not null && _options.LayerwiseTraining is not null
                && (saved?[LayerwisePretraining.StateKey] is JsonObject || !_options.EndToEnd);
            var history = new List<EpochSummary>();
            if (_options.LayerwiseTraining is { } layerwise && (resumeFrom is null || inLayerwise))
                history.AddRange(LayerwisePretraining.Run(network, data, layerwise, progress, cancellationToken,
                    _options.Training.CheckpointPath, _options.Training.CheckpointEvery, inLayerwise ? resumeFrom : null));
            if (_options.EndToEnd)
            {
                var trainer = new Trainer(_options.Training);
                BatchLoss loss = batch => network.PretrainingLoss(batch.Inputs);
                TrainingCallbacks? callbacks = _options.LayerwiseTraining is null ? null : new TrainingCallbacks
                {
                    CaptureState = () => new CheckpointState(new JsonObject { [LayerwiseEpochsKey] = TrainingHistory.ToJson(history) },
                        new Dictionary<string, ModelArray>()),
                    RestoreState = saved is null ? null : state => history.AddRange(TrainingHistory.FromJson(state.Header[LayerwiseEpochsKey]?.AsArray()
                        ?? throw new DataFormatException(resumeFrom!, "the checkpoint holds no layer-wise epochs."))),
                };
                var result = resumeFrom is null || inLayerwise
                    ? trainer.Fit(network, data, loss, progress, cancellationToken, callbacks, stage: "pretrain " + Name)
                    : trainer.Resume(resumeFrom, network, data, loss, progress, cancellationToken, callbacks, stage: "pretrain " + Name);
                int offset = history.Count;
                history.AddRange(result.History.Select(e => e with { Epoch = offset + e.Epoch }));
            }
            float[] codes = BatchedInference.Encode(network, data.Features, _options.Training.InferenceBatchSize, cancellationToken);
            return new AutoencoderModel(network, history, data.WithFeatures(codes, network.EmbeddingSize));
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private ImageShape ImageOf(Dataset data)
    {
        if (data.ImageShape is { } shape) return shape;
        int side = (int)Math.Round(Math.Sqrt(data.FeatureCount));
        if (side * side == data.FeatureCount) return new ImageShape(1, side, side);
        throw new ArgumentException($"The {(_options.Architecture == AutoencoderArchitecture.Contrastive ? "contrastive encoder" : "convolutional autoencoder")} needs images: the data set '{data.Name}' has no image shape and {data.FeatureCount} features is not a square.", nameof(data));
    }
}
