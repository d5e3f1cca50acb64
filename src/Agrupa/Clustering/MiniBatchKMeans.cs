using Agrupa.Data;
using Agrupa.Runtime;

namespace Agrupa.Clustering;

/// <summary>
/// Mini-batch k-means (Sculley, "Web-scale k-means clustering", WWW 2010) with scikit-learn's semantics
/// (<c>MiniBatchKMeans</c>, <c>_mini_batch_step</c>, <c>_mini_batch_convergence</c>): k-means++ on a random init
/// sample; then each step draws a batch of rows with replacement, assigns them to the nearest centres and moves every
/// centre that received rows to the running weighted mean of all rows it has seen (per-centre learning rate 1/count);
/// centres with little accumulated weight are moved to random batch rows; the run stops when the exponentially
/// weighted average of the batch inertia has not improved for <see cref="MiniBatchKMeansOptions.MaxNoImprovement"/>
/// steps, or after MaxIterations passes. Labels and inertia come from a final full assignment pass.
/// </summary>
/// <remarks>
/// Memory: no copy of the data — batches are gathered and centred on the fly (only O(BatchSize·d + k·d) extra), which
/// is the point of the method on data that do not fit twice in memory. Each step costs O(BatchSize·k·d).
/// Differences from scikit-learn: random numbers from <see cref="Random"/>; rows are centred by the data mean before
/// distances are taken (scikit-learn's mini-batch variant does not centre).
/// </remarks>
public sealed unsafe class MiniBatchKMeans : IClusterer
{
    private readonly MiniBatchKMeansOptions _options;

    /// <summary>Creates the estimator; the options are validated here.</summary>
    public MiniBatchKMeans(MiniBatchKMeansOptions options)
    {
        _options = Validate(options);
    }

    /// <summary>The options in use.</summary>
    public MiniBatchKMeansOptions Options => _options;

    /// <inheritdoc />
    public string Name => "mini-batch k-means";

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        Fit(data, null, progress, cancellationToken);

    /// <summary>Fits mini-batch k-means to the rows of <paramref name="data"/>.</summary>
    public KMeansModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Fit(data, null, progress, cancellationToken);

