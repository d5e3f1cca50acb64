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
/// Deep Embedded Clustering and its variants, as the reference codes run them (REFERENCES.md §9–12):
/// <list type="number">
/// <item>pretrain an autoencoder on the data (or take a pretrained one);</item>
/// <item>k-means (20 restarts) on the embedding gives the initial centres μ;</item>
/// <item>clustering stage: batches in order; every <see cref="DecOptions.UpdateInterval"/> steps recompute the soft
/// assignment Q on all data, the target P, and the labels, and stop when fewer than <see cref="DecOptions.Tolerance"/>
/// of the labels changed since the previous update; each step minimises γ·KL(P‖Q) (+ w·reconstruction for IDEC/DCEC)
/// over encoder (and decoder) weights and centres.</item>
/// </list>
/// DEC: Xie, Girshick, Farhadi, ICML 2016. IDEC: Guo, Gao, Liu, Yin, IJCAI 2017. DCEC: Guo, Liu, Zhu, Yin, ICONIP 2017.
/// </summary>
public sealed class Dec : IPretrainingClusterer, ICheckpointingClusterer
{
    private readonly DecOptions _options;

    /// <summary>Creates the estimator; throws <see cref="ArgumentOutOfRangeException"/> naming an invalid option.</summary>
    public Dec(DecOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
    }

    /// <summary>The options.</summary>
    public DecOptions Options => _options;

    /// <inheritdoc />
    public string Name => _options.MethodName;

    /// <inheritdoc />
    public AutoencoderReducer? Pretraining(Dataset data) => DeepClusteringStart.Reducer(data, _options.Architecture, _options.EmbeddingSize ?? _options.Clusters,
        _options.HiddenSizes, _options.Pretraining, _options.Seed, _options.WeightInitialization);

