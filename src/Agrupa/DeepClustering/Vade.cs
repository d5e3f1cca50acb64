using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.DeepClustering;

/// <summary>
/// Variational Deep Embedding (Jiang et al., IJCAI 2017): a variational autoencoder whose prior is a mixture of
/// Gaussians p(z) = Σ_c π_c N(μ_c, diag σ_c²); the cluster of a row is argmax_c p(c | z). Steps, as the reference code
/// (REFERENCES.md §15):
/// <list type="number">
/// <item>pretrain encoder-mean and decoder as a plain autoencoder;</item>
/// <item>a diagonal Gaussian mixture on the embedding initialises μ_c, σ_c²; π starts uniform;</item>
/// <item>maximise the ELBO (one z sample per row) over network and mixture with Adam, lr ×0.9 every 10 epochs.</item>
/// </list>
/// Differences from the reference, each for numerical safety: π is parametrised by a softmax (the reference leaves it
/// free and unnormalised), σ² by its logarithm, γ is computed with log-sum-exp, and predictions use z = μ(x) rather
/// than a sample, so they are deterministic.
/// </summary>
public sealed class Vade : ICheckpointingClusterer
{
    private readonly VadeOptions _options;

    /// <summary>Creates the estimator; throws <see cref="ArgumentOutOfRangeException"/> naming an invalid option.</summary>
    public Vade(VadeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
    }

    /// <summary>The options.</summary>
    public VadeOptions Options => _options;

