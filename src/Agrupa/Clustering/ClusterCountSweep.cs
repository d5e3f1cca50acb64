using System.Diagnostics;
using Agrupa.Data;
using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// Choosing the number of clusters: fits k-means or a Gaussian mixture for every k in a range and reports, per k, the
/// inertia (plot it and look for the elbow; Thorndike 1953), the mean silhouette (Rousseeuw 1987), the
/// Calinski–Harabasz index (1974) and, for mixtures, BIC (Schwarz 1978) and AIC (Akaike 1974). No single criterion is
/// right for every data set: the helpers below name each criterion's pick, and the table shows whether they agree.
/// </summary>
public sealed class ClusterCountSweep
{
    private ClusterCountSweep(ClusterCountMethod method, IReadOnlyList<ClusterCountScore> scores)
    {
        Method = method;
        Scores = scores;
    }

    /// <summary>The clustering that was fitted.</summary>
    public ClusterCountMethod Method { get; }

    /// <summary>One row per k, ascending.</summary>
    public IReadOnlyList<ClusterCountScore> Scores { get; }

    /// <summary>k with the highest silhouette, or null when none was computed.</summary>
    public int? BestBySilhouette => Pick(s => s.Silhouette, highest: true);

    /// <summary>k with the highest Calinski–Harabasz index.</summary>
    public int? BestByCalinskiHarabasz => Pick(s => s.CalinskiHarabasz, highest: true);

    /// <summary>k with the lowest BIC (Gaussian mixtures only).</summary>
    public int? BestByBic => Pick(s => s.Bic, highest: false);

    /// <summary>
    /// The elbow of the inertia curve (k-means only): the k farthest below the straight line joining the first and last
    /// points after scaling both axes to [0, 1] (the "Kneedle" construction of Satopää et al., ICDCS workshops 2011).
    /// Null with fewer than three k values.
    /// </summary>
    public int? Elbow
    {
        get
        {
            var points = Scores.Where(s => double.IsFinite(s.Inertia)).ToArray();
            if (points.Length < 3) return null;
            double k0 = points[0].Clusters, k1 = points[^1].Clusters;
            double i0 = points[0].Inertia, i1 = points[^1].Inertia;
            if (i0 == i1) return null;
            int best = points[0].Clusters;
            double bestGap = double.NegativeInfinity;
            foreach (ClusterCountScore s in points)
            {
                double x = (s.Clusters - k0) / (k1 - k0);
                double y = (s.Inertia - i1) / (i0 - i1);
                double gap = (1 - x) - y;                               // line from (0, 1) to (1, 0), minus the curve
                if (gap > bestGap) { bestGap = gap; best = s.Clusters; }
            }
            return best;
        }
    }

    /// <summary>Fits the chosen clustering for each k from MinClusters to MaxClusters and scores it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty, starts below 1 or exceeds the number of rows.</exception>
    public static ClusterCountSweep Run(Dataset data, ClusterCountSweepOptions options, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinClusters, 1, "options.MinClusters");
        if (options.MaxClusters < options.MinClusters)
            throw new ArgumentOutOfRangeException("options.MaxClusters", options.MaxClusters, $"MaxClusters must be ≥ MinClusters ({options.MinClusters}).");
        if (options.MaxClusters > data.Count)
            throw new ArgumentOutOfRangeException("options.MaxClusters", options.MaxClusters, $"MaxClusters must be at most the number of rows ({data.Count}).");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Restarts, 1, "options.Restarts");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SilhouetteSampleSize, 0, "options.SilhouetteSampleSize");
        FiniteCheck.Require(data.FeatureArray, data.FeatureCount, "Choosing k", nameof(data));

        Dataset unlabelled = data.WithoutLabels();
        SweepScores.SilhouetteSample? sample = options.SilhouetteSampleSize >= 2 ? new SweepScores.SilhouetteSample(unlabelled, options.SilhouetteSampleSize, options.Seed) : null;
        var scores = new List<ClusterCountScore>();
        int total = options.MaxClusters - options.MinClusters + 1;
        for (int k = options.MinClusters; k <= options.MaxClusters; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            IReadOnlyList<int> labels;
            double inertia = double.NaN, bic = double.NaN, aic = double.NaN;
            if (options.Method == ClusterCountMethod.KMeans)
            {
                KMeansModel model = new KMeans(new KMeansOptions { Clusters = k, Restarts = options.Restarts, Seed = options.Seed }).Fit(unlabelled, null, null, cancellationToken);
                labels = model.Labels;
                inertia = model.Inertia;
            }
            else
            {
                GaussianMixtureModel model = new GaussianMixture(new GaussianMixtureOptions
                {
                    Components = k, Covariance = options.Covariance, Restarts = options.Restarts, Seed = options.Seed,
                }).Fit(unlabelled, null, cancellationToken);
                labels = model.Labels;
                bic = model.Bic(unlabelled);
                aic = model.Aic(unlabelled);
            }
            double seconds = clock.Elapsed.TotalSeconds;
            double silhouette = sample?.Score(labels) ?? double.NaN;
            double calinskiHarabasz = SweepScores.CalinskiHarabasz(unlabelled, labels);
            var score = new ClusterCountScore(k, inertia, silhouette, calinskiHarabasz, bic, aic, seconds);
            scores.Add(score);
            progress?.Report(new TrainingProgress
            {
                Stage = "choose k",
                Epoch = k - options.MinClusters + 1,
                TotalEpochs = total,
                Losses = new Dictionary<string, double> { ["k"] = k, ["silhouette"] = silhouette, ["calinski-harabasz"] = calinskiHarabasz },
            });
        }
        return new ClusterCountSweep(options.Method, scores);
    }

    private int? Pick(Func<ClusterCountScore, double> value, bool highest)
    {
        var candidates = Scores.Where(s => double.IsFinite(value(s))).ToArray();
        if (candidates.Length == 0) return null;
        return (highest ? candidates.MaxBy(value) : candidates.MinBy(value))!.Clusters;
    }
}
