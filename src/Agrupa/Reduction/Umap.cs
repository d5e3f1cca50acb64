using Agrupa.Data;
using Agrupa.Neighbors;
using Agrupa.Runtime;

namespace Agrupa.Reduction;

/// <summary>
/// UMAP (McInnes, Healy &amp; Melville, arXiv:1802.03426, 2018), written as umap-learn's stages:
/// k-nearest neighbours (<see cref="NeighborSearch"/>) → fuzzy simplicial set (<see cref="FuzzySimplicialSet"/>:
/// smooth k-NN distances, membership strengths, fuzzy union) → curve parameters a, b (<see cref="UmapCurve"/>) →
/// spectral initialisation (<see cref="SpectralLayout"/>) → SGD layout (<see cref="UmapLayout"/>).
/// </summary>
/// <remarks>Differences from umap-learn are listed in docs/methods/umap.md.</remarks>
public sealed class Umap : IReducer
{
    private readonly UmapOptions _options;

    /// <summary>Creates the estimator; validates the options (one rule per line, as umap-learn's <c>_validate_parameters</c>).</summary>
    public Umap(UmapOptions options) => _options = Validate(options);

    /// <inheritdoc />
    public string Name => $"umap{_options.Dimensions}";

    /// <inheritdoc />
    public int Dimensions => _options.Dimensions;

    /// <summary>The options in force.</summary>
    public UmapOptions Options => _options;

