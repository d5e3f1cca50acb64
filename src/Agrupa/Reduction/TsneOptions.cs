namespace Agrupa.Reduction;

/// <summary>
/// Options for <see cref="Tsne"/>. Defaults follow scikit-learn's <c>TSNE</c> (perplexity 30, early exaggeration 12
/// for 250 iterations, momentum 0.5 then 0.8, gains +0.2 / ×0.8 with minimum 0.01, 1000 iterations, PCA start) and
/// FIt-SNE / openTSNE for the accelerated gradients (θ = 0.5, 3 interpolation points per interval, at least 50
/// intervals, steps clipped at norm 5).
/// </summary>
/// <remarks>
/// Gradient convention: Agrupa's gradient is ∂KL/∂yᵢ / 4 = Σⱼ (pᵢⱼ − qᵢⱼ) wᵢⱼ (yᵢ − yⱼ) with wᵢⱼ = 1/(1 + ‖yᵢ − yⱼ‖²),
/// as in FIt-SNE and openTSNE. scikit-learn keeps the factor 4 and so divides its automatic learning rate by 4:
/// sklearn's <c>max(n / early_exaggeration / 4, 50)</c> on its gradient is exactly this library's
/// <c>max(n / early_exaggeration, 200)</c> on this gradient (Belkina et al., Nature Communications 2019;
/// Kobak &amp; Berens, Nature Communications 2019).
/// </remarks>
public sealed record TsneOptions
{
    /// <summary>Output dimension; 2 for Barnes–Hut and FFT, any value ≥ 1 with the exact gradient.</summary>
    public int Dimensions { get; init; } = 2;

    /// <summary>
    /// Effective number of neighbours each point's Gaussian is calibrated to (van der Maaten &amp; Hinton 2008: 5–50).
    /// Higher keeps more global structure, lower more local detail. The k-NN graph holds min(n − 1, ⌊3·perplexity⌋)
    /// neighbours (openTSNE). Must be positive and below n.
    /// </summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Factor multiplying P during the first <see cref="EarlyExaggerationIterations"/> iterations (12, sklearn / FIt-SNE / openTSNE).</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Length of the early exaggeration phase (250, sklearn's <c>_EXPLORATION_MAX_ITER</c>, FIt-SNE's <c>stop_early_exag_iter</c>).</summary>
    public int EarlyExaggerationIterations { get; init; } = 250;

    /// <summary>Total iterations including the early exaggeration phase (1000, sklearn's <c>max_iter</c>; FIt-SNE uses 750).</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>
    /// Learning rate; null = automatic, max(n / <see cref="EarlyExaggeration"/>, 200) in this library's gradient
    /// convention (see the remarks: the same steps as sklearn's <c>learning_rate='auto'</c>).
    /// </summary>
    public double? LearningRate { get; init; }

    /// <summary>Momentum during early exaggeration (0.5, sklearn and FIt-SNE).</summary>
    public double InitialMomentum { get; init; } = 0.5;

    /// <summary>Momentum after early exaggeration (0.8, sklearn and FIt-SNE).</summary>
    public double FinalMomentum { get; init; } = 0.8;

    /// <summary>Lower bound of the per-coordinate adaptive gains (0.01, sklearn's <c>min_gain</c>; Jacobs 1988 delta-bar-delta).</summary>
    public double MinGain { get; init; } = 0.01;

    /// <summary>Largest Euclidean norm of one point's step per iteration (5, FIt-SNE and openTSNE); null disables clipping.</summary>
    public double? MaxStepNorm { get; init; } = 5;

    /// <summary>Repulsive-gradient method (see <see cref="TsneGradientMethod"/>).</summary>
    public TsneGradientMethod Method { get; init; } = TsneGradientMethod.Auto;

    /// <summary>With <see cref="TsneGradientMethod.Auto"/>, data sets of at most this many rows use the exact gradient (1000).</summary>
    public int ExactMaxCount { get; init; } = 1000;

    /// <summary>Barnes–Hut opening angle θ: a cell of width w at distance d is summarised when w / d &lt; θ (0.5, sklearn / openTSNE).</summary>
    public double Theta { get; init; } = 0.5;

    /// <summary>Lagrange interpolation nodes per interval and axis for the FFT gradient (3, FIt-SNE's <c>nterms</c>).</summary>
    public int InterpolationPoints { get; init; } = 3;

    /// <summary>Minimum number of grid intervals per axis for the FFT gradient (50, FIt-SNE's <c>min_num_intervals</c>).</summary>
    public int MinIntervals { get; init; } = 50;

    /// <summary>Grid intervals per unit of embedding extent for the FFT gradient (1, FIt-SNE's <c>intervals_per_integer</c>).</summary>
    public double IntervalsPerUnit { get; init; } = 1;

    /// <summary>Starting layout (PCA, as sklearn ≥ 1.2, openTSNE and FIt-SNE).</summary>
    public TsneInitialization Initialization { get; init; } = TsneInitialization.Pca;

    /// <summary>Seed of the random initialisation and of the PCA's start; same seed and threads → same embedding.</summary>
    public int Seed { get; init; }

    /// <summary>Iterations between progress reports carrying the KL divergence (50, sklearn's <c>n_iter_check</c>).</summary>
    public int ReportEvery { get; init; } = 50;
}
