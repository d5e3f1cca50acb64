using System.Text.Json.Nodes;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Persistence;
using Agrupa.Reduction;

namespace Agrupa.DeepClustering;

/// <summary>
/// A fitted N2D model: the autoencoder (and any further views' networks), the UMAP of its embedding and the Gaussian
/// mixture on the UMAP coordinates. <see cref="Predict"/> chains them (UMAP's transform for new points); the confidence
/// is the mixture posterior. <see cref="Save"/>/<see cref="Load"/> keep everything in one Agrupa model file (kind "n2d").
/// </summary>
public sealed class N2dModel : IClusteringModel, IReconstructingModel, IDisposable
{
    private readonly IReadOnlyList<ViewScaling> _scalings;

    /// <summary>With several <paramref name="networks"/>, <paramref name="scalings"/> holds one scaling per network; with one, none.</summary>
    internal N2dModel(IReadOnlyList<AutoencoderModel> networks, IReadOnlyList<ViewScaling> scalings, UmapModel manifold, GaussianMixtureModel mixture)
    {
        if (networks.Count == 0) throw new ArgumentException("N2D needs at least one network.", nameof(networks));
        if (networks.Count > 1 ? scalings.Count != networks.Count : scalings.Count != 0)
            throw new ArgumentException($"{networks.Count} networks need {(networks.Count > 1 ? networks.Count : 0)} scalings, got {scalings.Count}.", nameof(scalings));
        Networks = networks;
        _scalings = scalings;
        Manifold = manifold;
        Mixture = mixture;
    }

    /// <summary>The pretrained autoencoder, the first view (its history holds the pretraining curve).</summary>
    public AutoencoderModel Autoencoder => Networks[0];

    /// <summary>Every view's network, the autoencoder first (<see cref="N2dOptions.Views"/>).</summary>
    public IReadOnlyList<AutoencoderModel> Networks { get; }

    /// <summary>UMAP of the (joint) embedding (its <c>Embedding</c> is the manifold the mixture was fitted on).</summary>
    public UmapModel Manifold { get; }

    /// <summary>The Gaussian mixture on the manifold.</summary>
    public GaussianMixtureModel Mixture { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => Mixture.Labels;

    /// <inheritdoc />
    public int ClusterCount => Mixture.ClusterCount;

    /// <inheritdoc />
    public ClusterAssignment Predict(Dataset data) => Mixture.Predict(Manifold.Transform(Transform(data)));

    /// <summary>The embedding UMAP reads for new rows: the autoencoder's code, or with several views their scaled codes side by side.</summary>
    public Dataset Transform(Dataset data) =>
        Networks.Count == 1 ? Autoencoder.Transform(data) : ViewScaling.Join(Networks.Select(n => n.Transform(data)).ToArray(), _scalings);

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
    /// (headers under those names, arrays prefixed "autoencoder.", "umap.", "mixture."); further views as parts
    /// "view2", "view3" … and their scalings in the header's "views" array. <paramref name="extraHeader"/>
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
        if (Networks.Count > 1)
        {
            header["views"] = new JsonArray(_scalings.Select(s => (JsonNode)s.ToJson()).ToArray());
            for (int v = 1; v < Networks.Count; v++) ModelFileContent.Nest(header, arrays, ViewPart(v), Networks[v].ToContent());
        }
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
        var views = content.Header["views"] as JsonArray;
        if (content.Header["views"] is not null && (views is null || views.Count < 2 || views.Count > 64))
            throw new DataFormatException(path, "the header's 'views' must list 2 to 64 view scalings.");
        var networks = new List<AutoencoderModel>();
        try
        {
            networks.Add(AutoencoderModel.FromContent(content.Part("autoencoder", path), path));
            var scalings = new List<ViewScaling>();
            for (int v = 0; v < (views?.Count ?? 0); v++)
            {
                if (v > 0) networks.Add(AutoencoderModel.FromContent(content.Part(ViewPart(v), path), path));
                ViewScaling scaling = ViewScaling.FromJson(views![v], path, v + 1);
                if (scaling.Mean.Length != networks[v].EmbeddingSize)
                    throw new DataFormatException(path, $"view {v + 1}'s scaling has {scaling.Mean.Length} dimensions, its network {networks[v].EmbeddingSize}.");
                scalings.Add(scaling);
            }
            int code = networks.Sum(n => n.EmbeddingSize);
            if (code != manifold.FeatureCount)
                throw new DataFormatException(path, $"the networks' {code}-D code does not match the UMAP's {manifold.FeatureCount} input features.");
            return new N2dModel(networks, scalings, manifold, mixture);
        }
        catch
        {
            foreach (AutoencoderModel network in networks) network.Dispose();
            throw;
        }
    }

    private static string ViewPart(int index) => "view" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Frees the networks' native tensors.</summary>
    public void Dispose()
    {
        foreach (AutoencoderModel network in Networks) network.Dispose();
    }
}
