using Agrupa.Data;
using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// Gaussian mixture model fitted by expectation–maximisation (Dempster, Laird &amp; Rubin 1977), following
/// scikit-learn's <c>GaussianMixture</c> (<c>sklearn/mixture/_base.py</c>, <c>_gaussian_mixture.py</c>): responsibilities
/// start from one k-means run (or at random, or from given labels); each iteration is an E-step (log-sum-exp of the
/// weighted log densities, computed through Cholesky factors of the precisions) then an M-step (weights, means,
/// covariances with <see cref="GaussianMixtureOptions.CovarianceRegularization"/> on the diagonal); EM stops when the
/// per-sample average log-likelihood changes by less than the tolerance. Of several restarts, the one with the highest
/// lower bound is kept, and a final E-step gives labels consistent with <see cref="GaussianMixtureModel.Predict"/>.
/// </summary>
/// <remarks>
/// Cost per iteration: O(n·k·d²) for full and tied covariances, O(n·k·d) for diagonal and spherical; memory O(n·k)
/// for the responsibilities plus a float64 copy of the data. Differences from scikit-learn: k-means initialisation uses
/// Agrupa's <see cref="KMeans"/> (seeded from <see cref="GaussianMixtureOptions.Seed"/>, not numpy's generator); initial
/// weights are nk / Σnk rather than nk / n (equal up to 10ε per component); diagonal, spherical and tied covariances
/// are computed as scatter around the means instead of E[x²] − μ² (the same in exact arithmetic, more accurate in
/// floating point). A run that does not converge is reported through the progress channel, as scikit-learn warns.
/// </remarks>
public sealed class GaussianMixture : IClusterer
{
    private readonly GaussianMixtureOptions _options;

    /// <summary>Creates the estimator; the options are validated here.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range (the message names it).</exception>
    public GaussianMixture(GaussianMixtureOptions options)
    {
        _options = Validate(options);
    }

    /// <summary>The options in use.</summary>
    public GaussianMixtureOptions Options => _options;