    /// <inheritdoc />
    IClusteringModel IPretrainingClusterer.Fit(Dataset data, AutoencoderModel pretrained, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, pretrained ?? throw new ArgumentNullException(nameof(pretrained)), progress, cancellationToken);

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, null, progress, cancellationToken);

    /// <summary>
    /// Fits to <paramref name="data"/>. With <paramref name="pretrained"/>, its network is copied and the pretraining
    /// is skipped (IDEC's protocol: DEC and IDEC start from the same pretrained weights for a fair comparison).
    /// </summary>
    public DeepClusteringModel Fit(Dataset data, AutoencoderModel? pretrained = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default) => Fit(data, pretrained, null, progress, cancellationToken);

    /// <summary>
    /// Fits as <see cref="Fit(Dataset, AutoencoderModel?, IProgress{TrainingProgress}?, CancellationToken)"/>, keeping the
    /// clustering stage's <paramref name="checkpoint"/> (written when cancelled and, with <see cref="ClusteringCheckpoint.Every"/>,
    /// periodically), or continuing from it (<see cref="ClusteringCheckpoint.Resume"/>: neither pretraining nor k-means
    /// runs again; give the same data, options and <paramref name="pretrained"/> network). An interrupted and resumed fit
    /// gives the model of an uninterrupted one; <see cref="DecOptions.MaxIterations"/> may grow. With a validation split
    /// (<see cref="DecOptions.ValidationFraction"/>) the checkpoint also keeps the best weights and the patience count.
    /// </summary>
    public DeepClusteringModel Fit(Dataset data, AutoencoderModel? pretrained, ClusteringCheckpoint? checkpoint, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        DeepClusteringStart.RequireRows(data, _options.Clusters, Name.ToUpperInvariant());
        StageCheckpoint.Validate(checkpoint);
        bool resume = checkpoint is { Resume: true };
        if (_options.ReconstructionWeight > 0) DeepClusteringStart.RequireDecoder(pretrained, Name.ToUpperInvariant());
        int k = _options.Clusters;
        int embeddingSize = _options.EmbeddingSize ?? k;

        // A resumed fit takes its weights from the checkpoint: a fresh network of the same architecture, unless a pretrained one is given.
        (Autoencoder network, IReadOnlyList<EpochSummary> pretrainingHistory, Dataset? embedding) = DeepClusteringStart.StartingNetwork(data, pretrained,
            pretrain: !resume, _options.Architecture, embeddingSize, _options.HiddenSizes, _options.Pretraining, _options.Seed, progress, cancellationToken,
            _options.WeightInitialization);
        return DeepClusteringStart.DisposeOnFailure(network, () => Cluster(data, network, embedding, pretrainingHistory, checkpoint, progress, cancellationToken));
    }

    private DeepClusteringModel Cluster(Dataset data, Autoencoder network, Dataset? embedding, IReadOnlyList<EpochSummary> pretrainingHistory,
        ClusteringCheckpoint? checkpoint, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        int k = _options.Clusters;
        double alpha = _options.Alpha;
        bool resume = checkpoint is { Resume: true };
        // Resuming: the centres (module weights) and the rest of the state come from the checkpoint.
        (float[] initialCenters, int[] labels) = resume
            ? (new float[k * network.EmbeddingSize], [])
            : DeepClusteringStart.InitialCenters(embedding!, k, _options.Initialization, _options.KMeansRestarts, _options.Seed, progress, cancellationToken);
        Dataset all = data;
        (data, Dataset? validation) = SplitValidation(data, k);
        int n = data.Count;
        var best = new BestState();
        var module = new ClusteringNetwork(network, initialCenters, k);

        float[] target = new float[(long)n * k];
        int[]? previous = null;
        var updates = new List<ClusteringUpdate>();
        double lossSum = 0;
        long lossSteps = 0;
        long planned = _options.MaxIterations;

        bool BeforeStep(int epoch, long step)
        {
            if (step >= _options.MaxIterations) return false;
            if (step % _options.UpdateInterval != 0) return true;
            float[] q = SoftAssignments(module, data, alpha, cancellationToken);
            labels = TargetAndLabels(q, n, k, target);
            double change = previous is null ? double.NaN : DeepClusteringStart.LabelChange(previous, labels);
            double loss = lossSteps == 0 ? double.NaN : lossSum / lossSteps;
            var metrics = DeepClusteringStart.Monitor(data, labels, _options.MonitorWithLabels);
            double validationLoss = validation is null ? double.NaN : ValidationLoss(module, validation, alpha, cancellationToken);
            updates.Add(new ClusteringUpdate(step, change, loss, metrics, validationLoss));
            var losses = double.IsNaN(loss) ? new Dictionary<string, double>() : new Dictionary<string, double> { ["loss"] = loss, ["label change"] = change };
            if (validation is not null) losses["validation clustering"] = validationLoss;
            progress?.Report(new TrainingProgress
            {
                Stage = $"{Name} target update",
                Epoch = (int)(step / _options.UpdateInterval) + 1,
                TotalEpochs = (int)((planned + _options.UpdateInterval - 1) / _options.UpdateInterval),
                Losses = losses,
                Metrics = metrics,
            });
            (lossSum, lossSteps) = (0, 0);
            bool converged = previous is not null && change < _options.Tolerance;
            previous = labels;
            if (validation is not null && best.Observe(module, validationLoss, _options.ValidationMinimumDelta) >= _options.ValidationPatience) return false;
            return !converged;
        }

        TorchTensor Loss(TrainingBatch batch)
        {
            TorchTensor z = network.Encode(batch.Inputs);
            TorchTensor q = SoftAssignment.StudentT(z, module.Centers, alpha);
            TorchTensor p = RowsOf(target, batch.Indices, k, q.device);
            TorchTensor clustering = SoftAssignment.KullbackLeibler(p, q);
            batch.ReportTerm("clustering", clustering);
            TorchTensor loss = clustering * _options.ClusteringWeight;
            if (_options.ReconstructionWeight > 0)
            {
                TorchTensor reconstruction = torch.nn.functional.mse_loss(network.Decode(z), batch.Inputs);
                batch.ReportTerm("reconstruction", reconstruction);
                loss = loss + reconstruction * _options.ReconstructionWeight;
            }
            if (batch.IsTraining)
            {
                lossSum += loss.item<float>();
                lossSteps++;
            }
            return loss;
        }

        int stepsPerEpoch = (n + _options.BatchSize - 1) / _options.BatchSize;
        var training = new TrainerOptions
        {
            Optimizer = _options.Optimizer,
            LearningRate = _options.LearningRate,
            Momentum = _options.Momentum,
            BatchSize = _options.BatchSize,
            Epochs = (int)Math.Max(1, (_options.MaxIterations + stepsPerEpoch - 1) / stepsPerEpoch),
            Shuffle = false,
            Seed = _options.Seed,
        };
        // DEC's own state: the trainer writes the file before the next step, so the arrays need no copies.
        var own = new StageCheckpoint.OwnState(
            () =>
            {
                var arrays = new Dictionary<string, ModelArray> { ["target"] = ModelArray.FromFloats(target, n, k) };
                if (previous is not null) arrays["previous"] = ModelArray.FromInts(previous);
                var header = new JsonObject { ["lossSum"] = lossSum, ["lossSteps"] = lossSteps };
                best.Save(header, arrays);
                return new CheckpointState(header, arrays);
            },
            (saved, path) =>
            {
                StageCheckpoint.Array(saved, path, "target", target.LongLength, "target distribution").AsFloats().CopyTo(target, 0);
                previous = saved.Arrays.ContainsKey("previous") ? StageCheckpoint.Array(saved, path, "previous", n, "previous labels").AsInts() : null;
                lossSum = (double)saved.Header["lossSum"]!;
                lossSteps = (long)saved.Header["lossSteps"]!;
                best.Load(saved);
            });
        TrainingResult result;
        (result, pretrainingHistory) = StageCheckpoint.Train(module, data, Loss, training, new TrainingCallbacks { BeforeStep = BeforeStep }, Name + " clustering",
            checkpoint, StageCheckpoint.For(Name, _options, nameof(DecOptions.MaxIterations)), updates, pretrainingHistory, progress, cancellationToken, own);
        best.Restore(module);

        float[] finalQ = SoftAssignments(module, all, alpha, cancellationToken);
        int[] finalLabels = TargetAndLabels(finalQ, all.Count, k, validation is null ? target : new float[(long)all.Count * k]);
        float[] centers = LinearAlgebra.TorchMatrix.ToArray(module.Centers.detach());
        return new DeepClusteringModel(Name, network, centers, k, AssignmentKernel.StudentT, alpha, finalLabels, pretrainingHistory, result.History, updates);
    }

    /// <summary>
    /// The training rows and, when <see cref="DecOptions.ValidationFraction"/> &gt; 0, a random held-out set (seeded,
    /// never stratified: labels are not used); the split keeps at least k rows on each side.
    /// </summary>
    private (Dataset Train, Dataset? Validation) SplitValidation(Dataset data, int k)
    {
        if (_options.ValidationFraction <= 0) return (data, null);
        int held = (int)Math.Round(data.Count * _options.ValidationFraction);
        if (held < k || data.Count - held < k)
            throw new ArgumentException($"ValidationFraction={_options.ValidationFraction} holds out {held} of {data.Count} rows; both parts need at least Clusters={k} rows.", nameof(data));
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        new Random(_options.Seed ^ 0x5EED).Shuffle(order);
        int[] validation = order[..held];
        int[] train = order[held..];
        Array.Sort(validation);
        Array.Sort(train);
        return (data.Select(train), data.Select(validation));
    }

    /// <summary>Mean KL(P‖Q) per row on <paramref name="validation"/>, P being DEC's target computed from its own Q.</summary>
    private static double ValidationLoss(ClusteringNetwork module, Dataset validation, double alpha, CancellationToken cancellationToken)
    {
        int n = validation.Count, k = (int)module.Centers.shape[0];
        float[] q = SoftAssignments(module, validation, alpha, cancellationToken);
        var p = new float[q.Length];
        TargetAndLabels(q, n, k, p);
        double sum = 0;
        for (long i = 0; i < q.Length; i++)
            if (p[i] > 0) sum += p[i] * (Math.Log(p[i]) - Math.Log(Math.Max(q[i], float.Epsilon)));
        return sum / n;
    }

    /// <summary>
    /// The lowest validation loss seen, a copy of the weights and centres at that point, and the updates since; kept in
    /// the clustering stage's checkpoint (header "bestLoss", "bestSince"; arrays "best.&lt;weight&gt;").
    /// </summary>
    private sealed class BestState
    {
        private const string Prefix = "best.";
        private Dictionary<string, ModelArray>? _weights;
        private double _loss = double.PositiveInfinity;
        private int _since;

        /// <summary>Records <paramref name="loss"/>; returns the number of updates since the last improvement.</summary>
        public int Observe(ClusteringNetwork module, double loss, double minimumDelta)
        {
            if (loss < _loss - minimumDelta)
            {
                _loss = loss;
                _since = 0;
                _weights = NetworkState.Capture(module, Prefix);
            }
            else
            {
                _since++;
            }
            return _since;
        }

        /// <summary>Loads the best weights back (if any were recorded) and frees the copy.</summary>
        public void Restore(ClusteringNetwork module)
        {
            if (_weights is null) return;
            NetworkState.Restore(module, _weights, "(best weights)", Prefix);
            _weights = null;
        }

        /// <summary>Adds this state to a checkpoint's header and arrays.</summary>
        public void Save(JsonObject header, Dictionary<string, ModelArray> arrays)
        {
            header["bestLoss"] = double.IsFinite(_loss) ? _loss : null;
            header["bestSince"] = _since;
            if (_weights is not null) foreach (var (name, array) in _weights) arrays[name] = array;
        }

        /// <summary>Reads the state <see cref="Save"/> wrote.</summary>
        public void Load(CheckpointState saved)
        {
            _loss = saved.Header["bestLoss"] is JsonNode loss ? (double)loss : double.PositiveInfinity;
            _since = (int?)saved.Header["bestSince"] ?? 0;
            var weights = saved.Arrays.Where(p => p.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            _weights = weights.Count > 0 ? weights : null;
        }
    }

    /// <summary>Q on all rows (n × k, row-major), in inference batches.</summary>
    private static float[] SoftAssignments(ClusteringNetwork module, Dataset data, double alpha, CancellationToken cancellationToken) =>
        BatchedInference.Map(module.Autoencoder, x => SoftAssignment.StudentT(module.Autoencoder.Encode(x), module.Centers, alpha),
            data.Features, data.FeatureCount, (int)module.Centers.shape[0], cancellationToken: cancellationToken);

    /// <summary>Writes DEC's target P for <paramref name="q"/> into <paramref name="target"/> and returns argmax Q.</summary>
    internal static int[] TargetAndLabels(float[] q, int n, int k, float[] target)
    {
        var frequency = new double[k];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) frequency[j] += q[(long)i * k + j];
        var labels = new int[n];
        var row = new double[k];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            int best = 0;
            for (int j = 0; j < k; j++)
            {
                float value = q[(long)i * k + j];
                row[j] = value * (double)value / Math.Max(frequency[j], double.Epsilon);
                sum += row[j];
                if (value > q[(long)i * k + best]) best = j;
            }
            for (int j = 0; j < k; j++) target[(long)i * k + j] = (float)(row[j] / sum);
            labels[i] = best;
        }
        return labels;
    }

    private static TorchTensor RowsOf(float[] values, IReadOnlyList<int> indices, int width, torch.Device device)
    {
        var rows = new float[indices.Count * width];
        for (int r = 0; r < indices.Count; r++) Array.Copy(values, (long)indices[r] * width, rows, r * width, width);
        return torch.tensor(rows, new long[] { indices.Count, width }).to(device);
    }
}
