using System.Text.Json.Nodes;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Persistence;
using Agrupa.Reduction;

namespace Agrupa.DeepClustering;

/// <summary>
/// A fitted N2D model: the autoencoder, the UMAP of its embedding and the Gaussian mixture on the UMAP coordinates.
/// <see cref="Predict"/> chains the three (UMAP's transform for new points); the confidence is the mixture posterior.
/// <see cref="Save"/>/<see cref="Load"/> keep all three in one Agrupa model file (kind "n2d").
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

    /// <inheritdoc />
    public bool CanReconstruct => Autoencoder.CanReconstruct;

    /// <summary>Reconstructions of new rows through the autoencoder (same shape as the input).</summary>
    public Dataset Reconstruct(Dataset data) => Autoencoder.Reconstruct(data);

    /// <summary>Features per input row.</summary>
    public int FeatureCount => Autoencoder.InputSize;

    /// <summary>The model-file kind written by <see cref="Save"/>.</summary>
    public const string FileKind = "n2d";

    /// <summary>
    /// Writes the model atomically as one Agrupa model file (kind "n2d"): the autoencoder, the UMAP (with the
    /// training code its transform searches) and the mixture as nested parts "autoencoder", "umap" and "mixture"
    /// (headers under those names, arrays prefixed "autoencoder.", "umap.", "mixture."). <paramref name="extraHeader"/>
    /// entries (e.g. a "scaler") are copied into the header.
    /// </summary>
    public void Save(string path, JsonObject? extraHeader = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var header = new JsonObject { ["method"] = "n2d", ["clusters"] = ClusterCount };
        if (extraHeader is not null)
            foreach (var (key, value) in extraHeader) header[key] = value?.DeepClone();
        var arrays = new Dictionary<string, ModelArray>();
        ModelFileContent.Nest(header, arrays, "autoencoder", Autoencoder.ToContent());
        ModelFileContent.Nest(header, arrays, "umap", Manifold.ToContent());
        ModelFileContent.Nest(header, arrays, "mixture", Mixture.ToContent());
        ModelFile.Write(path, new ModelFileContent(FileKind, header, arrays));
    }

    /// <summary>Reads a model written by <see cref="Save"/>; a malformed file or another kind is a <see cref="DataFormatException"/>.</summary>
    public static N2dModel Load(string path) => FromContent(ModelFile.Read(path, FileKind), path);

    /// <summary>The model held by already-read <paramref name="content"/> (kind "n2d").</summary>
    public static N2dModel FromContent(ModelFileContent content, string path)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Kind != FileKind) throw new DataFormatException(path, $"the file holds a '{content.Kind}' model, expected '{FileKind}'.");
        UmapModel manifold = UmapModel.FromContent(content.Part("umap", path), path);
        GaussianMixtureModel mixture = GaussianMixtureModel.FromContent(content.Part("mixture", path), path);
        if (mixture.FeatureCount != manifold.Options.Dimensions)
            throw new DataFormatException(path, $"the mixture has {mixture.FeatureCount} features but the UMAP has {manifold.Options.Dimensions} dimensions.");
        if (mixture.Labels.Count != manifold.Embedding.Count)
            throw new DataFormatException(path, $"the mixture labels {mixture.Labels.Count} rows but the UMAP holds {manifold.Embedding.Count}.");
        AutoencoderModel autoencoder = AutoencoderModel.FromContent(content.Part("autoencoder", path), path);
        if (autoencoder.EmbeddingSize != manifold.FeatureCount)
        {
            autoencoder.Dispose();
            throw new DataFormatException(path, $"the autoencoder's {autoencoder.EmbeddingSize}-D code does not match the UMAP's {manifold.FeatureCount} input features.");
        }
        return new N2dModel(autoencoder, manifold, mixture);
    }

    /// <summary>Frees the autoencoder's native tensors.</summary>
    public void Dispose() => Autoencoder.Dispose();
}
