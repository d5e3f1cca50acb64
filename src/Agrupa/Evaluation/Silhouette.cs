using Agrupa.Data;
using Agrupa.Runtime;
using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Evaluation;

/// <summary>
/// The silhouette coefficient (Rousseeuw, J. Comput. Appl. Math. 20, 1987) with Euclidean distances, as scikit-learn's
/// <c>silhouette_score</c> / <c>silhouette_samples</c>: for point i in cluster C, a = mean distance to the other points
/// of C, b = smallest mean distance to the points of another cluster, s = (b − a) / max(a, b); the score is the mean s.
/// </summary>
/// <remarks>
/// <para>Range [−1, 1]: near 1 compact, well-separated clusters; near 0 overlapping ones; negative, points closer to
/// another cluster than to their own. Random labels give about 0. A point alone in its cluster gets s = 0 (as
/// scikit-learn). Needs 2 ≤ clusters ≤ n − 1 (ArgumentException otherwise). Depends on the features' scale only through
/// ratios: scaling all features by one factor leaves it unchanged.</para>
/// <para>Blocked, never n×n: the points are cut into blocks of <see cref="SilhouetteOptions.BlockRows"/> rows; for each
/// pair of blocks (I ≤ J, the distance matrix being symmetric, so half the products) one tile of distances is
/// formed by a torch matrix product (‖x‖² − 2x·y + ‖y‖² on mean-centred data, clamped at 0, square-rooted, the
/// diagonal set to 0 as scikit-learn does) and reduced at once to per-cluster distance sums of its rows and columns
/// by a product with the clusters' one-hot matrix; the sums accumulate in float64. Memory: one tile plus n × clusters
/// sums (the tiles are row blocks against all columns instead when that would exceed 256 MB). Time: n²·d/2
/// multiply-adds, in float32 when <see cref="SilhouetteOptions.Precision"/> allows (the default does when the data are
/// well-conditioned, see <see cref="DistancePrecision.Auto"/>), else float64.</para>
/// </remarks>
public static class Silhouette
{
    private const long SymmetricSumBudget = 32_000_000;   // n × clusters float64 sums kept at once (256 MB)

    /// <summary>The mean silhouette coefficient of <paramref name="labels"/> on <paramref name="features"/> (count × dimensions, row-major).</summary>
    /// <exception cref="ArgumentException">Shapes disagree, a NaN or infinite feature, or fewer than 2 or more than n − 1 clusters remain.</exception>
    public static double Score(float[] features, int count, int dimensions, IReadOnlyList<int> labels, SilhouetteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options = Validate(options);
        FeatureLabels.Check(features, count, dimensions, labels);
        (float[] x, IReadOnlyList<int> y) = (features, labels);
        if (options.ExcludeNoise)
        {
            int[] kept = FeatureLabels.NonNoise(labels);
            if (kept.Length != count) (x, y) = FeatureLabels.Select(features, dimensions, labels, kept);
        }
        if (options.SampleSize is { } size && size < y.Count)
            (x, y) = FeatureLabels.Select(x, dimensions, y, FeatureLabels.Sample(y.Count, size, options.Seed));
        double[] samples = SamplesCore(x, y.Count, dimensions, y, options.BlockRows, options.Precision, cancellationToken);
        double sum = 0;
        foreach (double s in samples) sum += s;
        return sum / samples.Length;
    }

    /// <summary>The mean silhouette of <paramref name="labels"/> (one per row) on the rows of <paramref name="data"/>.</summary>
    public static double Score(Dataset data, IReadOnlyList<int> labels, SilhouetteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Score(data.FeatureArray, data.Count, data.FeatureCount, labels, options, cancellationToken);
    }

    /// <summary>
    /// The silhouette coefficient of every point (scikit-learn's <c>silhouette_samples</c>); all points, −1 an ordinary label.
    /// </summary>
    public static double[] Samples(float[] features, int count, int dimensions, IReadOnlyList<int> labels,
        DistancePrecision precision = DistancePrecision.Auto, CancellationToken cancellationToken = default)
    {
        FeatureLabels.Check(features, count, dimensions, labels);
        return SamplesCore(features, count, dimensions, labels, new SilhouetteOptions().BlockRows, precision, cancellationToken);
    }

