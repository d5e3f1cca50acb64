using System.Text.Json;
using System.Text.Json.Nodes;
using Agrupa.Data;
using Agrupa.Persistence;
using Agrupa.Reduction;

namespace Agrupa.Neural;

/// <summary>
/// A trained autoencoder as a fitted reduction: <see cref="Transform"/> embeds new rows, <see cref="Reconstruct"/>
/// decodes them back, <see cref="Save"/>/<see cref="Load"/> keep it in an Agrupa model file (kind "autoencoder").
/// Immutable; calls are serialised on an internal lock, so it may be shared between threads.
/// </summary>
public sealed class AutoencoderModel : IReductionModel, IReconstructingModel, IDisposable
{
    /// <summary>The model-file kind.</summary>
    public const string Kind = "autoencoder";

    private readonly Autoencoder _network;
    private readonly object _gate = new();
    private readonly Dataset? _embedding;

    internal AutoencoderModel(Autoencoder network, IReadOnlyList<EpochSummary> history, Dataset? embedding, JsonObject? scaler = null)
    {
        _network = network;
        History = history;
        _embedding = embedding;
        Scaler = scaler;
    }

    /// <summary>The network's architecture.</summary>
    public AutoencoderOptions Options => _network.Options;

    /// <summary>Features per input row.</summary>
    public int InputSize => _network.InputSize;

    /// <summary>Embedding dimension.</summary>
    public int EmbeddingSize => _network.EmbeddingSize;

    /// <summary>The per-epoch training history (train and validation loss).</summary>
    public IReadOnlyList<EpochSummary> History { get; }

    /// <summary>Description of the scaling applied to the data before training (stored in the model file), or null.</summary>
    public JsonObject? Scaler { get; internal set; }

    /// <summary>The network, for methods that keep training it (deep clustering). Do not use it while the model is shared.</summary>
    public Autoencoder Network => _network;

    /// <summary>The embedding of the training rows (not available on a model loaded from a file).</summary>
    public Dataset Embedding => _embedding ?? throw new InvalidOperationException("A model loaded from a file does not hold its training embedding; call Transform on the data.");

    /// <summary>Embeds <paramref name="data"/>; the feature count must equal <see cref="InputSize"/>.</summary>
    /// <exception cref="ArgumentException">Another feature count, or a NaN or infinite value.</exception>
    public Dataset Transform(Dataset data)
    {
        CheckInput(data);
        float[] codes;
        lock (_gate) codes = BatchedInference.Encode(_network, data.Features);
        return data.WithFeatures(codes, EmbeddingSize, name: data.Name);
    }

    /// <inheritdoc />
    public bool CanReconstruct => _network.HasDecoder;

    /// <summary>Reconstructs <paramref name="data"/> through the network (same shape as the input).</summary>
    public Dataset Reconstruct(Dataset data)
    {
        CheckInput(data);
        float[] values;
        lock (_gate) values = BatchedInference.Reconstruct(_network, data.Features);
        return data.WithFeatures(values, InputSize, keepImageShape: true, name: data.Name);
    }

    /// <summary>Writes the model (architecture, weights, history, scaler) atomically to <paramref name="path"/>.</summary>
    public void Save(string path) => ModelFile.Write(path, ToContent());

    /// <summary>The content <see cref="Save"/> writes (also nested in composite models such as N2D's).</summary>
    internal ModelFileContent ToContent()
    {
        var header = new JsonObject
        {
            ["network"] = DescribeNetwork(_network),
            ["inputSize"] = InputSize,
            ["embeddingSize"] = EmbeddingSize,
            ["history"] = TrainingHistory.ToJson(History),
        };
        if (Scaler is not null) header["scaler"] = Scaler.DeepClone();
        Dictionary<string, ModelArray> arrays;
        lock (_gate) arrays = NetworkState.Capture(_network, "network.");
        return new ModelFileContent(Kind, header, arrays);
    }

    /// <summary>Reads a model written by <see cref="Save"/>; a malformed file is a <see cref="DataFormatException"/>.</summary>
    public static AutoencoderModel Load(string path) => FromContent(ModelFile.Read(path, Kind), path);

    /// <summary>
    /// This model's network, history and scaler with the embedding of <paramref name="data"/>, as a model fitted on
    /// it holds (<see cref="Embedding"/>); the returned model owns the network, so dispose it, not this one.
    /// </summary>
    internal AutoencoderModel WithEmbedding(Dataset data) => new(_network, History, Transform(data), Scaler);

    /// <summary>The model held by already-read <paramref name="content"/> (kind "autoencoder").</summary>
    internal static AutoencoderModel FromContent(ModelFileContent content, string path)
    {
        if (content.Kind != Kind) throw new DataFormatException(path, $"the file holds a '{content.Kind}' model, expected '{Kind}'.");
        IReadOnlyList<EpochSummary> history;
        try
        {
            history = content.Header["history"] is JsonArray h ? TrainingHistory.FromJson(h) : [];
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new DataFormatException(path, $"the training history is invalid: {exception.Message}", inner: exception);
        }
        Autoencoder network = ReadNetwork(content, path);
        return new AutoencoderModel(network, history, null, content.Header["scaler"]?.DeepClone() as JsonObject);
    }

    /// <summary>The JSON description of a network's architecture, as stored under "network" in model files.</summary>
    internal static JsonNode DescribeNetwork(Autoencoder network) => JsonSerializer.SerializeToNode(network.Options, AutoencoderJson.Options)!;

    /// <summary>
    /// Rebuilds the network described under "network" in <paramref name="content"/> and loads its weights (arrays
    /// prefixed "network."); any inconsistency is a <see cref="DataFormatException"/> against <paramref name="path"/>.
    /// </summary>
    internal static Autoencoder ReadNetwork(ModelFileContent content, string path)
    {
        AutoencoderOptions options;
        try
        {
            options = content.Header["network"].Deserialize<AutoencoderOptions>(AutoencoderJson.Options)
                ?? throw new DataFormatException(path, "the header has no network description.");
            options.Validate();
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
        {
            throw new DataFormatException(path, $"the network description is invalid: {exception.Message}", inner: exception);
        }
        if (options.InputSize * (long)Math.Max(options.EmbeddingSize, 1) > 1L << 31)
            throw new DataFormatException(path, "the network description is implausibly large.");
        Autoencoder network = options.Build(0);
        try
        {
            NetworkState.Restore(network, content.Arrays, path, "network.");
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return network;
    }

    /// <summary>Frees the network's native tensors.</summary>
    public void Dispose() => _network.Dispose();

    /// <summary>Throws <see cref="ArgumentException"/> for another feature count or a NaN/±∞ (row and feature named).</summary>
    private void CheckInput(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != InputSize)
            throw new ArgumentException($"The autoencoder expects {InputSize} features per row, got {data.FeatureCount}.", nameof(data));
        FiniteCheck.Require(data.FeatureArray, data.FeatureCount, "The autoencoder", nameof(data));
    }
}