    /// <inheritdoc />
    public string Name => "gmm";

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, progress, cancellationToken);

    /// <summary>Fits the mixture to the rows of <paramref name="data"/> (labels, if any, are ignored).</summary>
    /// <exception cref="ArgumentException">Fewer rows than components, a NaN or infinite value (the message names the
    /// row), or initial labels of the wrong length or range.</exception>
    /// <exception cref="InvalidOperationException">A covariance matrix became singular (increase the regularisation).</exception>
    /// <exception cref="MemoryLimitException">The covariances (k·d² values for Full, d² for Tied) and responsibilities would
    /// not fit in the available memory (<see cref="MemoryGuard"/>).</exception>
    public GaussianMixtureModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Count, d = data.FeatureCount, k = _options.Components;
        if (n < k)
            throw new ArgumentException($"A Gaussian mixture needs at least as many rows as components: Components={k}, rows={n}.", nameof(data));
        FiniteCheck.Require(data.FeatureArray, d, "The Gaussian mixture", nameof(data));
        double covarianceValues = _options.Covariance switch
        {
            CovarianceType.Full => (double)k * d * d,
            CovarianceType.Tied => (double)d * d,
            CovarianceType.Diagonal => (double)k * d,
            _ => k,
        };
        // The data as doubles, two n×k responsibility arrays, and covariances, scatter and precision factors (3 copies).
        MemoryGuard.Require(8.0 * ((double)n * d + 2.0 * n * k + 3 * covarianceValues),
            $"A {_options.Covariance.ToString().ToLowerInvariant()}-covariance Gaussian mixture with {k} components on {n:N0} rows × {d:N0} features",
            "Reduce the dimension first (e.g. PCA to 50), or use Covariance = Diagonal or Spherical.");
        if (_options.InitialLabels is { } given)
        {
            if (given.Count != n) throw new ArgumentException($"InitialLabels must hold one label per row: expected {n}, got {given.Count}.", nameof(data));
            for (int i = 0; i < n; i++)
                if ((uint)given[i] >= (uint)k)
                    throw new ArgumentException($"InitialLabels[{i}] = {given[i]} is outside [0, {k}).", nameof(data));
        }

        var x = new double[(long)n * d];
        float[] features = data.FeatureArray;
        for (long i = 0; i < x.Length; i++) x[i] = features[i];
        var logResponsibilities = new double[(long)n * k];
        var responsibilities = new double[(long)n * k];
        int restarts = _options.InitialLabels is null ? _options.Restarts : 1;
        var random = new Random(_options.Seed);

        GaussianParameters? best = null;
        double bestLowerBound = double.NegativeInfinity;
        int bestIterations = 0;
        bool bestConverged = false;
        for (int restart = 1; restart <= restarts; restart++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string stage = restarts == 1 ? "gmm" : $"gmm restart {restart}/{restarts}";
            InitialResponsibilities(data, random, responsibilities, progress, cancellationToken);
            GaussianParameters parameters = GaussianParameters.Estimate(x, n, d, responsibilities, k, _options.Covariance, _options.CovarianceRegularization);
            double lowerBound = double.NegativeInfinity;
            bool converged = false;
            int iteration = 0;
            while (iteration < _options.MaxIterations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                iteration++;
                double previous = lowerBound;
                parameters.WeightedLogProbabilities(x, n, logResponsibilities);
                lowerBound = GaussianParameters.Normalize(logResponsibilities, n, k, responsibilities);
                parameters = GaussianParameters.Estimate(x, n, d, responsibilities, k, _options.Covariance, _options.CovarianceRegularization);
                double change = lowerBound - previous;
                progress?.Report(new TrainingProgress
                {
                    Stage = stage,
                    Epoch = iteration,
                    TotalEpochs = _options.MaxIterations,
                    Losses = new Dictionary<string, double> { ["lower bound"] = lowerBound, ["change"] = change },
                });
                if (Math.Abs(change) < _options.Tolerance) { converged = true; break; }
            }
            if (best is null || lowerBound > bestLowerBound)
            {
                best = parameters;
                bestLowerBound = lowerBound;
                bestIterations = iteration;
                bestConverged = converged;
            }
        }
        if (!bestConverged)
            progress?.Report(new TrainingProgress
            {
                Stage = "gmm",
                Message = $"The Gaussian mixture did not converge in {_options.MaxIterations} iterations (tolerance {_options.Tolerance}); " +
                    "try more iterations, a larger tolerance or more regularisation.",
            });

        // Final E-step so that the labels are those Predict gives for the returned parameters.
        best!.WeightedLogProbabilities(x, n, logResponsibilities);
        GaussianParameters.Normalize(logResponsibilities, n, k);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int argmax = 0;
            for (int c = 1; c < k; c++) if (logResponsibilities[(long)i * k + c] > logResponsibilities[(long)i * k + argmax]) argmax = c;
            labels[i] = argmax;
        }
        return new GaussianMixtureModel(best, labels, bestLowerBound, bestIterations, bestConverged);
    }

    private void InitialResponsibilities(Dataset data, Random random, double[] responsibilities, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        int n = data.Count, k = _options.Components;
        Array.Clear(responsibilities);
        if (_options.InitialLabels is { } given)
        {
            for (int i = 0; i < n; i++) responsibilities[(long)i * k + given[i]] = 1;
            return;
        }
        if (_options.Initialization == GaussianMixtureInitialization.KMeans)
        {
            var kmeans = new KMeans(new KMeansOptions { Clusters = k, Restarts = 1, Seed = random.Next() });
            KMeansModel model = kmeans.Fit(data, null, progress is null ? null : new StageProgress(progress, "gmm: k-means initialisation"), cancellationToken);
            for (int i = 0; i < n; i++) responsibilities[(long)i * k + model.Labels[i]] = 1;
            return;
        }
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++) sum += responsibilities[(long)i * k + c] = random.NextDouble();
            for (int c = 0; c < k; c++) responsibilities[(long)i * k + c] /= sum;
        }
    }

    private static GaussianMixtureOptions Validate(GaussianMixtureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Components, 1, "options.Components");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxIterations, 1, "options.MaxIterations");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Restarts, 1, "options.Restarts");
        if (!(options.Tolerance >= 0) || double.IsInfinity(options.Tolerance))
            throw new ArgumentOutOfRangeException("options.Tolerance", options.Tolerance, "Tolerance must be finite and ≥ 0.");
        if (!(options.CovarianceRegularization >= 0) || double.IsInfinity(options.CovarianceRegularization))
            throw new ArgumentOutOfRangeException("options.CovarianceRegularization", options.CovarianceRegularization, "CovarianceRegularization must be finite and ≥ 0.");
        if (!Enum.IsDefined(options.Covariance))
            throw new ArgumentOutOfRangeException("options.Covariance", options.Covariance, "Unknown covariance type.");
        return options;
    }

    /// <summary>Forwards progress reports with another stage name (the inner k-means of the initialisation).</summary>
    private sealed class StageProgress(IProgress<TrainingProgress> inner, string stage) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => inner.Report(value with { Stage = stage });
    }
}
