using System.Diagnostics;
using Agrupa.Data;
using Agrupa.Neighbors;
using Agrupa.Runtime;

namespace Agrupa.Reduction;

/// <summary>
/// t-distributed stochastic neighbour embedding (van der Maaten &amp; Hinton, "Visualizing data using t-SNE", JMLR 9,
/// 2008), with the Barnes–Hut (van der Maaten, JMLR 15, 2014) and FFT-interpolation (Linderman et al., Nature Methods
/// 16, 2019) gradients for large n.
/// </summary>
/// <remarks>
/// Stages, as in the papers: (1) <see cref="TsneAffinities"/>: exact k-NN with k = min(n − 1, ⌊3·perplexity⌋) (all
/// n − 1 for the exact method), per-point bisection on the Gaussian precision so that the entropy is log(perplexity),
/// symmetrised sparse P; (2) a start layout (PCA scaled to std 1e-4, or Gaussian noise); (3) gradient descent on
/// KL(P ‖ Q) with early exaggeration, momentum and delta-bar-delta gains as scikit-learn's <c>_gradient_descent</c>, plus
/// FIt-SNE's step clipping. The repulsive term is exact, Barnes–Hut or FFT (<see cref="TsneGradientMethod"/>). Every
/// parallel loop writes per-point slots that are summed in index order: the same seed gives the same embedding,
/// whatever the thread count.
/// </remarks>
public sealed class Tsne : IReducer
{
    /// <summary>
    /// Data sets of at least this many rows use the FFT gradient under <see cref="TsneGradientMethod.Auto"/>. openTSNE
    /// switches at 10,000; measured here (Fashion-MNIST PCA-50, 2 threads, 1,000 iterations) Barnes–Hut took 17–21 s at
    /// 10k, 37 s at 20k and 100 s at 40k, FFT 36–43 s, 60 s and 99 s — equal near 40k — and Barnes–Hut's KL was 2–3 %
    /// lower at every size.
    /// </summary>
    public const int FftThreshold = 40_000;

    private readonly TsneOptions _options;

    /// <summary>Creates the estimator; the options are checked here.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public Tsne(TsneOptions? options = null) => _options = Validate(options ?? new TsneOptions());

    /// <summary>The options in force.</summary>
    public TsneOptions Options => _options;

    /// <inheritdoc />
    public string Name => $"tsne{_options.Dimensions}";

    /// <inheritdoc />
    public int Dimensions => _options.Dimensions;

