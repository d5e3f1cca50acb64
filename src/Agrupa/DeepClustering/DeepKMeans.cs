using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Runtime;
using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.DeepClustering;

/// <summary>
/// Deep k-Means (Moradi Fard, Thonet, Gaussier, PRL 2020): a differentiable k-means loss on the embedding,
/// L = mean_i ‖x_i − x̂_i‖² + λ · mean_i Σ_k ‖h_i − r_k‖² G_k(h_i), G_k = softmax_k(−α‖h_i − r_k‖²), minimised over the
/// autoencoder and the representatives r jointly with Adam. DKMa anneals α from a small value without pretraining
/// (representatives uniform in [−1, 1]); DKMp pretrains, places r by k-means and keeps α large (REFERENCES.md §14).
/// Labels are the nearest representatives after a full forward pass (the reference code's stored distances miss rows
/// its random batches never drew).
/// </summary>
public sealed class DeepKMeans : IPretrainingClusterer, ICheckpointingClusterer
{
    private readonly DeepKMeansOptions _options;

    /// <summary>Creates the estimator; throws <see cref="ArgumentOutOfRangeException"/> naming an invalid option.</summary>
    public DeepKMeans(DeepKMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
    }

    /// <summary>The options.</summary>
    public DeepKMeansOptions Options => _options;

    /// <inheritdoc />
    public string Name => _options.Pretrain ? "dkmp" : "dkma";

    /// <inheritdoc />
    public AutoencoderReducer? Pretraining(Dataset data) => !_options.Pretrain ? null
        : DeepClusteringStart.Reducer(data, _options.Architecture, _options.EmbeddingSize ?? _options.Clusters, _options.HiddenSizes, _options.Pretraining, _options.Seed);

