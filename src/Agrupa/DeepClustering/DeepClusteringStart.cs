using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Evaluation;
using Agrupa.Neural;
using Agrupa.Runtime;

namespace Agrupa.DeepClustering;

/// <summary>
/// The common start of the deep clustering methods (as ClustPy's <c>_train_utils</c>): pretrain the autoencoder, embed
/// the data, place the initial centres; and the label monitor used for training curves.
/// </summary>
internal static class DeepClusteringStart
{
    /// <summary>Pretrains an autoencoder of <paramref name="architecture"/> on <paramref name="data"/> (reconstruction loss).</summary>
    public static AutoencoderModel Pretrain(Dataset data, AutoencoderArchitecture architecture, int embeddingSize, IReadOnlyList<int>? hiddenSizes,
        TrainerOptions training, int seed, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, WeightInitialization? weights = null,
        TrainerOptions? layerwise = null, bool endToEnd = true) =>
        Reducer(data, architecture, embeddingSize, hiddenSizes, training, seed, weights, layerwise, endToEnd).Fit(data, progress, cancellationToken);

    /// <summary>
    /// The autoencoder reducer of a deep method: the architecture's default network, or a dense (or tied dense) one with
    /// <paramref name="hiddenSizes"/>; <paramref name="weights"/>, when given, replaces the network's initial weights;
    /// <paramref name="layerwise"/> and <paramref name="endToEnd"/> are <see cref="AutoencoderReducerOptions.LayerwiseTraining"/>
    /// and <see cref="AutoencoderReducerOptions.EndToEnd"/>.
    /// </summary>
    public static AutoencoderReducer Reducer(Dataset data, AutoencoderArchitecture architecture, int embeddingSize, IReadOnlyList<int>? hiddenSizes,
        TrainerOptions training, int seed, WeightInitialization? weights = null, TrainerOptions? layerwise = null, bool endToEnd = true)
    {
        var options = new AutoencoderReducerOptions
        {
            Architecture = architecture,
            EmbeddingSize = AutoencoderReducerOptions.EmbeddingSizeFor(architecture, embeddingSize),
            Network = (hiddenSizes, architecture) switch
            {
                (null, _) => null,
                (_, AutoencoderArchitecture.Dense) => new DenseAutoencoderOptions { Inputs = data.FeatureCount, EmbeddingSize = embeddingSize, HiddenSizes = hiddenSizes.ToArray() },
                (_, AutoencoderArchitecture.DenseTied) => new TiedDenseAutoencoderOptions { Inputs = data.FeatureCount, EmbeddingSize = embeddingSize, HiddenSizes = hiddenSizes.ToArray() },
                _ => null,
            },
            Training = training with { Seed = seed },
            LayerwiseTraining = layerwise is null ? null : layerwise with { Seed = seed },
            EndToEnd = endToEnd,
            Seed = seed,
        };
        if (weights is { } initialization)
            options = options with { Network = new AutoencoderReducer(options).NetworkFor(data) with { Initialization = initialization } };
        return new AutoencoderReducer(options);
    }

    /// <summary>
    /// The network a deep clusterer starts from: a copy of <paramref name="pretrained"/>'s, or one pretrained here on
    /// <paramref name="data"/>, or (when <paramref name="pretrain"/> is false, DKMa) a freshly initialised one; with the
    /// pretraining history and the embedding of the data (null when not pretrained).
    /// </summary>
    public static (Autoencoder Network, IReadOnlyList<EpochSummary> History, Dataset? Embedding) StartingNetwork(Dataset data, AutoencoderModel? pretrained,
        bool pretrain, AutoencoderArchitecture architecture, int embeddingSize, IReadOnlyList<int>? hiddenSizes, TrainerOptions training, int seed,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, WeightInitialization? weights = null, TrainerOptions? layerwise = null,
        bool endToEnd = true)
    {
        if (pretrained is not null)
        {
            if (pretrained.InputSize != data.FeatureCount)
                throw new ArgumentException($"The pretrained autoencoder expects {pretrained.InputSize} features, the data have {data.FeatureCount}.", nameof(pretrained));
            return (Copy(pretrained.Network), pretrained.History, pretrained.Transform(data));
        }
        if (!pretrain)
        {
            return (Reducer(data, architecture, embeddingSize, hiddenSizes, training, seed, weights).NetworkFor(data).Build(seed), [], null);
        }
        AutoencoderModel start = Pretrain(data, architecture, embeddingSize, hiddenSizes, training, seed, progress, cancellationToken, weights, layerwise, endToEnd);
        return (start.Network, start.History, start.Embedding);
    }