    private static SilhouetteOptions Validate(SilhouetteOptions? options)
    {
        options ??= new SilhouetteOptions();
        if (options.SampleSize is { } size) ArgumentOutOfRangeException.ThrowIfLessThan(size, 3, "options.SampleSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BlockRows, 16, "options.BlockRows");
        return options;
    }

    private static double[] SamplesCore(float[] features, int n, int dimensions, IReadOnlyList<int> labels, int blockRows,
        DistancePrecision precision, CancellationToken cancellationToken)
    {
        LabelEncoding encoding = FeatureLabels.EncodeForScore(labels, "Silhouette");
        int k = encoding.Distinct.Length;
        double[] sums = ClusterDistanceSums(features, n, dimensions, encoding.Codes, k, blockRows, cancellationToken, precision);
        var samples = new double[n];
        long[] sizes = encoding.Counts;
        for (int i = 0; i < n; i++)
        {
            int own = encoding.Codes[i];
            ReadOnlySpan<double> row = sums.AsSpan(i * k, k);
            double a = row[own] / (sizes[own] - 1);   // a singleton: 0/0 = NaN, mapped to 0 below
            double b = double.PositiveInfinity;
            for (int c = 0; c < k; c++) if (c != own) b = Math.Min(b, row[c] / sizes[c]);
            double s = (b - a) / Math.Max(a, b);
            samples[i] = double.IsNaN(s) ? 0.0 : s;   // scikit-learn's nan_to_num
        }
        return samples;
    }

    /// <summary>
    /// Largest condition estimate κ (mean squared norm of the centred points over the smallest cluster's mean squared
    /// within-cluster distance) for which <see cref="DistancePrecision.Auto"/> uses float32 products. The 10,000 Fashion-MNIST test
    /// images with their classes have κ = 1.39 (and float32 then agrees with scikit-learn's float64 score to 3e-9); two
    /// tight, distant blobs have κ in the hundreds.
    /// </summary>
    public const double SinglePrecisionConditionLimit = 4.0;

    /// <summary>n × clusters: the sum of distances from each point to the points of each cluster.</summary>
    internal static double[] ClusterDistanceSums(float[] features, int n, int dimensions, int[] codes, int k, int blockRows,
        CancellationToken cancellationToken, DistancePrecision precision = DistancePrecision.Double, bool? symmetric = null)
    {
        ThreadBudget.ApplyToTorch();
        var result = new double[(long)n * k];
        double[] centered = Centered(features, n, dimensions);
        bool single = precision == DistancePrecision.Single
            || (precision == DistancePrecision.Auto && Condition(centered, n, dimensions, codes, k) <= SinglePrecisionConditionLimit);
        using var outer = torch.NewDisposeScope();
        TorchTensor x = torch.tensor(centered, new long[] { n, dimensions }, torch.float64);
        if (single) x = x.to_type(torch.float32);
        torch.ScalarType type = x.dtype;
        TorchTensor norms = (x * x).sum(1);
        TorchTensor codeTensor = torch.tensor(codes, torch.int64);
        TorchTensor OneHot(int start, int length) => torch.nn.functional.one_hot(codeTensor.narrow(0, start, length), k).to_type(type);
        bool halve = symmetric ?? (long)n * k <= SymmetricSumBudget;
        TorchTensor? all = halve ? torch.zeros(n, k, torch.float64) : null;
        int block = Math.Min(blockRows, n);
        for (int start = 0; start < n; start += block)
        {
            int length = Math.Min(block, n - start);
            using var rowScope = torch.NewDisposeScope();
            TorchTensor xi = x.narrow(0, start, length);
            TorchTensor ni = norms.narrow(0, start, length);
            TorchTensor hi = OneHot(start, length);
            TorchTensor rowSums = halve ? all!.narrow(0, start, length) : torch.zeros(length, k, torch.float64);
            for (int other = halve ? start : 0; other < n; other += block)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var tileScope = torch.NewDisposeScope();
                int otherLength = Math.Min(block, n - other);
                TorchTensor xj = x.narrow(0, other, otherLength);
                TorchTensor tile = torch.addmm(ni.unsqueeze(1) + norms.narrow(0, other, otherLength).unsqueeze(0), xi, xj.t(), beta: 1, alpha: -2);
                tile.clamp_min_(0).sqrt_();
                if (other == start) tile.diagonal().zero_();
                rowSums.add_(tile.mm(other == start ? hi : OneHot(other, otherLength)).to_type(torch.float64));
                if (halve && other != start) all!.narrow(0, other, otherLength).add_(tile.t().mm(hi).to_type(torch.float64));
            }
            if (!halve) rowSums.contiguous().data<double>().CopyTo(result.AsSpan((int)((long)start * k), length * k));
        }
        if (halve) all!.contiguous().data<double>().CopyTo(result);
        return result;
    }

    /// <summary>
    /// κ = mean ‖x − μ‖² over the smallest mean squared within-cluster distance (2 × the cluster's total variance) among
    /// clusters of two or more points: how much the expansion ‖x‖² − 2x·y + ‖y‖² loses on the closest pairs.
    /// </summary>
    internal static double Condition(double[] centered, int n, int dimensions, int[] codes, int k)
    {
        var sums = new double[(long)k * dimensions];
        var squares = new double[k];
        var sizes = new long[k];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            int c = codes[i];
            sizes[c]++;
            for (int j = 0; j < dimensions; j++)
            {
                double value = centered[(long)i * dimensions + j];
                sums[(long)c * dimensions + j] += value;
                squares[c] += value * value;
                total += value * value;
            }
        }
        double tightest = double.PositiveInfinity;
        for (int c = 0; c < k; c++)
        {
            if (sizes[c] < 2) continue;
            double meanNormSquared = 0;
            for (int j = 0; j < dimensions; j++) meanNormSquared += Math.Pow(sums[(long)c * dimensions + j] / sizes[c], 2);
            double variance = squares[c] / sizes[c] - meanNormSquared;
            tightest = Math.Min(tightest, 2 * Math.Max(variance, 0));
        }
        return tightest == 0 ? double.PositiveInfinity : total / n / tightest;
    }

    /// <summary>The features minus their column means, as an n×d float64 tensor (centring makes ‖x‖² − 2x·y + ‖y‖² accurate).</summary>
    internal static TorchTensor CenteredFloat64(float[] features, int n, int dimensions) =>
        torch.tensor(Centered(features, n, dimensions), new long[] { n, dimensions }, torch.float64);

    /// <summary>The features minus their column means, row-major float64.</summary>
    internal static double[] Centered(float[] features, int n, int dimensions)
    {
        var means = new double[dimensions];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = features.AsSpan(i * dimensions, dimensions);
            for (int j = 0; j < dimensions; j++) means[j] += row[j];
        }
        for (int j = 0; j < dimensions; j++) means[j] /= Math.Max(1, n);
        var centered = new double[(long)n * dimensions];
        Parallel.For(0, n, ThreadBudget.Options, i =>
        {
            for (int j = 0; j < dimensions; j++) centered[(long)i * dimensions + j] = features[(long)i * dimensions + j] - means[j];
        });
        return centered;
    }
}
