using Agrupa.Clustering;
using Agrupa.DeepClustering;
using Agrupa.Neural;
using Agrupa.Reduction;

namespace Agrupa.Experiments;

/// <summary>
/// The registry of every method Agrupa ships, as the experiment runner and the CLI see them. Each method is one line
/// here: a pipeline name (see <see cref="MethodRegistry"/>), a factory that turns the spec's options, seed and cluster count
/// into an estimator, and a one-line description shown by <c>agrupa compare --help</c>.
/// </summary>
public static class BuiltInMethods
{
    /// <summary>A new registry holding every built-in method.</summary>
    public static MethodRegistry Create()
    {
        var registry = new MethodRegistry();
        registry.AddClusterer("kmeans", c => new KMeans(c.OptionsAs<KMeansOptions>() with { Clusters = c.Clusters, Seed = c.Seed }), "k-means: greedy k-means++ and Lloyd (scikit-learn's algorithm)");
        registry.AddClusterer("minibatch-kmeans", c => new MiniBatchKMeans(c.OptionsAs<MiniBatchKMeansOptions>() with { Clusters = c.Clusters, Seed = c.Seed }), "mini-batch k-means (Sculley 2010)");
        registry.AddClusterer("gmm", c => new GaussianMixture(c.OptionsAs<GaussianMixtureOptions>() with { Components = c.Clusters, Seed = c.Seed }), "Gaussian mixture by EM, k-means initialised");
        registry.AddClusterer("hdbscan", c => new Hdbscan(c.OptionsAs<HdbscanOptions>()), "HDBSCAN (Campello et al. 2013; McInnes & Healy 2017); finds its own cluster count");
        registry.AddClusterer("agglomerative", c => new Agglomerative(c.OptionsAs<AgglomerativeOptions>() with { Clusters = c.Clusters }), "agglomerative clustering (Ward by default; NN-chain)");
        registry.AddReducer("pca", c => new Pca(c.OptionsAs<PcaOptions>() with { Components = c.Dimensions ?? 2, Seed = c.Seed }), "principal component analysis");
        registry.AddReducer("umap", c => new Umap(c.OptionsAs<UmapOptions>() with { Dimensions = c.Dimensions ?? 2, Seed = c.Seed }), "UMAP (McInnes, Healy, Melville 2018)");
        registry.AddReducer("tsne", c => new Tsne(c.OptionsAs<TsneOptions>() with { Dimensions = c.Dimensions ?? 2, Seed = c.Seed }), "t-SNE, Barnes–Hut or FFT-interpolated (FIt-SNE)");
        registry.AddReducer("ae", c => Autoencoder(c, AutoencoderArchitecture.Dense), "dense autoencoder d–500–500–2000–N, then its embedding");
        registry.AddReducer("cae", c => Autoencoder(c, AutoencoderArchitecture.Convolutional), "DCEC's convolutional autoencoder, then its embedding");
        AddDeep<DecOptions>(registry, "dec", (o, c) => new Dec(o with { Clusters = c.Clusters, Seed = c.Seed }), "DEC (Xie et al. 2016)");
        AddDeep<DecOptions>(registry, "idec", (o, c) => new Dec(o with { Clusters = c.Clusters, Seed = c.Seed }), "IDEC (Guo et al. 2017): DEC + reconstruction; options are DecOptions");
        AddDeep<DecOptions>(registry, "dcec", (o, c) => new Dec(o with { Clusters = c.Clusters, Seed = c.Seed }), "DCEC (Guo et al. 2017): IDEC with the convolutional AE; options are DecOptions");
        AddDeep<DcnOptions>(registry, "dcn", (o, c) => new Dcn(o with { Clusters = c.Clusters, Seed = c.Seed }), "DCN (Yang et al. 2017)");
        AddDeep<DeepKMeansOptions>(registry, "dkma", (o, c) => new DeepKMeans(o with { Clusters = c.Clusters, Seed = c.Seed }), "Deep k-Means, annealed α (Fard et al. 2020)");
        AddDeep<DeepKMeansOptions>(registry, "dkmp", (o, c) => new DeepKMeans(o with { Clusters = c.Clusters, Seed = c.Seed }), "Deep k-Means, pretrained (Fard et al. 2020); options are DeepKMeansOptions");
        AddDeep<VadeOptions>(registry, "vade", (o, c) => new Vade(o with { Clusters = c.Clusters, Seed = c.Seed }), "VaDE (Jiang et al. 2017)");
        AddDeep<N2dOptions>(registry, "n2d", (o, c) => new N2d(o with { Clusters = c.Clusters, Seed = c.Seed }), "N2D (McConville et al. 2020): AE → UMAP → GMM");
        return registry;
    }

    /// <summary>
    /// A deep method, built by <see cref="DeepClusteringPresets"/> from the pipeline's preset ("quick", or "paper" when
    /// none is given); options in the spec are laid over that preset's options record (an explicit option wins, nested
    /// records such as <c>pretraining</c> merge member by member), so <c>idec</c> with options keeps IDEC's γ.
    /// </summary>
    private static void AddDeep<TOptions>(MethodRegistry registry, string name, Func<TOptions, MethodContext, IClusterer> build, string description)
        where TOptions : class, new() =>
        registry.AddClusterer(name, c =>
        {
            IClusterer preset = DeepClusteringPresets.Create(name, c.Preset ?? "paper", c.Clusters, c.Seed);
            return c.Options is null ? preset : build(c.OptionsAs(OptionsOf<TOptions>(preset)), c);
        }, description);

    private static TOptions OptionsOf<TOptions>(IClusterer clusterer) where TOptions : class => clusterer switch
    {
        Dec dec => dec.Options as TOptions,
        Dcn dcn => dcn.Options as TOptions,
        DeepKMeans dkm => dkm.Options as TOptions,
        Vade vade => vade.Options as TOptions,
        N2d n2d => n2d.Options as TOptions,
        _ => null,
    } ?? throw new InvalidOperationException($"The preset of {clusterer.Name} has no {typeof(TOptions).Name}.");

    /// <summary>Pretraining epochs of the autoencoder presets: "quick" for a fast comparison, "paper" as DCEC (200).</summary>
    private static int AutoencoderEpochs(string? preset) => preset switch { "quick" => 20, "paper" => 200, _ => 50 };

    private static AutoencoderReducer Autoencoder(MethodContext context, AutoencoderArchitecture architecture)
    {
        var options = context.OptionsAs<AutoencoderReducerOptions>();
        return new AutoencoderReducer(options with
        {
            Architecture = architecture,
            EmbeddingSize = context.Dimensions ?? context.Clusters,
            Seed = context.Seed,
            Training = (context.Options is null ? options.Training with { Epochs = AutoencoderEpochs(context.Preset) } : options.Training) with { Seed = context.Seed },
        });
    }
}
