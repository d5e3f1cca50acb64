using System.Text.Json;
using System.Text.Json.Nodes;
using Agrupa.Data;
using Agrupa.Neighbors;
using Agrupa.Persistence;

namespace Agrupa.Reduction;

/// <summary>
/// A fitted UMAP: the training embedding plus what <see cref="Transform"/> needs (training rows, embedding, a, b).
/// Immutable; <see cref="Transform"/> may be called from several threads at once. <see cref="Save"/>/<see cref="Load"/>
/// keep it in an Agrupa model file (kind "umap"; nested in N2D's model files).
/// </summary>
public sealed class UmapModel : IReductionModel
{
    private readonly Dataset _training;

    internal UmapModel(Dataset training, Dataset embedding, UmapOptions options, int neighborCount, double a, double b)
    {
        _training = training;
        Embedding = embedding;
        Options = options;
        NeighborCount = neighborCount;
        A = a;
        B = b;
    }

    /// <inheritdoc />
    public Dataset Embedding { get; }

    /// <summary>Features per row of the data the model was fitted on (and that <see cref="Transform"/> expects).</summary>
    public int FeatureCount => _training.FeatureCount;

    /// <summary>The options the model was fitted with.</summary>
    public UmapOptions Options { get; }

    /// <summary>Neighbours used (the option, capped at the row count).</summary>
    public int NeighborCount { get; }

    /// <summary>Curve parameter a in force.</summary>
    public double A { get; }

    /// <summary>Curve parameter b in force.</summary>
    public double B { get; }

    /// <summary>The model-file kind written by <see cref="Save"/>.</summary>
    public const string FileKind = "umap";

    /// <summary>
    /// Writes the model atomically as an Agrupa model file (kind "umap"): header <c>options</c> (the
    /// <see cref="UmapOptions"/>, camelCase, enums by name), <c>neighborCount</c>, <c>a</c>, <c>b</c>; arrays
    /// <c>training</c> (rows × features, float32: what <see cref="Transform"/> searches) and <c>embedding</c>
    /// (rows × dimensions).
    /// </summary>
    public void Save(string path) => ModelFile.Write(path, ToContent());

    /// <summary>Reads a model written by <see cref="Save"/>; a malformed file or another kind is a <see cref="DataFormatException"/>.</summary>
    public static UmapModel Load(string path) => FromContent(ModelFile.Read(path, FileKind), path);

    /// <summary>
    /// The content <see cref="Save"/> writes (also nested in composite models such as N2D's). Without
    /// <paramref name="withTraining"/> the <c>training</c> array is left out, for a composite model whose UMAPs share
    /// their training rows (N2D's draws) and keeps them once.
    /// </summary>
    internal ModelFileContent ToContent(bool withTraining = true)
    {
        var header = new JsonObject
        {
            ["options"] = JsonSerializer.SerializeToNode(Options, Neural.AutoencoderJson.Options),
            ["neighborCount"] = NeighborCount,
            ["a"] = A,
            ["b"] = B,
        };
        var arrays = new Dictionary<string, ModelArray>
        {
            ["embedding"] = ModelArray.FromFloats(Embedding.FeatureArray, Embedding.Count, Embedding.FeatureCount),
        };
        if (withTraining) arrays["training"] = ModelArray.FromFloats(_training.FeatureArray, _training.Count, _training.FeatureCount);
        return new ModelFileContent(FileKind, header, arrays);
    }

    /// <summary>The training rows <see cref="Transform"/> searches (shared by the UMAPs of one N2D model).</summary>
    internal Dataset Training => _training;