    /// <summary>Fits mini-batch k-means with a weight per row.</summary>
    /// <exception cref="ArgumentException">Fewer rows than clusters, a NaN or infinite value (the message names the
    /// row), initial centres of the wrong size, or invalid weights.</exception>
    public KMeansModel Fit(Dataset data, IReadOnlyList<double>? sampleWeights, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Count, d = data.FeatureCount, k = _options.Clusters;
        if (n < k)
            throw new ArgumentException($"Mini-batch k-means needs at least as many rows as clusters: Clusters={k}, rows={n}.", nameof(data));
        if (_options.InitialCenters is { } given && given.Count != (long)k * d)
            throw new ArgumentException($"InitialCenters must hold Clusters × features = {k} × {d} = {(long)k * d} values, got {given.Count}.", nameof(data));
        FiniteCheck.Require(data.FeatureArray, d, "Mini-batch k-means", nameof(data));
        double[]? weights = sampleWeights is null ? null : CheckedWeights(sampleWeights, n);
        (double[] mean, double meanVariance) = Moments(data, _options.Tolerance > 0);
        var meanAsFloat = mean.Select(m => (float)m).ToArray();
        double tolerance = _options.Tolerance * meanVariance;

        var random = new Random(_options.Seed);
        int batchSize = Math.Min(_options.BatchSize, n);
        int initSize = Math.Min(_options.InitSize is { } size ? Math.Max(size, 3 * k) : Math.Max(3 * batchSize, 3 * k), n);

        // Seeding (scikit-learn: a validation sample first, then per restart a k-means++ run on its own init sample).
        int[] validation = RandomRows(random, n, initSize);
        float[] centers = null!;
        double bestValidationInertia = double.PositiveInfinity;
        int restarts = _options.InitialCenters is null ? _options.Restarts : 1;
        for (int restart = 0; restart < restarts; restart++)
        {
            float[] candidate;
            if (_options.InitialCenters is { } initial)
            {
                candidate = initial.ToArray();
                for (int i = 0; i < candidate.Length; i++) candidate[i] -= meanAsFloat[i % d];
            }
            else
            {
                int[] sample = RandomRows(random, n, initSize);
                CenteredRows seedRows = CenteredRows.From(data.Select(sample), weights is null ? null : sample.Select(i => weights[i]).ToArray(), "Mini-batch k-means");
                candidate = KMeansPlusPlus.Seed(seedRows, k, random, cancellationToken);
                for (int i = 0; i < candidate.Length; i++) candidate[i] += (float)(seedRows.Mean[i % d] - mean[i % d]);
            }
            if (restarts == 1) { centers = candidate; break; }
            double inertia = BatchStep(data, validation, weights, meanAsFloat, candidate, null, null, null, out _);
            if (inertia < bestValidationInertia) { bestValidationInertia = inertia; centers = candidate; }
        }

        var counts = new double[k];
        var next = new float[centers.Length];
        double? ewaInertia = null, ewaMinimum = null;
        int noImprovement = 0, sinceReassign = 0;
        long steps = Math.Max(1, (long)_options.MaxIterations * n / batchSize);
        long step = 0;
        var batch = new int[batchSize];
        for (; step < steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < batchSize; i++) batch[i] = random.Next(n);
            sinceReassign += batchSize;
            bool reassign = false;
            if (counts.Any(c => c == 0) || sinceReassign >= 10 * k) { sinceReassign = 0; reassign = true; }
            double batchInertia = BatchStep(data, batch, weights, meanAsFloat, centers, next, counts,
                reassign && _options.ReassignmentRatio > 0 ? random : null, out int reassigned);
            double squaredChange = 0;
            if (tolerance > 0)
                for (int i = 0; i < centers.Length; i++) { double diff = next[i] - centers[i]; squaredChange += diff * diff; }
            (centers, next) = (next, centers);

            // scikit-learn's _mini_batch_convergence.
            batchInertia /= batchSize;
            if (reassigned > 0)
                progress?.Report(new TrainingProgress
                {
                    Stage = "mini-batch k-means",
                    Epoch = (int)Math.Min(int.MaxValue, step + 1),
                    TotalEpochs = (int)Math.Min(int.MaxValue, steps),
                    Message = $"{reassigned} small cluster(s) reassigned to random rows of the batch.",
                });
            if (step == 0) continue;
            if (ewaInertia is null) ewaInertia = batchInertia;
            else
            {
                double alpha = Math.Min(1.0, batchSize * 2.0 / (n + 1));
                ewaInertia = ewaInertia * (1 - alpha) + batchInertia * alpha;
            }
            if (progress is not null && step % 50 == 0)
                progress.Report(new TrainingProgress
                {
                    Stage = "mini-batch k-means",
                    Epoch = (int)Math.Min(int.MaxValue, step + 1),
                    TotalEpochs = (int)Math.Min(int.MaxValue, steps),
                    Losses = new Dictionary<string, double> { ["batch inertia"] = batchInertia, ["smoothed inertia"] = ewaInertia.Value },
                });
            if (tolerance > 0 && squaredChange <= tolerance) { step++; break; }
            if (ewaMinimum is null || ewaInertia < ewaMinimum) { noImprovement = 0; ewaMinimum = ewaInertia; }
            else noImprovement++;
            if (_options.MaxNoImprovement > 0 && noImprovement >= _options.MaxNoImprovement) { step++; break; }
        }
        if (step >= steps) step = steps;
        int passes = (int)Math.Ceiling(step * (double)batchSize / n);
        KMeansModel model = KMeansModel.FromCenters(data, weights, centers, mean, passes);
        int distinct = model.Labels.Distinct().Count();
        if (distinct < k)
            progress?.Report(new TrainingProgress
            {
                Stage = "mini-batch k-means",
                Message = $"Number of distinct clusters ({distinct}) found smaller than Clusters ({k}); possibly due to duplicate points.",
            });
        return model;
    }

    /// <summary>
    /// One mini-batch step (<c>_mini_batch_step</c>): assigns the batch rows, returns their weighted inertia, and when
    /// <paramref name="next"/> is given moves the centres (<c>_minibatch_update_dense</c>) and, when
    /// <paramref name="reassignRandom"/> is given, reassigns light centres to random batch rows.
    /// </summary>
    private double BatchStep(Dataset data, int[] batch, double[]? weights, float[] mean, float[] centers, float[]? next,
        double[]? counts, Random? reassignRandom, out int reassigned)
    {
        int d = data.FeatureCount, k = _options.Clusters, size = batch.Length;
        float[] x = data.FeatureArray;
        var rows = new float[(long)size * d];
        var labels = new int[size];
        var norms = new float[k];
        LloydIterations.CenterNorms(centers, k, d, norms);
        var partitions = new RowPartitions(size, 256);
        var partialInertia = new double[partitions.Count];
        partitions.ForEach(p =>
        {
            int start = partitions.Start(p), length = partitions.Length(p);
            double inertia = 0;
            Span<float> dotBuffer = 4 * k <= 16384 ? stackalloc float[4 * k] : new float[4 * k];
            fixed (float* r = rows)
            fixed (float* source = x)
            fixed (float* m = mean)
            fixed (float* c = centers)
            fixed (float* cn = norms)
            fixed (int* l = labels)
            fixed (float* dots = dotBuffer)
            {
                for (int i = start; i < start + length; i++)
                {
                    float* from = source + (long)batch[i] * d, to = r + (long)i * d;
                    for (int j = 0; j < d; j++) to[j] = from[j] - m[j];
                }
                CenterKernels.Nearest(r + (long)start * d, length, d, c, cn, k, l + start, null, null, dots);
                for (int i = start; i < start + length; i++)
                    inertia += (weights is null ? 1.0 : weights[batch[i]]) * CenterKernels.SquaredDistance(r + (long)i * d, c + (long)l[i] * d, d);
            }
            partialInertia[p] = inertia;
        });
        reassigned = 0;
        double total = partialInertia.Sum();
        if (next is null || counts is null) return total;

        // Per-centre running means: c ← (c·count + Σ w x) / (count + Σ w).
        var sums = new double[(long)k * d];
        var batchWeight = new double[k];
        fixed (float* r = rows)
        fixed (double* s = sums)
            for (int i = 0; i < size; i++)
            {
                double w = weights is null ? 1.0 : weights[batch[i]];
                CenterKernels.AddWidened(r + (long)i * d, d, w, s + (long)labels[i] * d);
                batchWeight[labels[i]] += w;
            }
        for (int c = 0; c < k; c++)
        {
            long offset = (long)c * d;
            if (batchWeight[c] > 0)
            {
                double updated = counts[c] + batchWeight[c];
                for (int j = 0; j < d; j++) next[offset + j] = (float)((centers[offset + j] * counts[c] + sums[offset + j]) / updated);
                counts[c] = updated;
            }
            else Array.Copy(centers, offset, next, offset, d);
        }

        if (reassignRandom is not null)
        {
            double heaviest = counts.Max();
            var toReassign = Enumerable.Range(0, k).Select(c => counts[c] < _options.ReassignmentRatio * heaviest).ToArray();
            if (toReassign.Count(t => t) > 0.5 * size)
            {
                // Keep only the int(0.5 · batch) lightest centres eligible, as scikit-learn's argsort does.
                int[] order = Enumerable.Range(0, k).OrderBy(c => counts[c]).ThenBy(c => c).ToArray();
                foreach (int c in order.Skip((int)(0.5 * size))) toReassign[c] = false;
            }
            int count = toReassign.Count(t => t);
            if (count > 0)
            {
                int[] chosen = Enumerable.Range(0, size).ToArray();
                for (int i = 0; i < count; i++)
                {
                    int j = i + reassignRandom.Next(size - i);
                    (chosen[i], chosen[j]) = (chosen[j], chosen[i]);
                }
                int used = 0;
                for (int c = 0; c < k; c++)
                    if (toReassign[c]) Array.Copy(rows, (long)chosen[used++] * d, next, (long)c * d, d);
                double minimumKept = Enumerable.Range(0, k).Where(c => !toReassign[c]).Select(c => counts[c]).DefaultIfEmpty(0).Min();
                for (int c = 0; c < k; c++) if (toReassign[c]) counts[c] = minimumKept;
                reassigned = count;
            }
        }
        return total;
    }

    private static int[] RandomRows(Random random, int n, int count)
    {
        var rows = new int[count];
        for (int i = 0; i < count; i++) rows[i] = random.Next(n);
        return rows;
    }

    /// <summary>Feature means (float64) and, when asked, the mean feature variance, in one partitioned pass.</summary>
    private static (double[] Mean, double MeanVariance) Moments(Dataset data, bool variance)
    {
        int n = data.Count, d = data.FeatureCount;
        float[] x = data.FeatureArray;
        var partitions = new RowPartitions(n);
        var sums = new double[partitions.Count][];
        var squares = new double[partitions.Count][];
        partitions.ForEach(p =>
        {
            var sum = new double[d];
            var square = variance ? new double[d] : null;
            int start = partitions.Start(p), end = start + partitions.Length(p);
            for (int i = start; i < end; i++)
                for (int j = 0; j < d; j++)
                {
                    double value = x[(long)i * d + j];
                    sum[j] += value;
                    if (square is not null) square[j] += value * value;
                }
            sums[p] = sum;
            squares[p] = square!;
        });
        var mean = new double[d];
        var meanSquare = new double[d];
        for (int p = 0; p < partitions.Count; p++)
            for (int j = 0; j < d; j++)
            {
                mean[j] += sums[p][j];
                if (variance) meanSquare[j] += squares[p][j];
            }
        double total = 0;
        for (int j = 0; j < d; j++)
        {
            mean[j] /= n;
            if (variance) total += Math.Max(0, meanSquare[j] / n - mean[j] * mean[j]);
        }
        return (mean, total / d);
    }

    private static double[] CheckedWeights(IReadOnlyList<double> sampleWeights, int n)
    {
        if (sampleWeights.Count != n)
            throw new ArgumentException($"Expected {n} sample weights (one per row), got {sampleWeights.Count}.", nameof(sampleWeights));
        var weights = sampleWeights.ToArray();
        for (int i = 0; i < n; i++)
            if (!double.IsFinite(weights[i]) || weights[i] < 0)
                throw new ArgumentException($"Sample weight of row {i} is {weights[i]}; weights must be finite and ≥ 0.", nameof(sampleWeights));
        if (weights.Sum() <= 0) throw new ArgumentException("All sample weights are zero.", nameof(sampleWeights));
        return weights;
    }

    private static MiniBatchKMeansOptions Validate(MiniBatchKMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Clusters, 1, "options.Clusters");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, "options.BatchSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxIterations, 1, "options.MaxIterations");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxNoImprovement, 0, "options.MaxNoImprovement");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Restarts, 1, "options.Restarts");
        if (options.InitSize is { } size) ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, "options.InitSize");
        if (!(options.Tolerance >= 0) || double.IsInfinity(options.Tolerance))
            throw new ArgumentOutOfRangeException("options.Tolerance", options.Tolerance, "Tolerance must be finite and ≥ 0.");
        if (!(options.ReassignmentRatio >= 0) || double.IsInfinity(options.ReassignmentRatio))
            throw new ArgumentOutOfRangeException("options.ReassignmentRatio", options.ReassignmentRatio, "ReassignmentRatio must be finite and ≥ 0.");
        return options;
    }
}
