using System.Text.Json;
using System.Text.Json.Nodes;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Persistence;
using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.DeepClustering;

/// <summary>
/// A fitted deep clustering model (DEC, IDEC, DCEC, DCN, Deep k-Means): the trained autoencoder and the cluster centres
/// in its embedding. <see cref="Predict"/> embeds new rows and assigns each to its nearest centre with a confidence (the
/// largest soft assignment of <see cref="Kernel"/>); <see cref="Save"/>/<see cref="Load"/> keep it in an Agrupa model
/// file (kind "deep-clustering"). Calls are serialised on an internal lock.
/// </summary>
public sealed class DeepClusteringModel : IClusteringModel, IReconstructingModel, IDisposable
{
    /// <summary>The model-file kind.</summary>
    public const string FileKind = "deep-clustering";

    // Updates hold NaN (no label change / loss at the first update; DCN, DKM and VaDE never record a label change).
    internal static readonly JsonSerializerOptions UpdateJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly Autoencoder _network;
    private readonly float[] _centers;
    private readonly int[] _labels;
    private readonly object _gate = new();
    private readonly float[]? _logVariances;
    private readonly float[]? _logWeights;

    internal DeepClusteringModel(string method, Autoencoder network, float[] centers, int clusters, AssignmentKernel kernel, double alpha, int[] labels,
        IReadOnlyList<EpochSummary> pretraining, IReadOnlyList<EpochSummary> clustering, IReadOnlyList<ClusteringUpdate> updates,
        float[]? logVariances = null, float[]? logWeights = null)
    {
        if (kernel == AssignmentKernel.GaussianMixture && (logVariances is null || logWeights is null))
            throw new ArgumentException("A Gaussian mixture kernel needs log-variances and log-weights.");
        _logVariances = logVariances;
        _logWeights = logWeights;
        Method = method;
        _network = network;
        _centers = centers;
        ClusterCount = clusters;
        Kernel = kernel;
        Alpha = alpha;
        _labels = labels;
        PretrainingHistory = pretraining;
        ClusteringHistory = clustering;
        Updates = updates;
    }

    /// <summary>"dec", "idec", "dcec", "dcn", "dkma", "dkmp" or "vade".</summary>
    public string Method { get; }

    /// <inheritdoc />
    public int ClusterCount { get; }

    /// <summary>Features per input row.</summary>
    public int FeatureCount => _network.InputSize;

    /// <summary>Embedding dimension.</summary>
    public int EmbeddingSize => _network.EmbeddingSize;

    /// <summary>The soft assignment used for confidences.</summary>
    public AssignmentKernel Kernel { get; }

    /// <summary>The kernel's α (Student's t degrees of freedom, or the softmax inverse temperature).</summary>
    public double Alpha { get; }

    /// <summary>Cluster centres in the embedding, row-major <see cref="ClusterCount"/> × <see cref="EmbeddingSize"/>.</summary>
    public ReadOnlyMemory<float> Centers => _centers;

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>Per-epoch losses of the autoencoder pretraining (empty when a pretrained network was given or after loading).</summary>
    public IReadOnlyList<EpochSummary> PretrainingHistory { get; }

    /// <summary>Per-epoch losses of the clustering stage, each loss term separately.</summary>
    public IReadOnlyList<EpochSummary> ClusteringHistory { get; }

    /// <summary>The clustering stage's updates: label change, loss and (display-only) ACC/NMI/ARI.</summary>
    public IReadOnlyList<ClusteringUpdate> Updates { get; }

    /// <summary>The autoencoder (for reconstructions in reports). Do not train it while the model is shared.</summary>
    public Autoencoder Network => _network;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Another feature count than the fitted data, or a NaN or infinite value.</exception>
    public ClusterAssignment Predict(Dataset data)
    {
        double[] probabilities = PredictProbabilities(data);
        int k = ClusterCount;
        var labels = new int[data.Count];
        var confidence = new double[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            int best = 0;
            for (int j = 1; j < k; j++) if (probabilities[i * k + j] > probabilities[i * k + best]) best = j;
            labels[i] = best;
            confidence[i] = probabilities[i * k + best];
        }
        return new ClusterAssignment(labels, confidence);
    }

    /// <summary>Soft assignments of new rows, row-major n × <see cref="ClusterCount"/> (rows sum to 1).</summary>
    public double[] PredictProbabilities(Dataset data)
    {
        CheckInput(data);
        float[] values;
        lock (_gate)
        {
            using var centers = torch.tensor(_centers, new long[] { ClusterCount, EmbeddingSize });
            using var logVariances = _logVariances is null ? null : torch.tensor(_logVariances, new long[] { ClusterCount, EmbeddingSize });
            using var logWeights = _logWeights is null ? null : torch.tensor(_logWeights, new long[] { ClusterCount });
            values = BatchedInference.Map(_network, x => Kernel == AssignmentKernel.GaussianMixture
                ? Vade.Posterior(_network.Encode(x), centers, logVariances!, logWeights!)
                : Assign(_network.Encode(x), centers, Kernel, Alpha), data.Features, FeatureCount, ClusterCount);
        }
        return Array.ConvertAll(values, v => (double)v);
    }

    /// <summary>The embedding of new rows (same labels and names, <see cref="EmbeddingSize"/> features).</summary>
    public Dataset Transform(Dataset data)
    {
        CheckInput(data);
        float[] codes;
        lock (_gate) codes = BatchedInference.Encode(_network, data.Features);
        return data.WithFeatures(codes, EmbeddingSize);
    }