    /// <inheritdoc />
    IReductionModel IReducer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, progress, cancellationToken);

    /// <summary>Fits UMAP to <paramref name="data"/>: the model holds the embedding of every row.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 rows, or a NaN or infinite value (row and feature named).</exception>
    public UmapModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Count;
        if (n < 2) throw new ArgumentException($"UMAP needs at least 2 rows, got {n}.", nameof(data));
        FiniteCheck.Require(data.FeatureArray, data.FeatureCount, "UMAP", nameof(data));
        int k = _options.NeighborCount;
        if (k > n)
        {
            k = n;
            progress?.Report(new TrainingProgress { Stage = "UMAP", Message = $"NeighborCount={_options.NeighborCount} is larger than the data ({n} rows); using {k}." });
        }
        var (a, b) = CurveParameters(_options);

        progress?.Report(new TrainingProgress { Stage = "UMAP k-NN", Message = $"{NeighborSearch.Resolve(_options.NeighborSearch, n)} search, k = {k}" });
        NeighborGraph knn = NeighborSearch.Build(data, k, _options.NeighborSearch,
            new NearestNeighborDescentOptions { Metric = _options.Metric, Seed = _options.Seed }, progress, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(new TrainingProgress { Stage = "UMAP fuzzy simplicial set" });
        var (graph, _, _) = FuzzySimplicialSet.Build(knn, k, _options.SetOperationMixRatio, _options.LocalConnectivity);

        int epochs = _options.Epochs ?? DefaultEpochs(n);
        float[] embedding = EmbedGraph(graph, data, epochs, a, b, progress, cancellationToken);
        return new UmapModel(data, data.WithFeatures(embedding, _options.Dimensions), _options, k, a, b);
    }

    /// <summary>umap-learn's default epochs: 500 for at most 10,000 points, else 200.</summary>
    public static int DefaultEpochs(int count) => count <= 10_000 ? 500 : 200;

    /// <summary>The (a, b) in force: the options' values when both are set, else fitted from MinDist and Spread.</summary>
    public static (double A, double B) CurveParameters(UmapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.A is { } a && options.B is { } b) return (a, b);
        var fitted = UmapCurve.FindAbParameters(options.Spread, options.MinDist);
        return (options.A ?? fitted.A, options.B ?? fitted.B);
    }

    /// <summary>
    /// umap-learn's <c>simplicial_set_embedding</c>: prune edges below max/epochs, initialise, rescale each coordinate
    /// to [0, 10], set the sampling schedule and run the SGD layout. Returns row-major n×dim.
    /// </summary>
    private float[] EmbedGraph(SparseGraph graph, Dataset data, int epochs, double a, double b,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        int n = graph.Count, dim = _options.Dimensions;
        float max = graph.MaxValue();
        int pruneEpochs = epochs > 10 ? epochs : DefaultEpochs(n);
        SparseGraph pruned = graph.Without(max / pruneEpochs);

        float[] embedding = Initialize(pruned, data, progress);
        for (int d = 0; d < dim; d++)
        {
            float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
            for (int i = 0; i < n; i++) { lo = Math.Min(lo, embedding[i * dim + d]); hi = Math.Max(hi, embedding[i * dim + d]); }
            float range = hi - lo;
            for (int i = 0; i < n; i++) embedding[i * dim + d] = range > 0 ? 10f * (embedding[i * dim + d] - lo) / range : 0f;
        }
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new TrainingProgress { Stage = "UMAP layout", TotalEpochs = epochs, Message = $"{pruned.EdgeCount} edges, {epochs} epochs, a = {a:F4}, b = {b:F4}" });
        double[] epochsPerSample = UmapLayout.EpochsPerSample(pruned.Values, epochs);
        UmapLayout.Optimize(embedding, null, dim, pruned.RowStarts, pruned.Columns, epochsPerSample, a, b,
            _options.RepulsionStrength, _options.LearningRate, _options.NegativeSampleRate, epochs, _options.Seed, progress, cancellationToken);
        return embedding;
    }

    private float[] Initialize(SparseGraph graph, Dataset data, IProgress<TrainingProgress>? progress)
    {
        int n = graph.Count, dim = _options.Dimensions;
        var random = FastRandom.Create(_options.Seed, 0x1A17);
        var result = new float[(long)n * dim];
        double[]? spectral = null;
        if (_options.Initialization == UmapInitialization.Spectral)
        {
            progress?.Report(new TrainingProgress { Stage = "UMAP spectral initialisation" });
            try
            {
                spectral = SpectralLayout.Layout(graph, dim, _options.Seed, ids => Centroid(data, ids), out string? warning);
                if (warning is not null) progress?.Report(new TrainingProgress { Stage = "UMAP spectral initialisation", Message = warning });
            }
            catch (Exception exception) when (exception is ArithmeticException or InvalidOperationException or ArgumentException or System.Runtime.InteropServices.ExternalException)
            {
                spectral = null;
            }
            if (spectral is null || spectral.Any(v => !double.IsFinite(v)))
            {
                spectral = null;
                progress?.Report(new TrainingProgress { Stage = "UMAP spectral initialisation",
                    Message = "Spectral initialisation failed (the eigensolver did not produce finite eigenvectors); falling back to random initialisation. Consider Initialization = Random." });
            }
        }
        if (spectral is null)
        {
            for (int i = 0; i < result.Length; i++) result[i] = (float)(random.NextDouble() * 20 - 10);
            return result;
        }
        // umap-learn's noisy_scale_coords: max |coordinate| 10, plus N(0, 1e-4) noise.
        double largest = spectral.Max(Math.Abs);
        double expansion = largest > 0 ? 10.0 / largest : 1.0;
        for (int i = 0; i < result.Length; i++) result[i] = (float)(spectral[i] * expansion) + (float)(random.NextGaussian() * 1e-4);
        return result;
    }

    private static double[] Centroid(Dataset data, int[] ids)
    {
        int d = data.FeatureCount;
        var centroid = new double[d];
        foreach (int i in ids)
        {
            var row = data.Row(i);
            for (int j = 0; j < d; j++) centroid[j] += row[j];
        }
        for (int j = 0; j < d; j++) centroid[j] /= ids.Length;
        return centroid;
    }

    /// <summary>Checks <paramref name="options"/> (an <see cref="ArgumentOutOfRangeException"/> names the bad one) and returns them; also used when a saved model is read.</summary>
    internal static UmapOptions Validate(UmapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.NeighborCount, 2, nameof(UmapOptions.NeighborCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 1, nameof(UmapOptions.Dimensions));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinDist, nameof(UmapOptions.MinDist));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Spread, nameof(UmapOptions.Spread));
        if (options.MinDist > options.Spread)
            throw new ArgumentOutOfRangeException(nameof(UmapOptions.MinDist), options.MinDist, $"MinDist must be at most Spread ({options.Spread}).");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.LearningRate, nameof(UmapOptions.LearningRate));
        if (options.Epochs is { } epochs) ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1, nameof(UmapOptions.Epochs));
        ArgumentOutOfRangeException.ThrowIfNegative(options.NegativeSampleRate, nameof(UmapOptions.NegativeSampleRate));
        ArgumentOutOfRangeException.ThrowIfNegative(options.RepulsionStrength, nameof(UmapOptions.RepulsionStrength));
        if (options.SetOperationMixRatio is < 0 or > 1 || double.IsNaN(options.SetOperationMixRatio))
            throw new ArgumentOutOfRangeException(nameof(UmapOptions.SetOperationMixRatio), options.SetOperationMixRatio, "SetOperationMixRatio must be in [0, 1].");
        ArgumentOutOfRangeException.ThrowIfNegative(options.LocalConnectivity, nameof(UmapOptions.LocalConnectivity));
        if (options.A is { } a) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a, nameof(UmapOptions.A));
        if (options.B is { } b) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(b, nameof(UmapOptions.B));
        if (!Enum.IsDefined(options.Metric)) throw new ArgumentOutOfRangeException(nameof(UmapOptions.Metric), options.Metric, "Unknown metric.");
        if (!Enum.IsDefined(options.NeighborSearch)) throw new ArgumentOutOfRangeException(nameof(UmapOptions.NeighborSearch), options.NeighborSearch, "Unknown neighbour search method.");
        if (!Enum.IsDefined(options.Initialization)) throw new ArgumentOutOfRangeException(nameof(UmapOptions.Initialization), options.Initialization, "Unknown initialisation.");
        return options;
    }
}