    /// <summary>
    /// The model held by already-read <paramref name="content"/> (kind "umap"). With <paramref name="training"/> the
    /// content holds no <c>training</c> array (<see cref="ToContent"/> without it) and these rows are used instead.
    /// </summary>
    internal static UmapModel FromContent(ModelFileContent content, string path, Dataset? training = null)
    {
        if (content.Kind != FileKind) throw new DataFormatException(path, $"the file holds a '{content.Kind}' model, expected '{FileKind}'.");
        UmapOptions options;
        int neighbors;
        double a, b;
        try
        {
            options = content.Header["options"].Deserialize<UmapOptions>(Neural.AutoencoderJson.Options)
                ?? throw new DataFormatException(path, "the UMAP model has no options.");
            Umap.Validate(options);
            neighbors = (int?)content.Header["neighborCount"] ?? throw new DataFormatException(path, "the UMAP model gives no neighbour count.");
            a = (double?)content.Header["a"] ?? double.NaN;
            b = (double?)content.Header["b"] ?? double.NaN;
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
        {
            throw new DataFormatException(path, $"the UMAP model is invalid: {exception.Message}", inner: exception);
        }
        if (!(a > 0 && double.IsFinite(a) && b > 0 && double.IsFinite(b)))
            throw new DataFormatException(path, $"the UMAP curve parameters must be finite and positive, got a={a}, b={b}.");
        ModelArray embedding = content.Require("embedding", path);
        ModelArray? stored = training is null ? content.Require("training", path) : null;
        long trainingRowCount = stored is null ? training!.Count : stored.Shape.Count == 2 ? stored.Shape[0] : -1;
        if ((stored is not null && (stored.Shape.Count != 2 || stored.Shape[1] < 1)) || embedding.Shape.Count != 2 || trainingRowCount != embedding.Shape[0]
            || trainingRowCount < 2 || embedding.Shape[1] != options.Dimensions)
            throw new DataFormatException(path,
                $"the UMAP arrays do not match: training {stored?.ToString() ?? $"{training!.Count} shared rows"}, embedding {embedding}, {options.Dimensions} dimensions.");
        int rows = (int)trainingRowCount;
        if (neighbors < 2 || neighbors > rows)
            throw new DataFormatException(path, $"the neighbour count {neighbors} is outside [2, {rows}].");
        float[] y;
        Dataset trainingRows;
        try
        {
            y = embedding.AsFloats();
            trainingRows = training ?? new Dataset("umap-training", stored!.AsFloats(), (int)stored.Shape[1]);
        }
        catch (InvalidOperationException exception)
        {
            throw new DataFormatException(path, $"the UMAP arrays must hold float32: {exception.Message}", inner: exception);
        }
        if ((training is null && !trainingRows.FeatureArray.All(float.IsFinite)) || !y.All(float.IsFinite))
            throw new DataFormatException(path, "the UMAP arrays hold NaN or infinite values.");
        return new UmapModel(trainingRows, trainingRows.WithFeatures(y, options.Dimensions), options, neighbors, a, b);
    }

    /// <summary>
    /// Embeds new rows as umap-learn's <c>transform</c>: each new point's k nearest training points (exact search here),
    /// memberships with local connectivity reduced by one, initial position = membership-weighted mean of the
    /// neighbours' embeddings, then SGD moving only the new points (epochs: 100 for at most 10,000 new rows else 30,
    /// or a third of Epochs; step lr/4). Training points do not move; results are deterministic for a seed.
    /// </summary>
    public Dataset Transform(Dataset data) => TransformWith(data, Neighbors(data));

    /// <summary>
    /// The <see cref="NeighborCount"/> nearest training rows of each row of <paramref name="data"/> (exact search):
    /// the first step of <see cref="Transform"/>, shared by UMAPs fitted on the same training rows with the same
    /// neighbour count and metric.
    /// </summary>
    internal NeighborGraph Neighbors(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != _training.FeatureCount)
            throw new ArgumentException($"UMAP was fitted on {_training.FeatureCount} features, got {data.FeatureCount}.", nameof(data));
        FiniteCheck.Require(data.FeatureArray, data.FeatureCount, "UMAP", nameof(data));
        return NeighborSearch.Exact(_training.FeatureArray, _training.Count, _training.FeatureCount, data.FeatureArray, data.Count, NeighborCount, Options.Metric);
    }

    /// <summary><see cref="Transform"/> with the neighbours already found (<see cref="Neighbors"/>).</summary>
    internal Dataset TransformWith(Dataset data, NeighborGraph knn)
    {
        int m = data.Count, k = NeighborCount, dim = Options.Dimensions;
        if (knn.Count != m || knn.NeighborCount != k)
            throw new ArgumentException($"The neighbour graph holds {knn.Count} × {knn.NeighborCount} neighbours, expected {m} × {k}.", nameof(knn));
        double connectivity = Math.Max(0.0, Options.LocalConnectivity - 1.0);
        var (sigmas, rhos) = FuzzySimplicialSet.SmoothKnnDistances(knn.Distances, m, k, k, localConnectivity: connectivity);
        float[] strengths = FuzzySimplicialSet.MembershipStrengths(knn, sigmas, rhos, bipartite: true);
        float[] trained = Embedding.FeatureArray;
        var embedding = new float[(long)m * dim];
        for (int i = 0; i < m; i++)
        {
            double total = 0;
            for (int j = 0; j < k; j++) total += strengths[i * k + j];
            for (int j = 0; j < k; j++)
            {
                double weight = total > 0 ? strengths[i * k + j] / total : 1.0 / k;
                int neighbor = knn.Indices[i * k + j];
                for (int d = 0; d < dim; d++) embedding[i * dim + d] += (float)(weight * trained[neighbor * dim + d]);
            }
        }
        int epochs = Options.Epochs is { } e ? Math.Max(1, e / 3) : (m <= 10_000 ? 100 : 30);
        float max = strengths.Length == 0 ? 0 : strengths.Max();
        var starts = new int[m + 1];
        var tails = new List<int>(m * k);
        var weights = new List<float>(m * k);
        for (int i = 0; i < m; i++)
        {
            var row = new List<(int Tail, float Weight)>(k);
            for (int j = 0; j < k; j++)
            {
                float w = strengths[i * k + j];
                if (w > 0 && w >= max / epochs) row.Add((knn.Indices[i * k + j], w));
            }
            row.Sort((x, y) => x.Tail.CompareTo(y.Tail));
            foreach (var (tail, w) in row) { tails.Add(tail); weights.Add(w); }
            starts[i + 1] = tails.Count;
        }
        double[] epochsPerSample = UmapLayout.EpochsPerSample(weights.ToArray(), epochs);
        UmapLayout.Optimize(embedding, trained, dim, starts, tails.ToArray(), epochsPerSample, A, B, Options.RepulsionStrength,
            Options.LearningRate / 4.0, Options.NegativeSampleRate, epochs, Options.Seed, null, CancellationToken.None);
        return data.WithFeatures(embedding, dim);
    }
}