    /// <summary>A fitted autoencoder with a copy of <paramref name="model"/>'s network and its history (no embedding), for a model that takes ownership.</summary>
    public static AutoencoderModel Copy(AutoencoderModel model) => new(Copy(model.Network), model.History, null);

    /// <summary>A new network with the architecture and weights of <paramref name="network"/> (the caller's stays untouched).</summary>
    public static Autoencoder Copy(Autoencoder network)
    {
        Autoencoder copy = network.Options.Build(0);
        NetworkState.Restore(copy, NetworkState.Capture(network), "(in memory)");
        return copy;
    }

    /// <summary>Initial centres (k × embedding, row-major) and labels from k-means (20 restarts) or a diagonal GMM on the embedding.</summary>
    public static (float[] Centers, int[] Labels) InitialCenters(Dataset embedding, int clusters, CenterInitialization initialization, int restarts, int seed,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        KMeansModel kmeans = new KMeans(new KMeansOptions { Clusters = clusters, Restarts = restarts, Seed = seed }).Fit(embedding, progress, cancellationToken);
        if (initialization == CenterInitialization.KMeans)
            return (kmeans.Centers.ToArray(), kmeans.Labels.ToArray());
        GaussianMixtureModel mixture = new GaussianMixture(new GaussianMixtureOptions
        {
            Components = clusters, Covariance = CovarianceType.Diagonal, Seed = seed, InitialLabels = kmeans.Labels,
        }).Fit(embedding, progress, cancellationToken);
        return (mixture.Means.ToArray().Select(v => (float)v).ToArray(), mixture.Labels.ToArray());
    }

    /// <summary>ACC/NMI/ARI of <paramref name="labels"/> against the data's labels, or an empty map when there are none or monitoring is off.</summary>
    public static IReadOnlyDictionary<string, double> Monitor(Dataset data, IReadOnlyList<int> labels, bool enabled)
    {
        if (!enabled || data.Labels is null) return new Dictionary<string, double>();
        ClusterScores scores = ClusterMetrics.Compute(data.Labels, labels);
        return new Dictionary<string, double> { ["acc"] = scores.Acc, ["nmi"] = scores.Nmi, ["ari"] = scores.Ari };
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="data"/> has fewer rows than <paramref name="clusters"/>.</summary>
    public static void RequireRows(Dataset data, int clusters, string method)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count < clusters)
            throw new ArgumentException($"{method} needs at least as many rows as clusters: Clusters={clusters}, rows={data.Count}.", nameof(data));
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when a method with a reconstruction loss is given a
    /// <paramref name="pretrained"/> network without a decoder (a contrastive encoder).
    /// </summary>
    public static void RequireDecoder(AutoencoderModel? pretrained, string method)
    {
        if (pretrained is { Network.HasDecoder: false })
            throw new ArgumentException($"{method} trains with a reconstruction loss and needs an autoencoder; the pretrained network ({pretrained.Network.GetType().Name}) has no decoder.", nameof(pretrained));
    }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> naming <c>Architecture</c> when a method with a reconstruction
    /// loss is asked to pretrain the contrastive encoder, which has no decoder.
    /// </summary>
    public static void RequireDecoder(AutoencoderArchitecture architecture, string method)
    {
        if (architecture == AutoencoderArchitecture.Contrastive)
            throw new ArgumentOutOfRangeException("Architecture", architecture, $"{method} has a reconstruction loss; the contrastive encoder has no decoder (use it with dec, n2d or a two-stage pipeline).");
    }

    /// <summary>Runs <paramref name="work"/>; if it throws, frees <paramref name="network"/> (which the fitted model would have owned).</summary>
    public static T DisposeOnFailure<T>(Autoencoder network, Func<T> work)
    {
        try
        {
            return work();
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Fraction of positions where two label vectors differ.</summary>
    public static double LabelChange(int[] previous, int[] current)
    {
        int changed = 0;
        for (int i = 0; i < current.Length; i++) if (previous[i] != current[i]) changed++;
        return (double)changed / current.Length;
    }
}
