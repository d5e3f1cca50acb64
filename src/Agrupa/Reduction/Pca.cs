using Agrupa.Data;
using Agrupa.LinearAlgebra;
using Agrupa.Runtime;
using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Reduction;

/// <summary>
/// Principal component analysis: centres the data (no scaling) and projects it on the leading right singular vectors
/// of the centred matrix. Exact (SVD or covariance eigen decomposition) and randomized (Halko et al. 2011) solvers,
/// all through TorchSharp matrix products; signs follow scikit-learn's current <c>svd_flip(u_based_decision=False)</c>:
/// the largest-magnitude loading of each component is positive.
/// </summary>
public sealed class Pca : IReducer
{
    private readonly PcaOptions _options;

    /// <summary>Creates the estimator; validates the options.</summary>
    public Pca(PcaOptions options) => _options = Validate(options);

    /// <summary>Creates the estimator with <paramref name="components"/> components and default options.</summary>
    public Pca(int components) : this(new PcaOptions { Components = components }) { }

    /// <inheritdoc />
    public string Name => $"pca{_options.Components}";

    /// <inheritdoc />
    public int Dimensions => _options.Components;

    /// <summary>The options in force.</summary>
    public PcaOptions Options => _options;

    /// <inheritdoc />
    IReductionModel IReducer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, progress, cancellationToken);

    /// <summary>Only the randomized solver draws random numbers; <see cref="PcaSolver.Auto"/> is resolved for the shape.</summary>
    public bool DependsOnSeed(int rows, int features) =>
        ChooseSolver(rows, features, _options.Components, _options.Solver) == PcaSolver.Randomized;

    /// <summary>Fits the principal axes to <paramref name="data"/> and embeds it.</summary>
    /// <exception cref="ArgumentException">More components than rows or features, or a NaN or infinite value.</exception>
    /// <exception cref="MemoryLimitException">The chosen solver's working memory (see <see cref="WorkingBytes"/>) would not fit in the available memory.</exception>
    public PcaModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Count, d = data.FeatureCount, k = _options.Components;
        if (k > Math.Min(n, d))
            throw new ArgumentException($"PCA with Components={k} needs at least {k} rows and {k} features; the data have {n} rows and {d} features.", nameof(data));
        FiniteCheck.Require(data.FeatureArray, d, "PCA", nameof(data));
        PcaSolver solver = ChooseSolver(n, d, k, _options.Solver);
        MemoryGuard.Require(WorkingBytes(n, d, k, solver, _options.Oversamples), $"PCA ({solver} solver) of {n:N0} rows × {d:N0} features",
            solver == PcaSolver.Randomized ? "Lower Components or fit on a sample of the rows."
                : "Use Solver = Randomized (its memory grows with Components, not with the smaller side of the data), or fit on a sample.");
        progress?.Report(new TrainingProgress { Stage = "PCA", Message = $"solver {solver}" });
        ThreadBudget.ApplyToTorch();
        cancellationToken.ThrowIfCancellationRequested();
        var (mean, variances) = ColumnMoments.Compute(data.FeatureArray, n, d);
        double totalVariance = variances.Sum();
        using var scope = torch.NewDisposeScope();
        TorchTensor x = TorchMatrix.FromRows(data.FeatureArray, n, d);
        // Tall data skip the centred copy as scikit-learn's covariance_eigh does (Xᵀ X − n μ μᵀ), unless the offsets dwarf
        // the spread so much that the float32 Gram matrix would lose the variance to cancellation.
        double offset = mean.Sum(m => m * m);
        bool largeOffset = offset > UncentredOffsetLimit * Math.Max(totalVariance, double.Epsilon);
        bool uncentred = solver == PcaSolver.CovarianceEigh && !largeOffset;
        TorchTensor? centred = uncentred ? null : x - torch.tensor(mean).to_type(torch.float32).unsqueeze(0);
        var (components, singularValues) = solver switch
        {
            PcaSolver.Full => PcaDecomposition.FullSvd(centred!, k),
            PcaSolver.CovarianceEigh => PcaDecomposition.CovarianceEigh(centred ?? x, uncentred ? mean : null, k),
            _ => PcaDecomposition.Randomized(centred!, k, _options.Oversamples,
                _options.PowerIterations ?? (k < 0.1 * Math.Min(n, d) ? 7 : 4), _options.Seed),
        };
        PcaDecomposition.FlipSigns(components, k, d);
        var explained = new double[k];
        var ratio = new double[k];
        for (int c = 0; c < k; c++)
        {
            explained[c] = n > 1 ? singularValues[c] * singularValues[c] / (n - 1) : 0;
            ratio[c] = totalVariance > 0 ? explained[c] / totalVariance : 0;
        }
        return new PcaModel(mean, components, d, k, explained, ratio, singularValues, _options.Whiten, solver, data, x, centreRows: largeOffset);
    }

    /// <summary>
    /// Estimated bytes of a fit: the float32 data and its centred copy (2·n·d), plus the full SVD's factors
    /// (min(n, d)·(n + d)), the covariance solver's d×d matrices in float64, or the randomized solver's n×(k+p) and
    /// d×(k+p) sketches.
    /// </summary>
    public static double WorkingBytes(int rows, int features, int components, PcaSolver solver, int oversamples)
    {
        double n = rows, d = features, data = 4 * 2 * n * d;
        return solver switch
        {
            PcaSolver.Full => data + 4 * (Math.Min(n, d) * (n + d) + Math.Min(n, d) * Math.Min(n, d)),
            PcaSolver.CovarianceEigh => data + 8 * 3 * d * d,
            _ => data + 4 * 3 * (n + d) * (components + oversamples),
        };
    }

    /// <summary>The solver <see cref="PcaSolver.Auto"/> resolves to for an n×d matrix and k components (scikit-learn ≥ 1.5's rule).</summary>
    public static PcaSolver ChooseSolver(int rows, int features, int components, PcaSolver requested)
    {
        if (requested != PcaSolver.Auto) return requested;
        if (features <= 1000 && rows >= 10L * features) return PcaSolver.CovarianceEigh;
        if (Math.Max(rows, features) <= 500) return PcaSolver.Full;
        if (components < 0.8 * Math.Min(rows, features)) return PcaSolver.Randomized;
        return PcaSolver.Full;
    }

    /// <summary>
    /// Largest ratio of the squared mean offset (Σ μ²) to the total variance for which the covariance solver works on the
    /// uncentred Gram matrix and the model projects uncentred rows; beyond it rows are centred first (the float32 relative
    /// error of the uncentred forms grows with this ratio).
    /// </summary>
    private const double UncentredOffsetLimit = 100;

    private static PcaOptions Validate(PcaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Components, 1, nameof(PcaOptions.Components));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Oversamples, 0, nameof(PcaOptions.Oversamples));
        if (options.PowerIterations is { } iterations)
            ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 0, nameof(PcaOptions.PowerIterations));
        if (!Enum.IsDefined(options.Solver))
            throw new ArgumentOutOfRangeException(nameof(PcaOptions.Solver), options.Solver, "Unknown PCA solver.");
        return options;
    }
}
