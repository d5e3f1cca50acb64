using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Reduction;
using Agrupa.Runtime;

namespace Agrupa.DeepClustering;

/// <summary>
/// N2D (McConville et al., ICPR 2020): pretrain an autoencoder, learn the local manifold of its embedding with UMAP
/// (dimension = clusters, 20 neighbours, min_dist 0), and cluster the manifold with a full-covariance Gaussian mixture.
/// No joint training: "not too deep". Beyond the paper, <see cref="N2dOptions.Views"/> joins further networks'
/// embeddings (a contrastive encoder's, say) to the autoencoder's code before UMAP, and <see cref="N2dOptions.Draws"/>
/// replaces the one UMAP + mixture draw by the consensus of several, or by the one of them with the most even cluster
/// sizes (<see cref="N2dOptions.DrawSelection"/>).
/// </summary>
public sealed class N2d : IPretrainingClusterer
{
    private readonly N2dOptions _options;

    /// <summary>Creates the estimator; throws <see cref="ArgumentOutOfRangeException"/> naming an invalid option.</summary>
    public N2d(N2dOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
    }

    /// <summary>The options.</summary>
    public N2dOptions Options => _options;

    /// <inheritdoc />
    public string Name => "n2d";

    /// <inheritdoc />
    public AutoencoderReducer? Pretraining(Dataset data) => DeepClusteringStart.Reducer(data, _options.Architecture, _options.Clusters, _options.HiddenSizes,
        _options.Pretraining, _options.Seed);

    /// <summary>
    /// The pretraining of each of the model's networks in view order (the autoencoder, then <see cref="N2dOptions.Views"/>):
    /// what <see cref="Fit(Dataset, IReadOnlyList{AutoencoderModel}, IProgress{TrainingProgress}?, CancellationToken)"/>
    /// runs for the networks it is not given, so a caller may run them itself (keeping checkpoints) and pass the results.
    /// </summary>
    public IReadOnlyList<AutoencoderReducer> Pretrainings(Dataset data) => [Pretraining(data)!, .. _options.Views.Select(ViewReducer)];

