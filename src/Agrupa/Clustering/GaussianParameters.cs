namespace Agrupa.Clustering;

/// <summary>
/// Parameters of a Gaussian mixture in scikit-learn's representation (<c>sklearn/mixture/_gaussian_mixture.py</c>):
/// weights, means, covariances and the Cholesky factors of the precision matrices, plus the two EM steps that use them
/// (<see cref="Estimate"/> is the M-step, <see cref="WeightedLogProbabilities"/> + <see cref="Normalize"/> the
/// E-step). All arithmetic is float64.
/// </summary>
/// <remarks>
/// Layouts: <see cref="Means"/> k×d. <see cref="Covariances"/> and <see cref="PrecisionCholesky"/>: full k×d×d,
/// tied d×d, diagonal k×d, spherical k. For full and tied, the precision Cholesky factor U is upper triangular with
/// precision = U Uᵀ (scikit-learn's <c>precisions_cholesky_</c>: the transposed inverse of the covariance's lower
/// Cholesky factor), so the Mahalanobis term is ‖(x − μ)ᵀU‖².
/// </remarks>
internal sealed class GaussianParameters
{
    /// <summary>float64 machine epsilon (numpy's <c>np.finfo(np.float64).eps</c>).</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    private GaussianParameters(CovarianceType type, int k, int d, double[] weights, double[] means, double[] covariances)
    {
        Type = type;
        Components = k;
        Features = d;
        Weights = weights;
        Means = means;
        Covariances = covariances;
        PrecisionCholesky = new double[covariances.Length];
        LogDeterminants = new double[k];
        ComputePrecisionCholesky();
    }

    /// <summary>Parameters from stored weights, means and covariances (the precision factors are recomputed); used when loading a model file.</summary>
    /// <exception cref="InvalidOperationException">A covariance matrix is not positive definite.</exception>
    internal static GaussianParameters FromMoments(CovarianceType type, int k, int d, double[] weights, double[] means, double[] covariances) =>
        new(type, k, d, weights, means, covariances);

    public CovarianceType Type { get; }
    public int Components { get; }
    public int Features { get; }
    public double[] Weights { get; }
    public double[] Means { get; }
    public double[] Covariances { get; }
    public double[] PrecisionCholesky { get; }

    /// <summary>log det of each component's precision Cholesky factor (half the log det of the precision).</summary>
    public double[] LogDeterminants { get; }

