using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Reduction;

namespace Agrupa.DeepClustering;

/// <summary>
/// A fitted N2D model: the autoencoder, the UMAP of its embedding and the Gaussian mixture on the UMAP coordinates.
/// <see cref="Predict"/> chains the three (UMAP's transform for new points); the confidence is the mixture posterior.
/// </summary>
public sealed class N2dModel : IClusteringModel, IReconstructingModel, IDisposable
{
    internal N2dModel(AutoencoderModel autoencoder, UmapModel manifold, GaussianMixtureModel mixture)
    {
        Autoencoder = autoencoder;
        Manifold = manifold;
        Mixture = mixture;
    }

    /// <summary>The pretrained autoencoder (its history holds the pretraining curve).</summary>
    public AutoencoderModel Autoencoder { get; }

    /// <summary>UMAP of the autoencoder's embedding (its <c>Embedding</c> is the manifold the mixture was fitted on).</summary>
    public UmapModel Manifold { get; }

    /// <summary>The Gaussian mixture on the manifold.</summary>
    public GaussianMixtureModel Mixture { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => Mixture.Labels;

    /// <inheritdoc />
    public int ClusterCount => Mixture.ClusterCount;

    /// <inheritdoc />
    public ClusterAssignment Predict(Dataset data) => Mixture.Predict(Manifold.Transform(Autoencoder.Transform(data)));

    /// <summary>The autoencoder embedding of new rows.</summary>
    public Dataset Transform(Dataset data) => Autoencoder.Transform(data);

    /// <summary>Reconstructions of new rows through the autoencoder (same shape as the input).</summary>
    public Dataset Reconstruct(Dataset data) => Autoencoder.Reconstruct(data);

    /// <summary>Frees the autoencoder's native tensors.</summary>
    public void Dispose() => Autoencoder.Dispose();
}
