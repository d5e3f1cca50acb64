using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Reduction;
using Agrupa.Runtime;

namespace Agrupa.DeepClustering;

/// <summary>
/// N2D (McConville et al., ICPR 2020): pretrain an autoencoder, learn the local manifold of its embedding with UMAP
/// (dimension = clusters, 20 neighbours, min_dist 0), and cluster the manifold with a full-covariance Gaussian mixture.
/// No joint training: "not too deep".
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

    /// <inheritdoc />
    IClusteringModel IPretrainingClusterer.Fit(Dataset data, AutoencoderModel pretrained, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        // The model keeps its autoencoder: give it a copy so the caller's stays usable after the model is disposed.
        var copy = new AutoencoderModel(DeepClusteringStart.Copy(pretrained.Network), pretrained.History, null);
        return Fit(data, copy, progress, cancellationToken);
    }

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, null, progress, cancellationToken);

    /// <summary>Fits to <paramref name="data"/>; a <paramref name="pretrained"/> autoencoder skips the pretraining.</summary>
    public N2dModel Fit(Dataset data, AutoencoderModel? pretrained = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int k = _options.Clusters;
        if (data.Count <= _options.UmapNeighbors)
            throw new ArgumentException($"N2D needs more rows than UMAP neighbours: UmapNeighbors={_options.UmapNeighbors}, rows={data.Count}.", nameof(data));
        AutoencoderModel autoencoder = pretrained ?? DeepClusteringStart.Pretrain(data, _options.Architecture, k, _options.HiddenSizes, _options.Pretraining, _options.Seed, progress, cancellationToken);
        Dataset code = pretrained is null ? autoencoder.Embedding : autoencoder.Transform(data);
        UmapModel manifold = new Umap(new UmapOptions
        {
            NeighborCount = _options.UmapNeighbors, MinDist = _options.UmapMinDist, Dimensions = _options.UmapDimensions ?? k, Seed = _options.Seed,
        }).Fit(code, progress, cancellationToken);
        GaussianMixtureModel mixture = new GaussianMixture(new GaussianMixtureOptions
        {
            Components = k, Covariance = _options.Covariance, Seed = _options.Seed,
        }).Fit(manifold.Embedding, progress, cancellationToken);
        return new N2dModel(autoencoder, manifold, mixture);
    }
}
