using Agrupa.Data;
using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// k-means clustering (Lloyd's algorithm with greedy k-means++ seeding), following scikit-learn's <c>KMeans</c>
/// (<c>sklearn/cluster/_kmeans.py</c>, <c>algorithm='lloyd'</c>) step for step: the data are centred for precision,
/// each of <see cref="KMeansOptions.Restarts"/> runs is seeded by k-means++ and iterated until no label changes or the
/// centre shift falls under the scaled tolerance, empty clusters are relocated to far points, and the run with the
/// lowest inertia is kept (a later run replaces the best only if its inertia is lower and its partition differs).
/// </summary>
/// <remarks>
/// <para>Distances use <c>‖c‖² − 2 x·c</c> through a register-blocked SIMD kernel fused with the centre update, so one
/// iteration reads the data once (see <see cref="CenterKernels"/>). Cost: O(n·k·d) per iteration; memory: the data
/// once more (the centred copy) plus O(k·d) per row partition.</para>
/// <para>Differences from scikit-learn: random numbers come from <see cref="Random"/> (the same seed does not give
/// scikit-learn's centres); centre sums are accumulated in float64; an empty cluster that cannot be relocated (fewer
/// distinct rows than clusters) is placed on the heaviest cluster's averaged centre. Warnings (fewer distinct
/// clusters than asked, initial centres with several restarts) are reported through the progress channel.</para>
/// </remarks>
public sealed class KMeans : IClusterer
{
    private readonly KMeansOptions _options;

    /// <summary>Creates the estimator; the options are validated here.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range (the message names it).</exception>
    public KMeans(KMeansOptions options)
    {
        _options = Validate(options);
    }

    /// <summary>The options in use.</summary>
    public KMeansOptions Options => _options;

    /// <inheritdoc />
    public string Name => "k-means";

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, null, progress, cancellationToken);

    /// <summary>Fits k-means to the rows of <paramref name="data"/> (labels, if any, are ignored).</summary>
    public KMeansModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Fit(data, null, progress, cancellationToken);

    /// <summary>
    /// Fits k-means with a weight per row (scikit-learn's <c>sample_weight</c>): centres are weighted means, the inertia
    /// is weighted, and k-means++ draws rows in proportion to weight × D².
    /// </summary>
    /// <exception cref="ArgumentException">Fewer rows than clusters, a NaN or infinite value (the message names the row),
    /// initial centres of the wrong size, or invalid weights.</exception>
    public KMeansModel Fit(Dataset data, IReadOnlyList<double>? sampleWeights, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int k = _options.Clusters, d = data.FeatureCount;
        if (data.Count < k)
            throw new ArgumentException($"k-means needs at least as many rows as clusters: Clusters={k}, rows={data.Count}.", nameof(data));
        float[]? initial = null;
        if (_options.InitialCenters is { } given)
        {
            if (given.Count != (long)k * d)
                throw new ArgumentException($"InitialCenters must hold Clusters × features = {k} × {d} = {(long)k * d} values, got {given.Count}.", nameof(data));
            initial = given.ToArray();
            if (initial.Any(v => !float.IsFinite(v))) throw new ArgumentException("InitialCenters holds a NaN or infinite value.", nameof(data));
        }

        CenteredRows rows = CenteredRows.From(data, sampleWeights, "k-means");
        double tolerance = _options.Tolerance * rows.MeanVariance;
        int restarts = _options.Restarts;
        if (initial is not null)
        {
            for (int i = 0; i < initial.Length; i++) initial[i] -= (float)rows.Mean[i % d];
            if (restarts > 1)
            {
                progress?.Report(new TrainingProgress { Stage = "k-means", Message = $"Initial centres were given: making 1 run instead of Restarts={restarts}." });
                restarts = 1;
            }
        }

        var random = new Random(_options.Seed);
        LloydIterations.Result? best = null;
        for (int restart = 1; restart <= restarts; restart++)
        {
            string stage = restarts == 1 ? "k-means" : $"k-means restart {restart}/{restarts}";
            float[] seeds = initial ?? KMeansPlusPlus.Seed(rows, k, random, cancellationToken);
            LloydIterations.Result result = LloydIterations.Run(rows, seeds, k, _options.MaxIterations, tolerance,
                progress is null ? null : (iteration, inertia, shift) => progress.Report(new TrainingProgress
                {
                    Stage = stage,
                    Epoch = iteration,
                    TotalEpochs = _options.MaxIterations,
                    Losses = new Dictionary<string, double> { ["inertia"] = inertia, ["centre shift"] = shift },
                }),
                cancellationToken);
            if (best is null || (result.Inertia < best.Inertia && !SameClustering(result.Labels, best.Labels, k)))
                best = result;
        }

        int distinct = best!.Labels.Distinct().Count();
        if (distinct < k)
            progress?.Report(new TrainingProgress
            {
                Stage = "k-means",
                Message = $"Number of distinct clusters ({distinct}) found smaller than Clusters ({k}); possibly due to duplicate points.",
            });
        return new KMeansModel(best.Centers, rows.Mean, best.Labels, best.Inertia, best.Iterations);
    }

    /// <summary>True when two labellings are the same partition up to a renaming of the labels (scikit-learn's <c>_is_same_clustering</c>).</summary>
    internal static bool SameClustering(int[] first, int[] second, int k)
    {
        var mapping = new int[k];
        Array.Fill(mapping, -1);
        for (int i = 0; i < first.Length; i++)
        {
            if (mapping[first[i]] == -1) mapping[first[i]] = second[i];
            else if (mapping[first[i]] != second[i]) return false;
        }
        return true;
    }

    private static KMeansOptions Validate(KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Clusters, 1, "options.Clusters");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Restarts, 1, "options.Restarts");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxIterations, 1, "options.MaxIterations");
        if (!(options.Tolerance >= 0) || double.IsInfinity(options.Tolerance))
            throw new ArgumentOutOfRangeException("options.Tolerance", options.Tolerance, "Tolerance must be finite and ≥ 0.");
        return options;
    }
}
