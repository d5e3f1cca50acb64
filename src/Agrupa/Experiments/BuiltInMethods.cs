using System.Text.Json;
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
        registry.AddReducer("simclr", c => Autoencoder(c, AutoencoderArchitecture.Contrastive),
            "SimCLR contrastive image encoder (Chen et al. 2020), then its L2-normalised features (128 unless simclrN)");
        AddDeep(registry, "dec", "DEC (Xie et al. 2016)");
        AddDeep(registry, "idec", "IDEC (Guo et al. 2017): DEC + reconstruction; options are DecOptions");
        AddDeep(registry, "dcec", "DCEC (Guo et al. 2017): IDEC with the convolutional AE; options are DecOptions");
        AddDeep(registry, "dcn", "DCN (Yang et al. 2017)");
        AddDeep(registry, "dkma", "Deep k-Means, annealed α (Fard et al. 2020)");
        AddDeep(registry, "dkmp", "Deep k-Means, pretrained (Fard et al. 2020); options are DeepKMeansOptions");
        AddDeep(registry, "vade", "VaDE (Jiang et al. 2017)");
        AddDeep(registry, "n2d", "N2D (McConville et al. 2020): AE → UMAP → GMM");
        return registry;
    }

    /// <summary>
    /// A deep method, built by <see cref="DeepClusteringPresets"/> from the pipeline's preset ("quick", or "paper" when
    /// none is given), with the spec's options laid over that preset's options record (<see cref="WithOptions"/>).
    /// </summary>
    private static void AddDeep(MethodRegistry registry, string name, string description) =>
        registry.AddClusterer(name, c =>
        {
            IClusterer preset = DeepClusteringPresets.Create(name, c.Preset ?? "paper", c.Clusters, c.Seed);
            return c.Options is { } options ? WithOptions(preset, options, c.OptionsPath) : preset;
        }, description);

    /// <summary>
    /// <paramref name="preset"/> rebuilt with <paramref name="options"/> laid over its options record: an explicit option
    /// wins, nested records such as <c>pretraining</c> merge member by member (so <c>idec</c> with options keeps IDEC's
    /// γ), and the cluster count and seed stay the preset's. Experiment pipelines' <c>"clusterer"</c> objects and
    /// <c>agrupa fit --options</c> both go through here.
    /// </summary>
    /// <param name="preset">A clusterer of <see cref="DeepClusteringPresets.Create"/> (deep methods, k-means, GMM).</param>
    /// <param name="options">A JSON object of option names (case-insensitive) and values.</param>
    /// <param name="optionsPath">Where the options came from, for error messages (a spec path, "--options").</param>
    /// <exception cref="ArgumentException">An unknown, mistyped or out-of-range option, naming <paramref name="optionsPath"/>.</exception>
    public static IClusterer WithOptions(IClusterer preset, JsonElement options, string optionsPath)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var context = new MethodContext { Seed = 0, Clusters = 0, Options = options, OptionsPath = optionsPath };
        try
        {
            return Rebuild(preset, context);
        }
        catch (ArgumentException invalid) when (!invalid.Message.StartsWith(optionsPath, StringComparison.Ordinal))
        {
            // An option out of range, found by the options record's own checks: say where it came from too.
            throw new ArgumentException($"{optionsPath}: {invalid.Message}", invalid);
        }
    }

    private static IClusterer Rebuild(IClusterer preset, MethodContext context) =>
        preset switch
        {
            Dec dec => new Dec(context.OptionsAs(dec.Options) with { Clusters = dec.Options.Clusters, Seed = dec.Options.Seed }),
            Dcn dcn => new Dcn(context.OptionsAs(dcn.Options) with { Clusters = dcn.Options.Clusters, Seed = dcn.Options.Seed }),
            DeepKMeans dkm => new DeepKMeans(context.OptionsAs(dkm.Options) with { Clusters = dkm.Options.Clusters, Seed = dkm.Options.Seed }),
            Vade vade => new Vade(context.OptionsAs(vade.Options) with { Clusters = vade.Options.Clusters, Seed = vade.Options.Seed }),
            N2d n2d => new N2d(context.OptionsAs(n2d.Options) with { Clusters = n2d.Options.Clusters, Seed = n2d.Options.Seed }),
            KMeans kmeans => new KMeans(context.OptionsAs(kmeans.Options) with { Clusters = kmeans.Options.Clusters, Seed = kmeans.Options.Seed }),
            GaussianMixture gmm => new GaussianMixture(context.OptionsAs(gmm.Options) with { Components = gmm.Options.Components, Seed = gmm.Options.Seed }),
            _ => throw new ArgumentException($"{context.OptionsPath}: {preset.Name} takes no options here."),
        };

    /// <summary>Pretraining epochs of the autoencoder presets: "quick" for a fast comparison, "paper" as DCEC (200).</summary>
    private static int AutoencoderEpochs(string? preset) => preset switch { "quick" => 20, "paper" => 200, _ => 50 };

    private static AutoencoderReducer Autoencoder(MethodContext context, AutoencoderArchitecture architecture)
    {
        var options = context.OptionsAs<AutoencoderReducerOptions>();
        return new AutoencoderReducer(options with
        {
            Architecture = architecture,
            EmbeddingSize = context.Dimensions ?? AutoencoderReducerOptions.EmbeddingSizeFor(architecture, context.Clusters),
            Seed = context.Seed,
            Training = (context.Options is null ? options.Training with { Epochs = AutoencoderEpochs(context.Preset) } : options.Training) with { Seed = context.Seed },
        });
    }
}
