using Agrupa.Clustering;

namespace Agrupa.DeepClustering;

/// <summary>
/// Named configurations of the clusterers that <c>agrupa fit</c> and the experiment runner build from a method name, a
/// preset, a cluster count and a seed. <c>paper</c> is each options record's defaults — the published protocols (see
/// the XML docs of <see cref="DecOptions"/>, <see cref="DcnOptions"/>, <see cref="DeepKMeansOptions"/>,
/// <see cref="VadeOptions"/>, <see cref="N2dOptions"/>; REFERENCES.md). <c>quick</c> is a short schedule meant to
/// finish in minutes on 10k–70k rows: autoencoder pretraining <see cref="QuickPretrainingEpochs"/> epochs, DEC/IDEC/DCEC
/// at most 2,000 clustering iterations, DCN 10 epochs at lr 0.01 (the reference's 0.05 diverges on Fashion-MNIST from
/// these starts; BENCHMARKS.md), DKMa 10 α steps × 2 epochs, DKMp 4 α steps × 5 epochs, VaDE 30
/// epochs, and 5 k-means restarts wherever the paper uses 10–20. k-means and the Gaussian mixture have no schedule:
/// both presets are scikit-learn's defaults (k-means 10 restarts as in the deep-clustering baselines' "k-means" rows
/// for <c>paper</c>, 1 for <c>quick</c>; the mixture has full covariances and one k-means initialisation).
/// </summary>
public static class DeepClusteringPresets
{
    /// <summary>Pretraining epochs of the <c>quick</c> preset.</summary>
    public const int QuickPretrainingEpochs = 25;

    /// <summary>The method names, in the order help texts list them; "dkm" is another name of "dkmp" (issue 7's CLI).</summary>
    public static IReadOnlyList<string> Methods { get; } = ["dec", "idec", "dcec", "dcn", "dkm", "dkma", "dkmp", "vade", "n2d", "kmeans", "gmm"];

    /// <summary>The preset names.</summary>
    public static IReadOnlyList<string> Presets { get; } = ["quick", "paper"];

    /// <summary>Whether <paramref name="method"/> pretrains an autoencoder (so a pretraining-epoch override applies).</summary>
    public static bool Pretrains(string method) => method.ToLowerInvariant() is not ("kmeans" or "gmm" or "dkma");

    /// <summary>
    /// The clusterer <paramref name="method"/> configured by <paramref name="preset"/>, with <paramref name="clusters"/>
    /// clusters and <paramref name="seed"/>; <paramref name="pretrainingEpochs"/>, when given, replaces the autoencoder
    /// pretraining epochs (ignored by methods without pretraining, see <see cref="Pretrains"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown method or preset (the message lists the valid names).</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 clusters or fewer than 1 epoch.</exception>
    public static IClusterer Create(string method, string preset, int clusters, int seed = 0, int? pretrainingEpochs = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentOutOfRangeException.ThrowIfLessThan(clusters, 2, nameof(clusters));
        if (pretrainingEpochs is < 1) throw new ArgumentOutOfRangeException(nameof(pretrainingEpochs), pretrainingEpochs, "Must be at least 1.");
        bool quick = preset.ToLowerInvariant() switch
        {
            "quick" => true,
            "paper" => false,
            _ => throw new ArgumentException($"Unknown preset '{preset}'; choose one of {string.Join(", ", Presets)}.", nameof(preset)),
        };
        int? epochs = pretrainingEpochs ?? (quick ? QuickPretrainingEpochs : null);
        Neural.TrainerOptions Pretraining(Neural.TrainerOptions defaults) => defaults with { Epochs = epochs ?? defaults.Epochs, Seed = seed };

        switch (method.ToLowerInvariant())
        {
            case "dec":
            case "idec":
            case "dcec":
            {
                DecOptions options = method.ToLowerInvariant() switch
                {
                    "dec" => new DecOptions { Clusters = clusters },
                    "idec" => DecOptions.Idec(clusters),
                    _ => DecOptions.Dcec(clusters),
                };
                options = options with { Seed = seed, Pretraining = Pretraining(options.Pretraining) };
                if (quick) options = options with { MaxIterations = Math.Min(options.MaxIterations, 2000), KMeansRestarts = Math.Min(options.KMeansRestarts, 5) };
                return new Dec(options);
            }
            case "dcn":
            {
                var options = new DcnOptions { Clusters = clusters, Seed = seed };
                options = options with { Pretraining = Pretraining(options.Pretraining) };
                if (quick)
                    options = options with
                    {
                        Epochs = Math.Min(options.Epochs, 10), KMeansRestarts = Math.Min(options.KMeansRestarts, 5), LearningRate = Math.Min(options.LearningRate, 0.01),
                    };
                return new Dcn(options);
            }
            case "dkma":
            {
                var options = new DeepKMeansOptions { Clusters = clusters, Seed = seed };
                if (quick) options = options with { AlphaSteps = 10, EpochsPerAlpha = 2 };
                return new DeepKMeans(options);
            }
            case "dkm":
            case "dkmp":
            {
                DeepKMeansOptions options = DeepKMeansOptions.Pretrained(clusters) with { Seed = seed };
                options = options with { Pretraining = Pretraining(options.Pretraining) };
                if (quick) options = options with { AlphaSteps = 4, KMeansRestarts = Math.Min(options.KMeansRestarts, 5) };
                return new DeepKMeans(options);
            }
            case "vade":
            {
                var options = new VadeOptions { Clusters = clusters, Seed = seed };
                options = options with { Pretraining = Pretraining(options.Pretraining) };
                if (quick) options = options with { Epochs = Math.Min(options.Epochs, 30) };
                return new Vade(options);
            }
            case "n2d":
            {
                var options = new N2dOptions { Clusters = clusters, Seed = seed };
                return new N2d(options with { Pretraining = Pretraining(options.Pretraining) });
            }
            case "kmeans":
                return new KMeans(new KMeansOptions { Clusters = clusters, Seed = seed, Restarts = quick ? 1 : 10 });
            case "gmm":
                return new GaussianMixture(new GaussianMixtureOptions { Components = clusters, Seed = seed });
            default:
                throw new ArgumentException($"Unknown method '{method}'; choose one of {string.Join(", ", Methods)}.", nameof(method));
        }
    }
}