    /// <inheritdoc />
    public string Name => "vade";

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) => Fit(data, progress, cancellationToken);

    /// <summary>Fits to <paramref name="data"/> (values in [0, 1] for the Bernoulli decoder).</summary>
    /// <exception cref="ArgumentException">Fewer rows than clusters, a NaN or infinite value, or (Bernoulli decoder) a value outside [0, 1].</exception>
    public DeepClusteringModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Fit(data, null, null, progress, cancellationToken);

    /// <summary>
    /// Fits as <see cref="Fit(Dataset, IProgress{TrainingProgress}?, CancellationToken)"/>, keeping the ELBO stage's
    /// <paramref name="checkpoint"/> (network, mixture prior, optimiser, position) or continuing from it without the
    /// pretraining or the mixture's initialisation; <see cref="VadeOptions.Epochs"/> may grow. The pretraining keeps its
    /// own trainer checkpoint when <see cref="ClusteringCheckpoint.PretrainingPath"/> is given, continued with
    /// <see cref="ClusteringCheckpoint.ResumePretraining"/>. VaDE pretrains its own network: <paramref name="pretrained"/> must be null.
    /// </summary>
    public DeepClusteringModel Fit(Dataset data, AutoencoderModel? pretrained, ClusteringCheckpoint? checkpoint, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (pretrained is not null) throw new ArgumentException("VaDE pretrains its own variational autoencoder; it does not start from a pretrained network.", nameof(pretrained));
        DeepClusteringStart.RequireRows(data, _options.Clusters, "VaDE");
        FiniteCheck.Require(data.FeatureArray, data.FeatureCount, "VaDE", nameof(data));
        StageCheckpoint.Validate(checkpoint);
        if (_options.Reconstruction == ReconstructionDistribution.Bernoulli)
        {
            var (min, max) = (System.Numerics.Tensors.TensorPrimitives.Min(data.Features.Span), System.Numerics.Tensors.TensorPrimitives.Max(data.Features.Span));
            if (min < 0 || max > 1)
                throw new ArgumentException($"VaDE's Bernoulli decoder needs features in [0, 1]; the data range over [{min}, {max}]. Scale them first (min-max or /255).", nameof(data));
        }
        var network = (VariationalAutoencoder)new VariationalAutoencoderOptions
        {
            Inputs = data.FeatureCount, EmbeddingSize = _options.LatentSize, Reconstruction = _options.Reconstruction,
            HiddenSizes = _options.HiddenSizes?.ToArray() ?? [500, 500, 2000],
        }.Build(_options.Seed);
        return DeepClusteringStart.DisposeOnFailure(network, () => Train(data, network, checkpoint, progress, cancellationToken));
    }

    private DeepClusteringModel Train(Dataset data, VariationalAutoencoder network, ClusteringCheckpoint? checkpoint, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        int k = _options.Clusters, e = _options.LatentSize;
        bool resume = checkpoint is { Resume: true };
        IReadOnlyList<EpochSummary> pretrainingHistory = [];
        MixturePrior prior;
        if (resume)
        {
            // The network and the mixture are module weights: the checkpoint's replace these.
            prior = new MixturePrior(network, new float[k * e], new float[k * e], k, e);
        }
        else
        {
            TorchTensor PretrainingLoss(TrainingBatch batch)
            {
                var (mean, _) = network.EncodeDistribution(batch.Inputs);
                return network.ReconstructionNegativeLogLikelihood(network.DecodeLogits(mean), batch.Inputs).mean();
            }
            TrainerOptions pretraining = _options.Pretraining with { Seed = _options.Seed };
            if (checkpoint?.PretrainingPath is { } kept) pretraining = pretraining with { CheckpointPath = kept, CheckpointEvery = checkpoint.Every };
            var pretrainer = new Trainer(pretraining);
            pretrainingHistory = (checkpoint is { ResumePretraining: true, PretrainingPath: { } from }
                ? pretrainer.Resume(from, network, data, PretrainingLoss, progress, cancellationToken, stage: "vade pretrain")
                : pretrainer.Fit(network, data, PretrainingLoss, progress, cancellationToken, stage: "vade pretrain")).History;

            Dataset embedding = data.WithFeatures(BatchedInference.Encode(network, data.Features, cancellationToken: cancellationToken), e);
            GaussianMixtureModel mixture = new GaussianMixture(new GaussianMixtureOptions { Components = k, Covariance = CovarianceType.Diagonal, Seed = _options.Seed })
                .Fit(embedding, progress, cancellationToken);
            prior = new MixturePrior(network, mixture.Means.ToArray().Select(v => (float)v).ToArray(),
                mixture.Covariances.ToArray().Select(v => (float)Math.Log(v)).ToArray(), k, e);
        }

        var updates = new List<ClusteringUpdate>();
        TorchTensor Loss(TrainingBatch batch)
        {
            var (mean, logVariance) = network.EncodeDistribution(batch.Inputs);
            TorchTensor z = batch.IsTraining ? VariationalAutoencoder.Reparameterize(mean, logVariance) : mean;
            TorchTensor reconstruction = network.ReconstructionNegativeLogLikelihood(network.DecodeLogits(z), batch.Inputs);
            TorchTensor logWeights = nn.functional.log_softmax(prior.WeightLogits, 0);
            TorchTensor logGamma = nn.functional.log_softmax(logWeights + LogLikelihoods(z, prior.Means, prior.LogVariances), 1);
            TorchTensor gamma = logGamma.exp();
            TorchTensor variances = prior.LogVariances.exp().unsqueeze(0);                                    // 1×k×e
            TorchTensor perComponent = (Math.Log(2 * Math.PI) + prior.LogVariances.unsqueeze(0) + logVariance.exp().unsqueeze(1) / variances
                + (mean.unsqueeze(1) - prior.Means.unsqueeze(0)).square() / variances).sum(2) * 0.5;      // n×k
            TorchTensor kl = (gamma * perComponent).sum(1) - (1 + logVariance).sum(1) * 0.5
                - (gamma * logWeights.unsqueeze(0)).sum(1) + (gamma * logGamma).sum(1);
            batch.ReportTerm("reconstruction", reconstruction.mean());
            batch.ReportTerm("kl", kl.mean());
            return (reconstruction + kl).mean();
        }

        void AfterEpoch(EpochSummary summary)
        {
            // Ten points per run (every 3 epochs of the quick preset's 30, every 300 of the paper's 3,000): each costs an inference pass.
            if (summary.Epoch % Math.Max(1, _options.Epochs / 10) != 0 && summary.Epoch != _options.Epochs) return;
            int[] labels = Labels(network, prior, data, cancellationToken);
            var metrics = DeepClusteringStart.Monitor(data, labels, _options.MonitorWithLabels);
            updates.Add(new ClusteringUpdate(summary.Epoch, double.NaN, summary.TrainingLoss, metrics));
            if (metrics.Count > 0) progress?.Report(new TrainingProgress { Stage = "vade monitor", Epoch = summary.Epoch, TotalEpochs = _options.Epochs, Metrics = metrics });
        }

        var training = new TrainerOptions
        {
            Optimizer = OptimizerKind.Adam,
            LearningRate = _options.LearningRate,
            AdamEpsilon = 1e-4,
            Schedule = LearningRateSchedule.Step,
            StepEpochs = 10,
            StepFactor = 0.9,
            MinimumLearningRate = Math.Min(0.0002, _options.LearningRate),
            BatchSize = _options.BatchSize,
            Epochs = _options.Epochs,
            Seed = _options.Seed,
        };
        TrainingResult result;
        (result, pretrainingHistory) = StageCheckpoint.Train(prior, data, Loss, training, new TrainingCallbacks { AfterEpoch = AfterEpoch }, "vade",
            checkpoint, StageCheckpoint.For(Name, _options, nameof(VadeOptions.Epochs)), updates, pretrainingHistory, progress, cancellationToken);
        int[] final = Labels(network, prior, data, cancellationToken);
        float[] logWeightsFinal;
        using (torch.no_grad()) logWeightsFinal = LinearAlgebra.TorchMatrix.ToArray(nn.functional.log_softmax(prior.WeightLogits, 0).unsqueeze(0));
        return new DeepClusteringModel(Name, network, LinearAlgebra.TorchMatrix.ToArray(prior.Means.detach()), k, AssignmentKernel.GaussianMixture, 0, final,
            pretrainingHistory, result.History, updates, LinearAlgebra.TorchMatrix.ToArray(prior.LogVariances.detach()), logWeightsFinal);
    }

    /// <summary>log N(z; μ_c, diag exp(logvar_c)) for every row and component: n×k.</summary>
    private static TorchTensor LogLikelihoods(TorchTensor z, TorchTensor means, TorchTensor logVariances) =>
        ((z.unsqueeze(1) - means.unsqueeze(0)).square() / logVariances.exp().unsqueeze(0) + logVariances.unsqueeze(0) + Math.Log(2 * Math.PI)).sum(2) * -0.5;

    /// <summary>The posterior γ = p(c | z) under the mixture prior (rows sum to 1): n×k.</summary>
    internal static TorchTensor Posterior(TorchTensor z, TorchTensor means, TorchTensor logVariances, TorchTensor logWeights) =>
        nn.functional.softmax(logWeights.reshape(1, -1) + LogLikelihoods(z, means, logVariances), 1);

    private static int[] Labels(VariationalAutoencoder network, MixturePrior prior, Dataset data, CancellationToken cancellationToken)
    {
        int k = (int)prior.Means.shape[0];
        float[] gamma = BatchedInference.Map(network, x =>
            Posterior(network.Encode(x), prior.Means, prior.LogVariances, nn.functional.log_softmax(prior.WeightLogits, 0)),
            data.Features, data.FeatureCount, k, cancellationToken: cancellationToken);
        var labels = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            int best = 0;
            for (int c = 1; c < k; c++) if (gamma[i * k + c] > gamma[i * k + best]) best = c;
            labels[i] = best;
        }
        return labels;
    }

    /// <summary>The VAE and the learnable mixture prior in one module, so one optimiser trains both.</summary>
    private sealed class MixturePrior : nn.Module<TorchTensor, TorchTensor>
    {
        private readonly VariationalAutoencoder vae;
        private readonly Parameter means;
        private readonly Parameter logVariances;
        private readonly Parameter weightLogits;

        public MixturePrior(VariationalAutoencoder network, float[] initialMeans, float[] initialLogVariances, int clusters, int latent) : base(nameof(MixturePrior))
        {
            vae = network;
            means = new Parameter(torch.tensor(initialMeans, new long[] { clusters, latent }));
            logVariances = new Parameter(torch.tensor(initialLogVariances, new long[] { clusters, latent }));
            weightLogits = new Parameter(torch.zeros(clusters));
            RegisterComponents();
        }

        public Parameter Means => means;
        public Parameter LogVariances => logVariances;
        public Parameter WeightLogits => weightLogits;
        public override TorchTensor forward(TorchTensor input) => vae.Encode(input);
    }
}