    /// <inheritdoc />
    public bool CanReconstruct => _network.HasDecoder;

    /// <summary>Reconstructions of new rows through the autoencoder (same shape as the input).</summary>
    public Dataset Reconstruct(Dataset data)
    {
        CheckInput(data);
        float[] values;
        lock (_gate) values = BatchedInference.Reconstruct(_network, data.Features);
        return data.WithFeatures(values, FeatureCount, keepImageShape: true);
    }

    /// <summary>Soft assignment of embeddings <paramref name="z"/> (n × e) to <paramref name="centers"/> (k × e).</summary>
    internal static TorchTensor Assign(TorchTensor z, TorchTensor centers, AssignmentKernel kernel, double alpha) => kernel switch
    {
        AssignmentKernel.Softmax => torch.nn.functional.softmax(-alpha * (z.unsqueeze(1) - centers.unsqueeze(0)).pow(2).sum(2), 1),
        _ => SoftAssignment.StudentT(z, centers, alpha),
    };

    /// <summary>Writes the model (method, architecture, weights, centres, labels, curves) atomically.</summary>
    public void Save(string path)
    {
        var header = new JsonObject
        {
            ["method"] = Method,
            ["clusters"] = ClusterCount,
            ["kernel"] = Kernel.ToString(),
            ["alpha"] = Alpha,
            ["network"] = AutoencoderModel.DescribeNetwork(_network),
            ["pretraining"] = TrainingHistory.ToJson(PretrainingHistory),
            ["clustering"] = TrainingHistory.ToJson(ClusteringHistory),
            ["updates"] = JsonSerializer.SerializeToNode(Updates, UpdateJson),
        };
        Dictionary<string, ModelArray> arrays;
        lock (_gate) arrays = NetworkState.Capture(_network, "network.");
        arrays["centers"] = ModelArray.FromFloats(_centers, ClusterCount, EmbeddingSize);
        arrays["labels"] = ModelArray.FromInts(_labels);
        if (_logVariances is not null) arrays["logVariances"] = ModelArray.FromFloats(_logVariances, ClusterCount, EmbeddingSize);
        if (_logWeights is not null) arrays["logWeights"] = ModelArray.FromFloats(_logWeights, ClusterCount);
        ModelFile.Write(path, new ModelFileContent(FileKind, header, arrays));
    }

    /// <summary>Reads a model written by <see cref="Save"/>; a malformed file is a <see cref="DataFormatException"/>.</summary>
    public static DeepClusteringModel Load(string path)
    {
        ModelFileContent content = ModelFile.Read(path, FileKind);
        string method;
        int clusters;
        AssignmentKernel kernel;
        double alpha;
        IReadOnlyList<EpochSummary> pretraining, clustering;
        IReadOnlyList<ClusteringUpdate> updates;
        try
        {
            method = (string?)content.Header["method"] ?? throw new DataFormatException(path, "the header names no method.");
            clusters = (int?)content.Header["clusters"] ?? throw new DataFormatException(path, "the header gives no cluster count.");
            kernel = Enum.Parse<AssignmentKernel>((string?)content.Header["kernel"] ?? "", ignoreCase: false);
            alpha = (double?)content.Header["alpha"] ?? throw new DataFormatException(path, "the header gives no kernel α.");
            pretraining = content.Header["pretraining"] is JsonArray p ? TrainingHistory.FromJson(p) : [];
            clustering = content.Header["clustering"] is JsonArray c ? TrainingHistory.FromJson(c) : [];
            updates = content.Header["updates"]?.Deserialize<List<ClusteringUpdate>>(UpdateJson) ?? [];
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new DataFormatException(path, $"the model header is invalid: {exception.Message}", inner: exception);
        }
        if (clusters < 1 || clusters > 1_000_000) throw new DataFormatException(path, $"implausible cluster count {clusters}.");
        Autoencoder network = AutoencoderModel.ReadNetwork(content, path);
        try
        {
            float[] centers = content.Require("centers", path).AsFloats();
            int[] labels = content.Require("labels", path).AsInts();
            if (centers.Length != (long)clusters * network.EmbeddingSize)
                throw new DataFormatException(path, $"'centers' holds {centers.Length} values, expected {clusters}×{network.EmbeddingSize}.");
            if (labels.Any(l => l < -1 || l >= clusters))
                throw new DataFormatException(path, $"'labels' holds values outside [-1, {clusters}).");
            float[]? logVariances = null, logWeights = null;
            if (kernel == AssignmentKernel.GaussianMixture)
            {
                logVariances = content.Require("logVariances", path).AsFloats();
                logWeights = content.Require("logWeights", path).AsFloats();
                if (logVariances.Length != centers.Length || logWeights.Length != clusters)
                    throw new DataFormatException(path, "the mixture arrays do not match the centres.");
            }
            return new DeepClusteringModel(method, network, centers, clusters, kernel, alpha, labels, pretraining, clustering, updates, logVariances, logWeights);
        }
        catch (InvalidOperationException exception)
        {
            network.Dispose();
            throw new DataFormatException(path, exception.Message, inner: exception);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Frees the network's native tensors.</summary>
    public void Dispose() => _network.Dispose();

    /// <summary>Throws <see cref="ArgumentException"/> for another feature count or a NaN/±∞ (row and feature named).</summary>
    private void CheckInput(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != FeatureCount)
            throw new ArgumentException($"The model expects {FeatureCount} features per row, got {data.FeatureCount}.", nameof(data));
        FiniteCheck.Require(data.FeatureArray, data.FeatureCount, $"The {Method} model", nameof(data));
    }
}