    /// <summary>
    /// Pretrains the networks of views <paramref name="given"/>, <paramref name="given"/> + 1, … (those
    /// <see cref="Fit(Dataset, IReadOnlyList{AutoencoderModel}, IProgress{TrainingProgress}?, CancellationToken)"/> would
    /// pretrain after the first <paramref name="given"/>), each keeping its trainer checkpoint at
    /// <paramref name="checkpointPath"/>(view index) every <paramref name="every"/> epochs, on cancellation and always after
    /// its last epoch, so that stopping during a later view loses no earlier one; with <paramref name="resume"/>, each
    /// view whose checkpoint exists continues from it (a finished one just loads). Same data and options give the
    /// networks an uninterrupted fit trains. The caller owns the returned networks.
    /// </summary>
    public IReadOnlyList<AutoencoderModel> PretrainKeeping(Dataset data, int given, Func<int, string> checkpointPath, int every, bool resume,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(checkpointPath);
        ArgumentOutOfRangeException.ThrowIfNegative(every);
        ArgumentOutOfRangeException.ThrowIfNegative(given);
        IReadOnlyList<AutoencoderReducer> reducers = Pretrainings(data);
        var trained = new List<AutoencoderModel>();
        try
        {
            for (int v = given; v < reducers.Count; v++)
            {
                string path = checkpointPath(v);
                int keepEvery = every > 0 ? every : reducers[v].Options.Training.Epochs;
                trained.Add(reducers[v].Fit(data, path, keepEvery, resume && File.Exists(path), progress, cancellationToken));
            }
            return trained;
        }
        catch
        {
            foreach (AutoencoderModel network in trained) network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Fits as <see cref="Fit(Dataset, IReadOnlyList{AutoencoderModel}, IProgress{TrainingProgress}?, CancellationToken)"/>
    /// from copies of the <paramref name="given"/> networks (they stay the caller's), pretraining the others with
    /// <see cref="PretrainKeeping"/>: each keeps its checkpoint at <paramref name="checkpointPath"/>(view), or continues
    /// from it when <paramref name="resume"/>. The checkpoints stay; the caller removes them once the model is saved.
    /// </summary>
    public N2dModel Fit(Dataset data, IReadOnlyList<AutoencoderModel> given, Func<int, string> checkpointPath, int every, bool resume,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(given);
        IReadOnlyList<AutoencoderModel> trained = PretrainKeeping(data, given.Count, checkpointPath, every, resume, progress, cancellationToken);
        AutoencoderModel[] networks = [.. given.Select(DeepClusteringStart.Copy), .. trained];
        try
        {
            return Fit(data, networks, progress, cancellationToken);
        }
        catch
        {
            foreach (AutoencoderModel network in networks) network.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    IClusteringModel IPretrainingClusterer.Fit(Dataset data, AutoencoderModel pretrained, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        // The model keeps its autoencoder: give it a copy so the caller's stays usable after the model is disposed.
        return Fit(data, DeepClusteringStart.Copy(pretrained), progress, cancellationToken);
    }

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, (AutoencoderModel?)null, progress, cancellationToken);

    /// <summary>Fits to <paramref name="data"/>; a <paramref name="pretrained"/> autoencoder skips the pretraining.</summary>
    public N2dModel Fit(Dataset data, AutoencoderModel? pretrained = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Fit(data, pretrained is null ? [] : [pretrained], progress, cancellationToken);

    /// <summary>
    /// Fits to <paramref name="data"/> with the networks of <paramref name="pretrained"/> as the first views (the
    /// autoencoder, then <see cref="N2dOptions.Views"/> in order; more networks than views add views); the views not
    /// given are pretrained here. The model takes ownership of the given networks.
    /// </summary>
    public N2dModel Fit(Dataset data, IReadOnlyList<AutoencoderModel> pretrained, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(pretrained);
        int k = _options.Clusters;
        if (data.Count <= _options.UmapNeighbors)
            throw new ArgumentException($"N2D needs more rows than UMAP neighbours: UmapNeighbors={_options.UmapNeighbors}, rows={data.Count}.", nameof(data));
        int viewCount = Math.Max(1 + _options.Views.Count, pretrained.Count);
        IReadOnlyList<AutoencoderReducer> reducers = Pretrainings(data);
        var networks = new List<AutoencoderModel>();
        try
        {
            var codes = new List<Dataset>();
            for (int v = 0; v < viewCount; v++)
            {
                if (v < pretrained.Count)
                {
                    networks.Add(pretrained[v]);
                    if (pretrained[v].InputSize != data.FeatureCount)
                        throw new ArgumentException($"Pretrained network {v + 1} expects {pretrained[v].InputSize} features, the data have {data.FeatureCount}.", nameof(pretrained));
                    codes.Add(pretrained[v].Transform(data));
                    continue;
                }
                AutoencoderModel trained = reducers[v].Fit(data, progress, cancellationToken);
                networks.Add(trained);
                codes.Add(trained.Embedding);
            }
            IReadOnlyList<ViewScaling> scalings = viewCount == 1 ? [] : codes.Select(c => ViewScaling.Fit(c, viewCount)).ToArray();
            Dataset code = viewCount == 1 ? codes[0] : ViewScaling.Join(codes, scalings);
            var manifolds = new List<UmapModel>();
            var mixtures = new List<GaussianMixtureModel>();
            for (int draw = 0; draw < _options.Draws; draw++)
            {
                int seed = unchecked(_options.Seed + draw);
                if (_options.Draws > 1)
                    progress?.Report(new TrainingProgress { Stage = $"N2D draw {draw + 1}/{_options.Draws}", Message = $"UMAP and mixture, seed {seed}" });
                UmapModel manifold = new Umap(new UmapOptions
                {
                    NeighborCount = _options.UmapNeighbors, MinDist = _options.UmapMinDist, Dimensions = _options.UmapDimensions ?? k, Epochs = _options.UmapEpochs,
                    Seed = seed,
                }).Fit(code, progress, cancellationToken);
                manifolds.Add(manifold);
                mixtures.Add(new GaussianMixture(new GaussianMixtureOptions
                {
                    Components = k, Covariance = _options.Covariance, Seed = seed,
                }).Fit(manifold.Embedding, progress, cancellationToken));
            }
            if (_options.Draws > 1 && _options.DrawSelection == N2dDrawSelection.MostBalanced)
            {
                double[] balance = mixtures.Select(SizeBalance).ToArray();
                int kept = Array.IndexOf(balance, balance.Max()); // the first on ties
                progress?.Report(new TrainingProgress
                {
                    Stage = "N2D draw selection",
                    Message = $"kept draw {kept + 1}/{_options.Draws} (seed {unchecked(_options.Seed + kept)}), the most even cluster sizes: size entropy / ln k "
                        + string.Join(", ", balance.Select(b => b.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture))),
                });
                return new N2dModel(networks, scalings, [manifolds[kept]], [mixtures[kept]], null);
            }
            ConsensusVote? consensus = _options.Draws == 1 ? null
                : ConsensusVote.Fit(mixtures.Select(m => m.Labels).ToArray(), mixtures.Select(m => m.ClusterCount).ToArray(), k, _options.Seed,
                    cancellationToken: cancellationToken);
            return new N2dModel(networks, scalings, manifolds, mixtures, consensus);
        }
        catch
        {
            // The networks trained here die with the failure; the given ones stay the caller's.
            foreach (AutoencoderModel network in networks.Skip(pretrained.Count)) network.Dispose();
            throw;
        }
    }

    /// <summary>Entropy of the cluster-size shares of a mixture's labels over ln k: 1 when every cluster holds n / k rows.</summary>
    internal static double SizeBalance(GaussianMixtureModel mixture) =>
        Evaluation.ClusterMetrics.Entropy(Evaluation.LabelEncoding.Create(mixture.Labels).Counts) / Math.Log(mixture.ClusterCount);

    /// <summary>The reducer that pretrains <paramref name="view"/> with the run's seed.</summary>
    private AutoencoderReducer ViewReducer(N2dView view) => new(new AutoencoderReducerOptions
    {
        Architecture = view.Architecture,
        EmbeddingSize = view.EmbeddingSize ?? AutoencoderReducerOptions.EmbeddingSizeFor(view.Architecture, _options.Clusters),
        Training = view.Pretraining with { Seed = _options.Seed },
        Seed = _options.Seed,
    });
}