    IReductionModel IReducer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, progress, cancellationToken);

    /// <summary>Only the random start uses the seed: the PCA start, the exact neighbour search and the gradients are deterministic.</summary>
    public bool DependsOnSeed(int rows, int features) => _options.Initialization == TsneInitialization.Random;

    /// <summary>Embeds the rows of <paramref name="data"/>; reports the KL divergence every <see cref="TsneOptions.ReportEvery"/> iterations.</summary>
    /// <exception cref="ArgumentException">Fewer than 3 rows, perplexity not below the row count, a NaN or infinite value, or a 2-D-only method with another output dimension.</exception>
    /// <exception cref="MemoryLimitException">The neighbour graph and affinities (all n² pairs for the exact gradient) would not fit in the available memory.</exception>
    public TsneModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Count;
        if (n < 3) throw new ArgumentException($"t-SNE needs at least 3 rows; got {n}.", nameof(data));
        if (_options.Perplexity >= n)
            throw new ArgumentException($"Perplexity ({_options.Perplexity}) must be less than the number of rows ({n}).", nameof(data));
        FiniteCheck.Require(data.FeatureArray, data.FeatureCount, "t-SNE", nameof(data));
        TsneGradientMethod method = ResolveMethod(n);
        int neighborCount = method == TsneGradientMethod.Exact ? n - 1 : Math.Min(n - 1, (int)(3 * _options.Perplexity));
        neighborCount = Math.Max(1, neighborCount);
        // k-NN search, the affinities and their symmetrised copy: about 60 bytes per (row, neighbour) pair; n² for Exact.
        MemoryGuard.Require(60.0 * n * (neighborCount + 1), $"t-SNE ({method}) on {n:N0} rows with {neighborCount:N0} neighbours each",
            method == TsneGradientMethod.Exact
                ? "Exact t-SNE keeps all n² affinities: use Method = BarnesHut or Fft (Dimensions = 2), or embed a sample."
                : "Lower the perplexity or embed a sample.");

        progress?.Report(new TrainingProgress { Stage = "t-SNE affinities", Message = $"{neighborCount} nearest neighbours of {n} points" });
        NeighborGraph graph = ExactNeighbors.Search(data, neighborCount + 1, cancellationToken);
        TsneAffinityMatrix affinities = TsneAffinities.FromNeighbors(graph, _options.Perplexity, cancellationToken);

        double[] layout = _options.Initialization == TsneInitialization.Pca
            ? TsnePcaInitialization.Compute(data.FeatureArray, n, data.FeatureCount, _options.Dimensions)
            : RandomLayout(n, _options.Dimensions, _options.Seed);
        var history = new List<(int, double)>();
        double kl = Optimize(affinities, layout, CreateRepulsion(method, n), history, progress, cancellationToken);

        var features = new float[layout.Length];
        for (int t = 0; t < layout.Length; t++) features[t] = (float)layout[t];
        Dataset embedding = data.WithFeatures(features, _options.Dimensions);
        return new TsneModel(embedding, kl, _options.Iterations, method, neighborCount, history);
    }

    /// <summary>
    /// The exact KL(P ‖ Q) of any layout of <paramref name="data"/>'s rows (e.g. another library's t-SNE embedding), P
    /// built as <see cref="Fit"/> builds it with k = min(n − 1, ⌊3·perplexity⌋) neighbours, Q with the exact normaliser.
    /// O(n²) time, O(n·k) memory.
    /// </summary>
    public static double KlDivergence(Dataset data, Dataset embedding, double perplexity = 30)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(embedding);
        if (embedding.Count != data.Count)
            throw new ArgumentException($"The embedding has {embedding.Count} rows, the data {data.Count}.", nameof(embedding));
        if (!(perplexity > 0) || perplexity >= data.Count)
            throw new ArgumentOutOfRangeException(nameof(perplexity), perplexity, $"Perplexity must be positive and less than the number of rows ({data.Count}).");
        int k = Math.Max(1, Math.Min(data.Count - 1, (int)(3 * perplexity)));
        TsneAffinityMatrix affinities = TsneAffinities.FromNeighbors(ExactNeighbors.Search(data, k + 1), perplexity);
        int dims = embedding.FeatureCount;
        double[] layout = new double[embedding.FeatureArray.Length];
        for (int t = 0; t < layout.Length; t++) layout[t] = embedding.FeatureArray[t];
        return Gradient(affinities, layout, dims, new TsneExactRepulsion(data.Count, dims), 1,
            new double[layout.Length], new double[layout.Length], new double[data.Count]);
    }

    /// <summary>The method <see cref="TsneGradientMethod.Auto"/> stands for with n rows (any other value is returned as is).</summary>
    public TsneGradientMethod ResolveMethod(int count)
    {
        TsneGradientMethod method = _options.Method;
        if (method is TsneGradientMethod.BarnesHut or TsneGradientMethod.Fft && _options.Dimensions != 2)
            throw new ArgumentException($"The {method} gradient needs Dimensions = 2 (got {_options.Dimensions}); use Method = Exact.", nameof(TsneOptions.Method));
        if (method != TsneGradientMethod.Auto) return method;
        if (_options.Dimensions != 2 || count <= _options.ExactMaxCount) return TsneGradientMethod.Exact;
        return count < FftThreshold ? TsneGradientMethod.BarnesHut : TsneGradientMethod.Fft;
    }

    private ITsneRepulsion CreateRepulsion(TsneGradientMethod method, int count) => method switch
    {
        TsneGradientMethod.Exact => new TsneExactRepulsion(count, _options.Dimensions),
        TsneGradientMethod.BarnesHut => new TsneBarnesHut(count, _options.Theta),
        _ => new TsneFftInterpolation(count, _options.InterpolationPoints, _options.MinIntervals, _options.IntervalsPerUnit),
    };

    /// <summary>
    /// Gradient descent on KL(P ‖ Q) from <paramref name="layout"/> (updated in place), following sklearn's
    /// <c>_gradient_descent</c>: gains grow by 0.2 where the step and the gradient disagree in sign and shrink by ×0.8
    /// elsewhere (at least <see cref="TsneOptions.MinGain"/>), step = momentum · step − rate · gain · gradient; each point's
    /// step is then clipped at <see cref="TsneOptions.MaxStepNorm"/> (FIt-SNE). Returns the final KL divergence.
    /// </summary>
    internal double Optimize(TsneAffinityMatrix affinities, double[] layout, ITsneRepulsion repulsion,
        List<(int, double)> history, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        int n = affinities.Count, dims = _options.Dimensions;
        double rate = _options.LearningRate ?? Math.Max(n / _options.EarlyExaggeration, 200);
        var gradient = new double[layout.Length];
        var repulsive = new double[layout.Length];
        var update = new double[layout.Length];
        var gains = new double[layout.Length];
        var klTerms = new double[n];
        Array.Fill(gains, 1.0);
        double minGain = _options.MinGain, maxStep = _options.MaxStepNorm ?? double.PositiveInfinity;
        double kl = double.NaN;
        var clock = Stopwatch.StartNew();
        for (int iteration = 0; iteration < _options.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool exploring = iteration < _options.EarlyExaggerationIterations;
            double exaggeration = exploring ? _options.EarlyExaggeration : 1;
            double momentum = exploring ? _options.InitialMomentum : _options.FinalMomentum;
            bool report = (iteration + 1) % _options.ReportEvery == 0 || iteration == _options.Iterations - 1;
            double current = Gradient(affinities, layout, dims, repulsion, exaggeration, gradient, repulsive, report ? klTerms : null);
            Parallel.For(0, n, ThreadBudget.Options, i =>
            {
                int start = i * dims;
                double norm = 0;
                for (int d = start; d < start + dims; d++)
                {
                    double g = gradient[d];
                    gains[d] = update[d] * g < 0 ? gains[d] + 0.2 : Math.Max(gains[d] * 0.8, minGain);
                    if (gains[d] < minGain) gains[d] = minGain;
                    update[d] = momentum * update[d] - rate * gains[d] * g;
                    norm += update[d] * update[d];
                }
                norm = Math.Sqrt(norm);
                double scale = norm > maxStep ? maxStep / norm : 1;
                for (int d = start; d < start + dims; d++)
                {
                    update[d] *= scale;
                    layout[d] += update[d];
                }
            });
            if (report)
            {
                kl = current;
                history.Add((iteration + 1, kl));
                TimeSpan elapsed = clock.Elapsed;
                progress?.Report(new TrainingProgress
                {
                    Stage = exploring ? "t-SNE early exaggeration" : "t-SNE",
                    Epoch = iteration + 1,
                    TotalEpochs = _options.Iterations,
                    Losses = new Dictionary<string, double> { ["kl"] = kl },
                    SamplesPerSecond = n * (iteration + 1) / Math.Max(elapsed.TotalSeconds, 1e-9),
                    Remaining = elapsed / (iteration + 1) * (_options.Iterations - iteration - 1),
                });
            }
        }
        return kl;
    }

    /// <summary>
    /// The t-SNE gradient without sklearn's factor 4: gᵢ = α Σⱼ pᵢⱼ wᵢⱼ (yᵢ − yⱼ) − rᵢ / Z (α the exaggeration, rᵢ and Z
    /// from <paramref name="repulsion"/>). With <paramref name="klTerms"/> given, returns KL(P ‖ Q) = Σ pᵢⱼ log(pᵢⱼ / wᵢⱼ) + log Z
    /// for the un-exaggerated P (ΣP = 1), else NaN.
    /// </summary>
    internal static double Gradient(TsneAffinityMatrix affinities, double[] layout, int dims, ITsneRepulsion repulsion,
        double exaggeration, double[] gradient, double[] repulsive, double[]? klTerms)
    {
        double z = repulsion.Compute(layout, repulsive);
        double inverseZ = 1 / Math.Max(z, double.Epsilon);
        int[] rowStart = affinities.RowStart, columns = affinities.Columns;
        double[] values = affinities.Values;
        Parallel.For(0, affinities.Count, ThreadBudget.Options, i =>
        {
            Span<double> attraction = stackalloc double[dims];
            attraction.Clear();
            double terms = 0;
            int baseI = i * dims;
            for (int r = rowStart[i]; r < rowStart[i + 1]; r++)
            {
                int baseJ = columns[r] * dims;
                double squared = 0;
                for (int d = 0; d < dims; d++)
                {
                    double difference = layout[baseI + d] - layout[baseJ + d];
                    squared += difference * difference;
                }
                double w = 1 / (1 + squared);
                double pw = values[r] * w;
                for (int d = 0; d < dims; d++) attraction[d] += pw * (layout[baseI + d] - layout[baseJ + d]);
                if (klTerms is not null && values[r] > 0) terms += values[r] * Math.Log(values[r] / w);
            }
            for (int d = 0; d < dims; d++) gradient[baseI + d] = exaggeration * attraction[d] - repulsive[baseI + d] * inverseZ;
            if (klTerms is not null) klTerms[i] = terms;
        });
        if (klTerms is null) return double.NaN;
        double kl = Math.Log(z);
        for (int i = 0; i < affinities.Count; i++) kl += klTerms[i];
        return kl;
    }

    private static double[] RandomLayout(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var layout = new double[(long)count * dimensions];
        for (int t = 0; t < layout.Length; t++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            layout[t] = TsnePcaInitialization.TargetStandardDeviation * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return layout;
    }

    private static TsneOptions Validate(TsneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 1, nameof(options.Dimensions));
        if (!(options.Perplexity > 0) || double.IsInfinity(options.Perplexity))
            throw new ArgumentOutOfRangeException(nameof(options.Perplexity), options.Perplexity, "Perplexity must be a positive finite number.");
        if (!(options.EarlyExaggeration >= 1) || double.IsInfinity(options.EarlyExaggeration))
            throw new ArgumentOutOfRangeException(nameof(options.EarlyExaggeration), options.EarlyExaggeration, "EarlyExaggeration must be at least 1.");
        ArgumentOutOfRangeException.ThrowIfNegative(options.EarlyExaggerationIterations, nameof(options.EarlyExaggerationIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Iterations, 1, nameof(options.Iterations));
        if (options.LearningRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
            throw new ArgumentOutOfRangeException(nameof(options.LearningRate), rate, "LearningRate must be positive (or null for automatic).");
        if (!(options.InitialMomentum >= 0 && options.InitialMomentum < 1))
            throw new ArgumentOutOfRangeException(nameof(options.InitialMomentum), options.InitialMomentum, "InitialMomentum must be in [0, 1).");
        if (!(options.FinalMomentum >= 0 && options.FinalMomentum < 1))
            throw new ArgumentOutOfRangeException(nameof(options.FinalMomentum), options.FinalMomentum, "FinalMomentum must be in [0, 1).");
        if (!(options.MinGain > 0 && options.MinGain <= 1))
            throw new ArgumentOutOfRangeException(nameof(options.MinGain), options.MinGain, "MinGain must be in (0, 1].");
        if (options.MaxStepNorm is { } step && !(step > 0))
            throw new ArgumentOutOfRangeException(nameof(options.MaxStepNorm), step, "MaxStepNorm must be positive (or null for no clipping).");
        if (!Enum.IsDefined(options.Method))
            throw new ArgumentOutOfRangeException(nameof(options.Method), options.Method, "Unknown gradient method.");
        if (!Enum.IsDefined(options.Initialization))
            throw new ArgumentOutOfRangeException(nameof(options.Initialization), options.Initialization, "Unknown initialisation.");
        ArgumentOutOfRangeException.ThrowIfNegative(options.ExactMaxCount, nameof(options.ExactMaxCount));
        if (!(options.Theta >= 0 && options.Theta <= 1))
            throw new ArgumentOutOfRangeException(nameof(options.Theta), options.Theta, "Theta must be in [0, 1].");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InterpolationPoints, 1, nameof(options.InterpolationPoints));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinIntervals, 1, nameof(options.MinIntervals));
        if (!(options.IntervalsPerUnit > 0) || double.IsInfinity(options.IntervalsPerUnit))
            throw new ArgumentOutOfRangeException(nameof(options.IntervalsPerUnit), options.IntervalsPerUnit, "IntervalsPerUnit must be positive.");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReportEvery, 1, nameof(options.ReportEvery));
        return options;
    }
}
