using System.Text.Json.Nodes;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Persistence;
using Agrupa.Reduction;

namespace Agrupa.DeepClustering;

/// <summary>
/// A fitted N2D model: the autoencoder (and any further views' networks), the UMAP of its embedding and the Gaussian
/// mixture on the UMAP coordinates — or several UMAP + mixture draws and their consensus (<see cref="N2dOptions.Draws"/>).
/// <see cref="Predict"/> chains them (UMAP's transform for new points); the confidence is the mixture posterior, or with
/// several draws the consensus vote. <see cref="Save"/>/<see cref="Load"/> keep everything in one Agrupa model file
/// (kind "n2d").
/// </summary>
public sealed class N2dModel : IClusteringModel, IReconstructingModel, IDisposable
{
    private readonly IReadOnlyList<ViewScaling> _scalings;
    private readonly ClusterAssignment? _consensusLabels;

    /// <summary>
    /// With several <paramref name="networks"/>, <paramref name="scalings"/> holds one scaling per network; with one,
    /// none. Several draws (<paramref name="manifolds"/>[d] with <paramref name="mixtures"/>[d], UMAPs of the same
    /// training rows) need their <paramref name="consensus"/>; one draw none.
    /// </summary>
    internal N2dModel(IReadOnlyList<AutoencoderModel> networks, IReadOnlyList<ViewScaling> scalings, IReadOnlyList<UmapModel> manifolds,
        IReadOnlyList<GaussianMixtureModel> mixtures, ConsensusVote? consensus)
    {
        if (networks.Count == 0) throw new ArgumentException("N2D needs at least one network.", nameof(networks));
        if (networks.Count > 1 ? scalings.Count != networks.Count : scalings.Count != 0)
            throw new ArgumentException($"{networks.Count} networks need {(networks.Count > 1 ? networks.Count : 0)} scalings, got {scalings.Count}.", nameof(scalings));
        if (manifolds.Count == 0 || manifolds.Count != mixtures.Count)
            throw new ArgumentException($"Every draw needs a UMAP and a mixture: {manifolds.Count} UMAPs, {mixtures.Count} mixtures.", nameof(mixtures));
        if ((manifolds.Count > 1) != (consensus is not null) || (consensus is not null && consensus.MemberCount != manifolds.Count))
            throw new ArgumentException($"{manifolds.Count} draws need {(manifolds.Count > 1 ? "a consensus of as many members" : "no consensus")}.", nameof(consensus));
        Networks = networks;
        _scalings = scalings;
        Manifolds = manifolds;
        Mixtures = mixtures;
        Consensus = consensus;
        if (consensus is not null)
            _consensusLabels = consensus.Vote(Enumerable.Range(0, manifolds.Count).Select(d => mixtures[d].PredictProbabilities(manifolds[d].Embedding)).ToArray(),
                manifolds[0].Embedding.Count);
    }

    /// <summary>The pretrained autoencoder, the first view (its history holds the pretraining curve).</summary>
    public AutoencoderModel Autoencoder => Networks[0];

    /// <summary>Every view's network, the autoencoder first (<see cref="N2dOptions.Views"/>).</summary>
    public IReadOnlyList<AutoencoderModel> Networks { get; }

    /// <summary>UMAP of the (joint) embedding (its <c>Embedding</c> is the manifold the mixture was fitted on); the first draw's.</summary>
    public UmapModel Manifold => Manifolds[0];

    /// <summary>The Gaussian mixture on the manifold; the first draw's.</summary>
    public GaussianMixtureModel Mixture => Mixtures[0];

    /// <summary>Every draw's UMAP (one unless <see cref="N2dOptions.Draws"/> &gt; 1), all of the same training code.</summary>
    public IReadOnlyList<UmapModel> Manifolds { get; }

    /// <summary>Every draw's mixture, on its draw's UMAP coordinates.</summary>
    public IReadOnlyList<GaussianMixtureModel> Mixtures { get; }

    /// <summary>The draws' consensus when there are several; null for one draw (the paper's N2D).</summary>
    public ConsensusVote? Consensus { get; }

    /// <summary>The training rows' consensus confidence (the vote's maximum) with several draws; null with one.</summary>
    public IReadOnlyList<double>? ConsensusConfidence => _consensusLabels?.Confidence;

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _consensusLabels?.Labels ?? Mixture.Labels;

    /// <inheritdoc />
    public int ClusterCount => Consensus?.ClusterCount ?? Mixture.ClusterCount;

