using System.Text.Json.Nodes;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Persistence;
using Agrupa.Runtime;
using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.DeepClustering;

/// <summary>
/// Deep Clustering Network (Yang et al., ICML 2017), alternating as the authors' code does (REFERENCES.md §13):
/// <list type="number">
/// <item>pretrain the autoencoder; k-means on the embedding gives centres M and assignments s; counts c_k start at
/// <see cref="DcnOptions.InitialCount"/>;</item>
/// <item>for each batch (fixed order): one SGD step on mean_i [β‖f(x_i) − M s_i‖² + λ‖x_i − g(f(x_i))‖²] with M and s
/// fixed; then, with the updated network, assign every row of the batch to its nearest centre (centres as before the
/// batch), and move the centres row by row: c_k += 1, μ_k ← μ_k − (μ_k − f(x_i)) / c_k (the reference's batch_km).</item>
/// </list>
/// The fitted labels are the nearest centres on the final embedding, so that they equal <c>Predict</c> on the training
/// rows (the reference reports its online assignments, which differ only for rows not revisited after the last move).
/// </summary>
public sealed class Dcn : IPretrainingClusterer, ICheckpointingClusterer
{
    private readonly DcnOptions _options;

    /// <summary>Creates the estimator; throws <see cref="ArgumentOutOfRangeException"/> naming an invalid option.</summary>
    public Dcn(DcnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
    }

    /// <summary>The options.</summary>
    public DcnOptions Options => _options;

    /// <inheritdoc />
    public string Name => "dcn";

    /// <inheritdoc />
    public AutoencoderReducer? Pretraining(Dataset data) => DeepClusteringStart.Reducer(data, _options.Architecture, _options.EmbeddingSize ?? _options.Clusters,
        _options.HiddenSizes, _options.Pretraining, _options.Seed, layerwise: _options.LayerwisePretraining, endToEnd: _options.PretrainEndToEnd);