    /// <summary>
    /// The M-step (<c>_estimate_gaussian_parameters</c>): nk = Σᵢ rᵢₖ + 10ε, means = Σ r x / nk, covariances by type
    /// with <paramref name="regularization"/> on the diagonal; weights nk / Σ nk.
    /// </summary>
    /// <exception cref="InvalidOperationException">A covariance matrix is not positive definite.</exception>
    public static GaussianParameters Estimate(double[] x, int n, int d, double[] responsibilities, int k, CovarianceType type, double regularization)
    {
        var partitions = new RowPartitions(n, CenterKernels.PartitionRows,
            (int)Math.Max(1, 16_000_000L / Math.Max(1L, (long)k * d * (type is CovarianceType.Full or CovarianceType.Tied ? d : 1))));
        // Pass 1: component masses and weighted sums.
        var massParts = new double[partitions.Count][];
        var sumParts = new double[partitions.Count][];
        partitions.ForEach(p => (massParts[p], sumParts[p]) = MassesAndSums(x, d, k, responsibilities, partitions.Start(p), partitions.Start(p) + partitions.Length(p)));
        var nk = new double[k];
        var means = new double[k * d];
        for (int p = 0; p < partitions.Count; p++)
        {
            for (int c = 0; c < k; c++) nk[c] += massParts[p][c];
            for (int j = 0; j < k * d; j++) means[j] += sumParts[p][j];
        }
        for (int c = 0; c < k; c++)
        {
            nk[c] += 10 * MachineEpsilon;                               // scikit-learn: 10 * np.finfo(float64).eps
            for (int j = 0; j < d; j++) means[c * d + j] /= nk[c];
        }

        // Pass 2: scatter around the means (full/tied: lower triangle; diagonal/spherical: per feature).
        bool matrix = type is CovarianceType.Full or CovarianceType.Tied;
        int perComponent = matrix ? d * d : d;
        var scatterParts = new double[partitions.Count][];
        partitions.ForEach(p => scatterParts[p] = matrix
            ? ScatterMatrices(x, d, k, responsibilities, means, partitions.Start(p), partitions.Start(p) + partitions.Length(p))
            : ScatterDiagonals(x, d, k, responsibilities, means, partitions.Start(p), partitions.Start(p) + partitions.Length(p)));
        var scatterTotal = new double[k * perComponent];
        foreach (double[] part in scatterParts)
            for (int j = 0; j < part.Length; j++) scatterTotal[j] += part[j];

        double[] covariances;
        switch (type)
        {
            case CovarianceType.Full:
                covariances = new double[k * d * d];
                for (int c = 0; c < k; c++)
                    for (int a = 0; a < d; a++)
                        for (int b = 0; b <= a; b++)
                        {
                            double value = scatterTotal[c * d * d + a * d + b] / nk[c] + (a == b ? regularization : 0);
                            covariances[c * d * d + a * d + b] = value;
                            covariances[c * d * d + b * d + a] = value;
                        }
                break;
            case CovarianceType.Tied:
                covariances = new double[d * d];
                double totalMass = nk.Sum();
                for (int a = 0; a < d; a++)
                    for (int b = 0; b <= a; b++)
                    {
                        double sum = 0;
                        for (int c = 0; c < k; c++) sum += scatterTotal[c * d * d + a * d + b];
                        double value = sum / totalMass + (a == b ? regularization : 0);
                        covariances[a * d + b] = value;
                        covariances[b * d + a] = value;
                    }
                break;
            case CovarianceType.Diagonal:
                covariances = new double[k * d];
                for (int c = 0; c < k; c++)
                    for (int j = 0; j < d; j++) covariances[c * d + j] = scatterTotal[c * d + j] / nk[c] + regularization;
                break;
            default:
                covariances = new double[k];
                for (int c = 0; c < k; c++)
                {
                    double sum = 0;
                    for (int j = 0; j < d; j++) sum += scatterTotal[c * d + j] / nk[c] + regularization;
                    covariances[c] = sum / d;
                }
                break;
        }
        double mass = nk.Sum();
        var weights = nk.Select(m => m / mass).ToArray();
        return new GaussianParameters(type, k, d, weights, means, covariances);
    }

    /// <summary>Σᵢ rᵢₖ and Σᵢ rᵢₖ xᵢ for rows [start, end).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (double[] Mass, double[] Sums) MassesAndSums(double[] x, int d, int k, double[] responsibilities, int start, int end)
    {
        var mass = new double[k];
        var sums = new double[k * d];
        for (int i = start; i < end; i++)
        {
            int rowOffset = i * d, responsibilityOffset = i * k;
            for (int c = 0; c < k; c++)
            {
                double r = responsibilities[responsibilityOffset + c];
                if (r == 0) continue;
                mass[c] += r;
                int sumOffset = c * d;
                for (int j = 0; j < d; j++) sums[sumOffset + j] += r * x[rowOffset + j];
            }
        }
        return (mass, sums);
    }