    /// <inheritdoc />
    public ClusterAssignment Predict(Dataset data)
    {
        Dataset code = Transform(data);
        if (Consensus is null) return Mixture.Predict(Manifold.Transform(code));
        // Every draw's UMAP searches the same training code with the same neighbour count: search once.
        var neighbors = Manifold.Neighbors(code);
        return Consensus.Vote(Enumerable.Range(0, Manifolds.Count).Select(d => Mixtures[d].PredictProbabilities(Manifolds[d].TransformWith(code, neighbors))).ToArray(),
            code.Count);
    }

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
    /// "view2", "view3" … and their scalings in the header's "views" array; further draws as parts "umap2",
    /// "mixture2" … (the UMAPs without the training code, which "umap" holds once), their number in the header's
    /// "draws" and the consensus in its "consensus". <paramref name="extraHeader"/> entries (e.g. a "scaler") are
    /// copied into the header.
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
            for (int v = 1; v < Networks.Count; v++) ModelFileContent.Nest(header, arrays, Part("view", v), Networks[v].ToContent());
        }
        for (int d = 0; d < Manifolds.Count; d++)
        {
            // Every draw's UMAP searches the same training code: only the first part stores it.
            ModelFileContent.Nest(header, arrays, Part("umap", d), Manifolds[d].ToContent(withTraining: d == 0));
            ModelFileContent.Nest(header, arrays, Part("mixture", d), Mixtures[d].ToContent());
        }
        if (Consensus is not null)
        {
            header["draws"] = Manifolds.Count;
            header["consensus"] = Consensus.ToJson();
        }
        ModelFile.Write(path, new ModelFileContent(FileKind, header, arrays));
    }

    /// <summary>Reads a model written by <see cref="Save"/>; a malformed file or another kind is a <see cref="DataFormatException"/>.</summary>
    public static N2dModel Load(string path) => FromContent(ModelFile.Read(path, FileKind), path);

    /// <summary>The model held by already-read <paramref name="content"/> (kind "n2d").</summary>
    public static N2dModel FromContent(ModelFileContent content, string path)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Kind != FileKind) throw new DataFormatException(path, $"the file holds a '{content.Kind}' model, expected '{FileKind}'.");
        int draws = 1;
        if (content.Header["draws"] is { } drawsNode)
        {
            draws = drawsNode is JsonValue value && value.TryGetValue(out int d) ? d : 0;
            if (draws < 2 || draws > N2dOptions.MaxDraws)
                throw new DataFormatException(path, $"the header's 'draws' must be a whole number from 2 to {N2dOptions.MaxDraws}, got {drawsNode.ToJsonString()}.");
        }
        var manifolds = new List<UmapModel>();
        var mixtures = new List<GaussianMixtureModel>();
        for (int d = 0; d < draws; d++)
        {
            UmapModel manifold = d == 0 ? UmapModel.FromContent(content.Part("umap", path), path)
                : UmapModel.FromContent(content.Part(Part("umap", d), path), path, manifolds[0].Training);
            GaussianMixtureModel mixture = GaussianMixtureModel.FromContent(content.Part(Part("mixture", d), path), path);
            string which = draws == 1 ? "the" : $"draw {d + 1}'s";
            if (mixture.FeatureCount != manifold.Options.Dimensions)
                throw new DataFormatException(path, $"{which} mixture has {mixture.FeatureCount} features but its UMAP has {manifold.Options.Dimensions} dimensions.");
            if (mixture.Labels.Count != manifold.Embedding.Count)
                throw new DataFormatException(path, $"{which} mixture labels {mixture.Labels.Count} rows but its UMAP holds {manifold.Embedding.Count}.");
            if (d > 0 && (manifold.NeighborCount != manifolds[0].NeighborCount || manifold.Options.Metric != manifolds[0].Options.Metric))
                throw new DataFormatException(path, $"draw {d + 1}'s UMAP searches {manifold.NeighborCount} {manifold.Options.Metric} neighbours, draw 1's {manifolds[0].NeighborCount} {manifolds[0].Options.Metric}.");
            manifolds.Add(manifold);
            mixtures.Add(mixture);
        }
        ConsensusVote? consensus = null;
        if (draws > 1)
        {
            consensus = ConsensusVote.FromJson(content.Header["consensus"], mixtures.Select(m => m.ClusterCount).ToArray(), path);
            if (consensus.ClusterCount != (int?)content.Header["clusters"])
                throw new DataFormatException(path, $"the consensus has {consensus.ClusterCount} clusters, the header {content.Header["clusters"]?.ToJsonString() ?? "none"}.");
        }
        UmapModel first = manifolds[0];
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
                if (v > 0) networks.Add(AutoencoderModel.FromContent(content.Part(Part("view", v), path), path));
                ViewScaling scaling = ViewScaling.FromJson(views![v], path, v + 1);
                if (scaling.Mean.Length != networks[v].EmbeddingSize)
                    throw new DataFormatException(path, $"view {v + 1}'s scaling has {scaling.Mean.Length} dimensions, its network {networks[v].EmbeddingSize}.");
                scalings.Add(scaling);
            }
            int code = networks.Sum(n => n.EmbeddingSize);
            if (code != first.FeatureCount)
                throw new DataFormatException(path, $"the networks' {code}-D code does not match the UMAP's {first.FeatureCount} input features.");
            return new N2dModel(networks, scalings, manifolds, mixtures, consensus);
        }
        catch
        {
            foreach (AutoencoderModel network in networks) network.Dispose();
            throw;
        }
    }

    /// <summary>The part name of the <paramref name="index"/>-th (0-based) view or draw: "umap", "umap2", "umap3" … ("view2" … for views).</summary>
    private static string Part(string name, int index) => index == 0 ? name : name + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Frees the networks' native tensors.</summary>
    public void Dispose()
    {
        foreach (AutoencoderModel network in Networks) network.Dispose();
    }
}