    /// <inheritdoc />
    IClusteringModel IPretrainingClusterer.Fit(Dataset data, AutoencoderModel pretrained, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, pretrained ?? throw new ArgumentNullException(nameof(pretrained)), progress, cancellationToken);

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, null, progress, cancellationToken);

    /// <summary>Fits to <paramref name="data"/>; a <paramref name="pretrained"/> network (copied) replaces DKMp's pretraining.</summary>
    public DeepClusteringModel Fit(Dataset data, AutoencoderModel? pretrained = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default) => Fit(data, pretrained, null, progress, cancellationToken);

    /// <summary>
    /// Fits as <see cref="Fit(Dataset, AutoencoderModel?, IProgress{TrainingProgress}?, CancellationToken)"/>, keeping the
    /// α schedule's <paramref name="checkpoint"/> (network, representatives, optimiser, position) or continuing from it
    /// without pretraining or k-means; <see cref="DeepKMeansOptions.AlphaSteps"/> may grow (α_i depends on i alone).
    /// </summary>
    public DeepClusteringModel Fit(Dataset data, AutoencoderModel? pretrained, ClusteringCheckpoint? checkpoint, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        DeepClusteringStart.RequireRows(data, _options.Clusters, "Deep k-Means");
        DeepClusteringStart.RequireDecoder(pretrained, "Deep k-Means");
        StageCheckpoint.Validate(checkpoint);
        int k = _options.Clusters;
        (Autoencoder network, IReadOnlyList<EpochSummary> history, Dataset? embedding) = DeepClusteringStart.StartingNetwork(data, pretrained,
            _options.Pretrain && checkpoint is not { Resume: true }, _options.Architecture, _options.EmbeddingSize ?? k, _options.HiddenSizes, _options.Pretraining,
            _options.Seed, progress, cancellationToken);
        return DeepClusteringStart.DisposeOnFailure(network, () => Cluster(data, network, embedding, history, checkpoint, progress, cancellationToken));
    }

    private DeepClusteringModel Cluster(Dataset data, Autoencoder network, Dataset? embedding, IReadOnlyList<EpochSummary> pretrainingHistory,
        ClusteringCheckpoint? checkpoint, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        int k = _options.Clusters, e = network.EmbeddingSize;
        bool resume = checkpoint is { Resume: true };
        float[] initial;
        if (resume)
            initial = new float[k * e];   // the representatives are module weights: the checkpoint's replace them
        else if (embedding is not null)
            initial = DeepClusteringStart.InitialCenters(embedding, k, CenterInitialization.KMeans, _options.KMeansRestarts, _options.Seed, progress, cancellationToken).Centers;
        else
        {
            var random = new Random(_options.Seed);
            initial = Enumerable.Range(0, k * e).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        }
        var module = new ClusteringNetwork(network, initial, k);
        var updates = new List<ClusteringUpdate>();
        int stepsPerEpoch = (data.Count + _options.BatchSize - 1) / _options.BatchSize;

        TorchTensor Loss(TrainingBatch batch)
        {
            double alpha = _options.AlphaAt(batch.Epoch / _options.EpochsPerAlpha);
            TorchTensor h = network.Encode(batch.Inputs);
            TorchTensor distances = (h.unsqueeze(1) - module.Centers.unsqueeze(0)).pow(2).sum(2);
            TorchTensor weights = torch.nn.functional.softmax(-alpha * distances, 1);
            TorchTensor clustering = (distances * weights).sum(1).mean();
            TorchTensor reconstruction = (network.Decode(h) - batch.Inputs).pow(2).sum(1).mean();
            batch.ReportTerm("clustering", clustering);
            batch.ReportTerm("reconstruction", reconstruction);
            return reconstruction + clustering * _options.Lambda;
        }

        void AfterEpoch(EpochSummary summary)
        {
            if (summary.Epoch % _options.EpochsPerAlpha != 0) return;
            int[] labels = Labels(module, data, cancellationToken);
            double alpha = _options.AlphaAt(summary.Epoch / _options.EpochsPerAlpha - 1);
            var metrics = new Dictionary<string, double>(DeepClusteringStart.Monitor(data, labels, _options.MonitorWithLabels)) { ["alpha"] = alpha };
            updates.Add(new ClusteringUpdate((long)summary.Epoch * stepsPerEpoch, double.NaN, summary.TrainingLoss, metrics));
            progress?.Report(new TrainingProgress
            {
                Stage = $"{Name} α step", Epoch = summary.Epoch / _options.EpochsPerAlpha, TotalEpochs = _options.AlphaSteps,
                Losses = new Dictionary<string, double> { ["loss"] = summary.TrainingLoss }, Metrics = metrics,
            });
        }

        var training = new TrainerOptions
        {
            Optimizer = OptimizerKind.Adam,
            LearningRate = _options.LearningRate,
            BatchSize = _options.BatchSize,
            Epochs = _options.AlphaSteps * _options.EpochsPerAlpha,
            Shuffle = true,
            Seed = _options.Seed,
        };
        TrainingResult result;
        (result, pretrainingHistory) = StageCheckpoint.Train(module, data, Loss, training, new TrainingCallbacks { AfterEpoch = AfterEpoch }, Name,
            checkpoint, StageCheckpoint.For(Name, _options, nameof(DeepKMeansOptions.AlphaSteps)), updates, pretrainingHistory, progress, cancellationToken);
        int[] final = Labels(module, data, cancellationToken);
        float[] centers = LinearAlgebra.TorchMatrix.ToArray(module.Centers.detach());
        double finalAlpha = _options.AlphaAt(_options.AlphaSteps - 1);
        return new DeepClusteringModel(Name, network, centers, k, AssignmentKernel.Softmax, finalAlpha, final, pretrainingHistory, result.History, updates);
    }

    private static int[] Labels(ClusteringNetwork module, Dataset data, CancellationToken cancellationToken)
    {
        int k = (int)module.Centers.shape[0], e = (int)module.Centers.shape[1];
        float[] codes = BatchedInference.Encode(module.Autoencoder, data.Features, cancellationToken: cancellationToken);
        float[] centers = LinearAlgebra.TorchMatrix.ToArray(module.Centers.detach());
        var labels = new int[data.Count];
        for (int i = 0; i < data.Count; i++) labels[i] = Dcn.NearestCenter(new ReadOnlySpan<float>(codes, i * e, e), centers, k);
        return labels;
    }
}