    /// <summary>Σᵢ rᵢₖ (xᵢ − μₖ)(xᵢ − μₖ)ᵀ for rows [start, end): k full d×d matrices (rows padded to a multiple of four
    /// doubles while accumulating, so each outer-product row is a few 256-bit FMAs).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static unsafe double[] ScatterMatrices(double[] x, int d, int k, double[] responsibilities, double[] means, int start, int end)
    {
        int padded = (d + 3) / 4 * 4;
        var scatter = new double[k * d * padded];
        var diff = new double[padded];
        fixed (double* s = scatter)
        fixed (double* f = diff)
            for (int i = start; i < end; i++)
            {
                int rowOffset = i * d, responsibilityOffset = i * k;
                for (int c = 0; c < k; c++)
                {
                    double r = responsibilities[responsibilityOffset + c];
                    if (r == 0) continue;
                    int meanOffset = c * d;
                    for (int j = 0; j < d; j++) f[j] = x[rowOffset + j] - means[meanOffset + j];
                    double* component = s + c * d * padded;
                    for (int a = 0; a < d; a++)
                    {
                        var ra = System.Runtime.Intrinsics.Vector256.Create(r * f[a]);
                        double* target = component + a * padded;
                        for (int b = 0; b < padded; b += 4)
                            System.Runtime.Intrinsics.Vector256.Store(System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(ra,
                                System.Runtime.Intrinsics.Vector256.Load(f + b), System.Runtime.Intrinsics.Vector256.Load(target + b)), target + b);
                    }
                }
            }
        // Fold to k × d × d.
        var result = new double[k * d * d];
        for (int c = 0; c < k; c++)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) result[(c * d + a) * d + b] = scatter[(c * d + a) * padded + b];
        return result;
    }

    /// <summary>Σᵢ rᵢₖ (xᵢⱼ − μₖⱼ)² for rows [start, end): k × d values.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double[] ScatterDiagonals(double[] x, int d, int k, double[] responsibilities, double[] means, int start, int end)
    {
        var scatter = new double[k * d];
        for (int i = start; i < end; i++)
        {
            int rowOffset = i * d, responsibilityOffset = i * k;
            for (int c = 0; c < k; c++)
            {
                double r = responsibilities[responsibilityOffset + c];
                if (r == 0) continue;
                int meanOffset = c * d, scatterOffset = c * d;
                for (int j = 0; j < d; j++)
                {
                    double diff = x[rowOffset + j] - means[meanOffset + j];
                    scatter[scatterOffset + j] += r * diff * diff;
                }
            }
        }
        return scatter;
    }

    /// <summary>
    /// log(wₖ) + log N(xᵢ | μₖ, Σₖ) for every row and component into <paramref name="output"/> (n×k)
    /// (<c>_estimate_weighted_log_prob</c>).
    /// </summary>
    public void WeightedLogProbabilities(double[] x, int n, double[] output)
    {
        var logWeights = Weights.Select(w => Math.Log(w)).ToArray();
        var partitions = new RowPartitions(n);
        if (Type is CovarianceType.Full or CovarianceType.Tied)
        {
            (double[] stacked, double[] offsets, int padded) = StackedFactors();
            partitions.ForEach(p => MatrixLogProbabilities(x, Features, Components, stacked, offsets, padded, LogDeterminants, logWeights,
                partitions.Start(p), partitions.Start(p) + partitions.Length(p), output));
        }
        else
            partitions.ForEach(p => DiagonalLogProbabilities(partitions.Start(p), partitions.Start(p) + partitions.Length(p), x, logWeights, output));
    }

    /// <summary>
    /// The precision factors of all components side by side, W[l, c·P + j] = Uₖ[l, j] (P = d rounded up to four), and
    /// B[c·P + j] = (μₖᵀUₖ)[j], so that (x − μₖ)ᵀUₖ = xᵀW − B for all components in one pass (scikit-learn computes
    /// <c>X @ prec_chol − mu @ prec_chol</c> the same way).
    /// </summary>
    private (double[] Stacked, double[] Offsets, int Padded) StackedFactors()
    {
        int k = Components, d = Features, padded = (d + 3) / 4 * 4, width = k * padded;
        var stacked = new double[d * width];
        var offsets = new double[width];
        for (int c = 0; c < k; c++)
        {
            int u = Type == CovarianceType.Full ? c * d * d : 0;
            for (int l = 0; l < d; l++)
                for (int j = l; j < d; j++)
                {
                    double value = PrecisionCholesky[u + l * d + j];
                    stacked[l * width + c * padded + j] = value;
                    offsets[c * padded + j] += Means[c * d + l] * value;
                }
        }
        return (stacked, offsets, padded);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MatrixLogProbabilities(double[] x, int d, int k, double[] stacked, double[] offsets, int padded,
        double[] logDeterminants, double[] logWeights, int start, int end, double[] output)
    {
        int width = k * padded;
        double constant = d * Math.Log(2 * Math.PI);
        var y = new double[width];
        fixed (double* w = stacked)
        fixed (double* b = offsets)
        fixed (double* yy = y)
        fixed (double* rows = x)
            for (int i = start; i < end; i++)
            {
                double* row = rows + (long)i * d;
                for (int j = 0; j < width; j += 4)
                    System.Runtime.Intrinsics.Vector256.Store(-System.Runtime.Intrinsics.Vector256.Load(b + j), yy + j);
                for (int l = 0; l < d; l++)
                {
                    var xl = System.Runtime.Intrinsics.Vector256.Create(row[l]);
                    double* wl = w + l * width;
                    for (int j = 0; j < width; j += 4)
                        System.Runtime.Intrinsics.Vector256.Store(System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(xl,
                            System.Runtime.Intrinsics.Vector256.Load(wl + j), System.Runtime.Intrinsics.Vector256.Load(yy + j)), yy + j);
                }
                for (int c = 0; c < k; c++)
                {
                    var acc = System.Runtime.Intrinsics.Vector256<double>.Zero;
                    double* yc = yy + c * padded;
                    for (int j = 0; j < padded; j += 4)
                    {
                        var v = System.Runtime.Intrinsics.Vector256.Load(yc + j);
                        acc = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(v, v, acc);
                    }
                    double mahalanobis = System.Runtime.Intrinsics.Vector256.Sum(acc);
                    output[(long)i * k + c] = -0.5 * (constant + mahalanobis) + logDeterminants[c] + logWeights[c];
                }
            }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void DiagonalLogProbabilities(int start, int end, double[] x, double[] logWeights, double[] output)
    {
        int k = Components, d = Features;
        double constant = d * Math.Log(2 * Math.PI);
        bool diagonal = Type == CovarianceType.Diagonal;
        double[] factors = PrecisionCholesky, means = Means, logDeterminants = LogDeterminants;
        for (int i = start; i < end; i++)
        {
            int rowOffset = i * d;
            for (int c = 0; c < k; c++)
            {
                int meanOffset = c * d;
                double mahalanobis = 0;
                if (diagonal)
                    for (int j = 0; j < d; j++)
                    {
                        double y = (x[rowOffset + j] - means[meanOffset + j]) * factors[meanOffset + j];
                        mahalanobis += y * y;
                    }
                else
                {
                    for (int j = 0; j < d; j++)
                    {
                        double diff = x[rowOffset + j] - means[meanOffset + j];
                        mahalanobis += diff * diff;
                    }
                    mahalanobis *= factors[c] * factors[c];
                }
                output[(long)i * k + c] = -0.5 * (constant + mahalanobis) + logDeterminants[c] + logWeights[c];
            }
        }
    }

    /// <summary>
    /// Turns weighted log probabilities (n×k) into log responsibilities in place by log-sum-exp per row and returns
    /// the mean of the per-row log-sum-exp (the average log-likelihood, scikit-learn's lower bound); when
    /// <paramref name="responsibilities"/> is given, also writes the responsibilities themselves (exp of the log ones).
    /// </summary>
    public static double Normalize(double[] logProbabilities, int n, int k, double[]? responsibilities = null)
    {
        var partitions = new RowPartitions(n);
        var partial = new double[partitions.Count];
        partitions.ForEach(p => partial[p] = NormalizeRows(logProbabilities, k, partitions.Start(p), partitions.Start(p) + partitions.Length(p), responsibilities));
        return partial.Sum() / n;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double NormalizeRows(double[] logProbabilities, int k, int start, int end, double[]? responsibilities)
    {
        int count = end - start;
        var maxima = new double[count];
        var shifted = new double[count * k];
        for (int i = 0; i < count; i++)
        {
            var row = new ReadOnlySpan<double>(logProbabilities, (start + i) * k, k);
            double max = double.NegativeInfinity;
            foreach (double value in row) if (value > max) max = value;
            maxima[i] = max;
            for (int c = 0; c < k; c++) shifted[i * k + c] = row[c] - max;
        }
        System.Numerics.Tensors.TensorPrimitives.Exp(shifted, shifted);
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            var exponentials = new ReadOnlySpan<double>(shifted, i * k, k);
            double sum = 0;
            foreach (double value in exponentials) sum += value;
            double logSum = maxima[i] + Math.Log(sum);
            var row = new Span<double>(logProbabilities, (start + i) * k, k);
            for (int c = 0; c < k; c++) row[c] -= logSum;
            if (responsibilities is not null)
                for (int c = 0; c < k; c++) responsibilities[(start + i) * k + c] = exponentials[c] / sum;
            total += logSum;
        }
        return total;
    }

    /// <summary>Free parameters of the model (scikit-learn's <c>_n_parameters</c>), for BIC and AIC.</summary>
    public int ParameterCount
    {
        get
        {
            int k = Components, d = Features;
            double covariance = Type switch
            {
                CovarianceType.Full => k * d * (d + 1) / 2.0,
                CovarianceType.Tied => d * (d + 1) / 2.0,
                CovarianceType.Diagonal => k * d,
                _ => k,
            };
            return (int)(covariance + d * k + k - 1);
        }
    }

    /// <summary><c>_compute_precision_cholesky</c>: Cholesky of each covariance, then its inverse transposed.</summary>
    private void ComputePrecisionCholesky()
    {
        int k = Components, d = Features;
        const string Failure = "Fitting the Gaussian mixture failed because some components have ill-defined empirical covariance " +
            "(for instance caused by singleton or collapsed samples). Try to decrease the number of components, increase " +
            "CovarianceRegularization, or scale the input data.";
        switch (Type)
        {
            case CovarianceType.Full:
            case CovarianceType.Tied:
            {
                int matrices = Type == CovarianceType.Full ? k : 1;
                for (int c = 0; c < matrices; c++)
                {
                    var covariance = new ReadOnlySpan<double>(Covariances, c * d * d, d * d);
                    var factor = new Span<double>(PrecisionCholesky, c * d * d, d * d);
                    if (!InverseCholeskyTransposed(covariance, factor, d)) throw new InvalidOperationException(Failure);
                }
                for (int c = 0; c < k; c++)
                {
                    int offset = Type == CovarianceType.Full ? c * d * d : 0;
                    double logDet = 0;
                    for (int j = 0; j < d; j++) logDet += Math.Log(PrecisionCholesky[offset + j * d + j]);
                    LogDeterminants[c] = logDet;
                }
                break;
            }
            case CovarianceType.Diagonal:
                for (int c = 0; c < k; c++)
                {
                    double logDet = 0;
                    for (int j = 0; j < d; j++)
                    {
                        double variance = Covariances[c * d + j];
                        if (!(variance > 0)) throw new InvalidOperationException(Failure);
                        PrecisionCholesky[c * d + j] = 1 / Math.Sqrt(variance);
                        logDet += Math.Log(PrecisionCholesky[c * d + j]);
                    }
                    LogDeterminants[c] = logDet;
                }
                break;
            default:
                for (int c = 0; c < k; c++)
                {
                    double variance = Covariances[c];
                    if (!(variance > 0)) throw new InvalidOperationException(Failure);
                    PrecisionCholesky[c] = 1 / Math.Sqrt(variance);
                    LogDeterminants[c] = d * Math.Log(PrecisionCholesky[c]);
                }
                break;
        }
    }

    /// <summary>
    /// U = (L⁻¹)ᵀ for the lower Cholesky factor L of <paramref name="covariance"/> (d×d); false if not positive definite.
    /// </summary>
    private static bool InverseCholeskyTransposed(ReadOnlySpan<double> covariance, Span<double> result, int d)
    {
        var lower = new double[d * d];
        for (int j = 0; j < d; j++)
        {
            double diagonal = covariance[j * d + j];
            for (int m = 0; m < j; m++) diagonal -= lower[j * d + m] * lower[j * d + m];
            if (!(diagonal > 0)) return false;
            double root = Math.Sqrt(diagonal);
            lower[j * d + j] = root;
            for (int i = j + 1; i < d; i++)
            {
                double value = covariance[i * d + j];
                for (int m = 0; m < j; m++) value -= lower[i * d + m] * lower[j * d + m];
                lower[i * d + j] = value / root;
            }
        }
        // Inverse of the lower triangular L by forward substitution, column by column: L · inv[:, c] = e_c.
        result.Clear();
        for (int c = 0; c < d; c++)
            for (int i = c; i < d; i++)
            {
                double value = i == c ? 1.0 : 0.0;
                for (int m = c; m < i; m++) value -= lower[i * d + m] * result[m * d + c];
                result[i * d + c] = value / lower[i * d + i];
            }
        // result now holds L⁻¹ (lower) — transpose in place to get U = (L⁻¹)ᵀ (upper).
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++)
                (result[i * d + j], result[j * d + i]) = (result[j * d + i], result[i * d + j]);
        return true;
    }
}