    /// <inheritdoc />
    IClusteringModel IPretrainingClusterer.Fit(Dataset data, AutoencoderModel pretrained, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, pretrained ?? throw new ArgumentNullException(nameof(pretrained)), progress, cancellationToken);

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, null, progress, cancellationToken);

    /// <summary>Fits to <paramref name="data"/>, starting from a copy of <paramref name="pretrained"/> when given.</summary>
    public DeepClusteringModel Fit(Dataset data, AutoencoderModel? pretrained = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default) => Fit(data, pretrained, null, progress, cancellationToken);

    /// <summary>
    /// Fits as <see cref="Fit(Dataset, AutoencoderModel?, IProgress{TrainingProgress}?, CancellationToken)"/>, keeping the
    /// joint stage's <paramref name="checkpoint"/> (network, optimiser, centres, counts and assignments) or continuing
    /// from it without pretraining or k-means; <see cref="DcnOptions.Epochs"/> may grow.
    /// </summary>
    public DeepClusteringModel Fit(Dataset data, AutoencoderModel? pretrained, ClusteringCheckpoint? checkpoint, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        DeepClusteringStart.RequireRows(data, _options.Clusters, "DCN");
        DeepClusteringStart.RequireDecoder(pretrained, "DCN");
        StageCheckpoint.Validate(checkpoint);
        int k = _options.Clusters;
        (Autoencoder network, IReadOnlyList<EpochSummary> history, Dataset? embedding) = DeepClusteringStart.StartingNetwork(data, pretrained,
            pretrain: checkpoint is not { Resume: true }, _options.Architecture, _options.EmbeddingSize ?? k, _options.HiddenSizes, _options.Pretraining,
            _options.Seed, progress, cancellationToken, layerwise: _options.LayerwisePretraining, endToEnd: _options.PretrainEndToEnd);
        return DeepClusteringStart.DisposeOnFailure(network, () => Cluster(data, network, embedding, history, checkpoint, progress, cancellationToken));
    }

    private DeepClusteringModel Cluster(Dataset data, Autoencoder network, Dataset? embedding, IReadOnlyList<EpochSummary> pretrainingHistory,
        ClusteringCheckpoint? checkpoint, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        int k = _options.Clusters, e = network.EmbeddingSize;
        bool resume = checkpoint is { Resume: true };
        // Resuming: centres, assignments and counts come from the checkpoint.
        (float[] centers, int[] assignments) = resume
            ? (new float[k * e], new int[data.Count])
            : DeepClusteringStart.InitialCenters(embedding!, k, _options.Initialization, _options.KMeansRestarts, _options.Seed, progress, cancellationToken);
        var counts = Enumerable.Repeat((double)_options.InitialCount, k).ToArray();
        var updates = new List<ClusteringUpdate>();

        TorchTensor Loss(TrainingBatch batch)
        {
            TorchTensor z = network.Encode(batch.Inputs);
            var assigned = new float[batch.Indices.Count * e];
            for (int r = 0; r < batch.Indices.Count; r++) Array.Copy(centers, assignments[batch.Indices[r]] * e, assigned, r * e, e);
            TorchTensor target = torch.tensor(assigned, new long[] { batch.Indices.Count, e }).to(z.device);
            TorchTensor clustering = (z - target).pow(2).sum(1).mean();
            TorchTensor reconstruction = (network.Decode(z) - batch.Inputs).pow(2).sum(1).mean();
            batch.ReportTerm("clustering", clustering);
            batch.ReportTerm("reconstruction", reconstruction);
            return clustering * _options.ClusteringWeight + reconstruction * _options.ReconstructionWeight;
        }

        void UpdateCenters(TrainingBatch batch)
        {
            if (!batch.IsTraining) return;
            using var noGrad = torch.no_grad();
            float[] z = LinearAlgebra.TorchMatrix.ToArray(network.Encode(batch.Inputs));
            var nearest = new int[batch.Indices.Count];
            BatchKMeansStep(z, centers, counts, k, nearest);
            for (int r = 0; r < nearest.Length; r++) assignments[batch.Indices[r]] = nearest[r];
        }

        void AfterEpoch(EpochSummary summary)
        {
            var metrics = DeepClusteringStart.Monitor(data, assignments, _options.MonitorWithLabels);
            updates.Add(new ClusteringUpdate(summary.Epoch * (long)((data.Count + _options.BatchSize - 1) / _options.BatchSize), double.NaN, summary.TrainingLoss, metrics));
            if (metrics.Count > 0) progress?.Report(new TrainingProgress { Stage = "dcn monitor", Epoch = summary.Epoch, TotalEpochs = _options.Epochs, Metrics = metrics });
        }

        var training = new TrainerOptions
        {
            Optimizer = OptimizerKind.Sgd,
            LearningRate = _options.LearningRate,
            Momentum = _options.Momentum,
            BatchSize = _options.BatchSize,
            Epochs = _options.Epochs,
            Shuffle = false,
            Seed = _options.Seed,
        };
        // DCN's own state (none of it network weights), written between steps: no copies needed.
        var own = new StageCheckpoint.OwnState(
            () => new CheckpointState(new JsonObject { ["counts"] = new JsonArray(counts.Select(c => (JsonNode?)c).ToArray()) },
                new Dictionary<string, ModelArray> { ["centers"] = ModelArray.FromFloats(centers, k, e), ["assignments"] = ModelArray.FromInts(assignments) }),
            (saved, path) =>
            {
                StageCheckpoint.Array(saved, path, "centers", centers.LongLength, "centres").AsFloats().CopyTo(centers, 0);
                StageCheckpoint.Array(saved, path, "assignments", assignments.LongLength, "assignments").AsInts().CopyTo(assignments, 0);
                double[] savedCounts = saved.Header["counts"] is JsonArray c && c.Count == k ? c.Select(v => (double)v!).ToArray()
                    : throw new DataFormatException(path, $"the checkpoint has no {k} centre counts.");
                savedCounts.CopyTo(counts, 0);
            });
        TrainingResult result;
        (result, pretrainingHistory) = StageCheckpoint.Train(network, data, Loss, training, new TrainingCallbacks { AfterStep = UpdateCenters, AfterEpoch = AfterEpoch },
            "dcn clustering", checkpoint, StageCheckpoint.For(Name, _options, nameof(DcnOptions.Epochs)), updates, pretrainingHistory, progress, cancellationToken, own);

        float[] codes = BatchedInference.Encode(network, data.Features, cancellationToken: cancellationToken);
        var labels = new int[data.Count];
        for (int i = 0; i < data.Count; i++) labels[i] = NearestCenter(new ReadOnlySpan<float>(codes, i * e, e), centers, k);
        return new DeepClusteringModel(Name, network, centers, k, AssignmentKernel.StudentT, 1.0, labels, pretrainingHistory, result.History, updates);
    }

    /// <summary>
    /// DCN's centre step on one batch of codes (rows of <paramref name="codes"/>), as the reference's <c>batch_km</c>:
    /// every row is first assigned to its nearest centre as the centres were before the batch (written to
    /// <paramref name="nearest"/>), then the centres move row by row, c_k += 1, μ_k ← μ_k − (μ_k − z_i) / c_k.
    /// </summary>
    internal static void BatchKMeansStep(ReadOnlySpan<float> codes, float[] centers, double[] counts, int clusters, Span<int> nearest)
    {
        int e = centers.Length / clusters;
        for (int r = 0; r < nearest.Length; r++) nearest[r] = NearestCenter(codes.Slice(r * e, e), centers, clusters);
        for (int r = 0; r < nearest.Length; r++)
        {
            int c = nearest[r];
            counts[c] += 1;
            double step = 1.0 / counts[c];
            for (int d = 0; d < e; d++) centers[c * e + d] -= (float)(step * (centers[c * e + d] - codes[r * e + d]));
        }
    }

    internal static int NearestCenter(ReadOnlySpan<float> row, ReadOnlySpan<float> centers, int clusters)
    {
        int d = row.Length, best = 0;
        float bestDistance = float.PositiveInfinity;
        for (int c = 0; c < clusters; c++)
        {
            float distance = System.Numerics.Tensors.TensorPrimitives.Distance(row, centers.Slice(c * d, d));
            if (distance < bestDistance) (bestDistance, best) = (distance, c);
        }
        return best;
    }
}
