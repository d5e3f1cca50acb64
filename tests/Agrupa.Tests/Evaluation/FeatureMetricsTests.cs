using Agrupa.Evaluation;

namespace Agrupa.Tests.Evaluation;

/// <summary>Hand-computed cases, options and edge cases of silhouette, Calinski–Harabasz, Davies–Bouldin and trustworthiness.</summary>
public sealed class FeatureMetricsTests
{
    [Fact]
    public void SilhouetteOfFourPointsOnALine()
    {
        // x = 0, 1 | 10, 11: point 0 has a = 1, b = (10 + 11) / 2; point 1 has a = 1, b = (9 + 10) / 2; mirrored for the others.
        float[] x = [0, 1, 10, 11];
        double s0 = 1 - 1 / 10.5, s1 = 1 - 1 / 9.5;
        double[] samples = Silhouette.Samples(x, 4, 1, [0, 0, 1, 1]);
        Assert.Equal([s0, s1, s1, s0], samples.Select(v => Math.Round(v, 12)).ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal((s0 + s1) / 2, Silhouette.Score(x, 4, 1, [0, 0, 1, 1]), 12);
    }

    [Fact]
    public void SilhouetteSymmetricAndRowBlockPathsAgree()
    {
        (float[] x, int[] labels) = Blobs(300, 12, 4, seed: 1);
        int[] codes = labels;
        double[] symmetric = Silhouette.ClusterDistanceSums(x, 300, 12, codes, 4, 64, CancellationToken.None, DistancePrecision.Double, symmetric: true);
        double[] rows = Silhouette.ClusterDistanceSums(x, 300, 12, codes, 4, 64, CancellationToken.None, DistancePrecision.Double, symmetric: false);
        for (int i = 0; i < symmetric.Length; i++) Assert.Equal(rows[i], symmetric[i], 9);
    }

    [Fact]
    public void SilhouettePrecisionsAgreeOnWellConditionedDataAndAutoChoosesDoubleForTightBlobs()
    {
        (float[] x, int[] labels) = Blobs(400, 30, 5, seed: 2, spread: 3f);
        double single = Silhouette.Score(x, 400, 30, labels, new SilhouetteOptions { Precision = DistancePrecision.Single });
        double exact = Silhouette.Score(x, 400, 30, labels, new SilhouetteOptions { Precision = DistancePrecision.Double });
        Assert.True(Math.Abs(exact - single) < 1e-7, $"float32 {single:R} vs float64 {exact:R}");
        (float[] tight, int[] tightLabels) = Blobs(200, 30, 2, seed: 3, spread: 0.001f, centerScale: 1000f);
        double condition = Silhouette.Condition(Silhouette.Centered(tight, 200, 30), 200, 30, tightLabels, 2);
        Assert.True(condition > Silhouette.SinglePrecisionConditionLimit, $"condition {condition}");
        double forced = Silhouette.Score(tight, 200, 30, tightLabels, new SilhouetteOptions { Precision = DistancePrecision.Double });
        double auto = Silhouette.Score(tight, 200, 30, tightLabels);
        double forcedSingle = Silhouette.Score(tight, 200, 30, tightLabels, new SilhouetteOptions { Precision = DistancePrecision.Single });
        Assert.True(Math.Abs(forced - auto) < 1e-12, $"auto {auto:R} vs float64 {forced:R}");   // GEMM rounding may vary in the last bits
        Assert.True(Math.Abs(forced - forcedSingle) > 1e-6, $"float32 should be visibly off here: {forcedSingle:R} vs {forced:R}");
    }

    [Fact]
    public void SilhouetteSamplingIsSeededAndCloseToTheFullScore()
    {
        (float[] x, int[] labels) = Blobs(1500, 8, 3, seed: 4, spread: 2f);
        double full = Silhouette.Score(x, 1500, 8, labels);
        var options = new SilhouetteOptions { SampleSize = 500, Seed = 9 };
        double sampled = Silhouette.Score(x, 1500, 8, labels, options);
        Assert.Equal(sampled, Silhouette.Score(x, 1500, 8, labels, options));
        Assert.NotEqual(sampled, Silhouette.Score(x, 1500, 8, labels, options with { Seed = 10 }));
        Assert.InRange(sampled, full - 0.05, full + 0.05);
        Assert.Equal(full, Silhouette.Score(x, 1500, 8, labels, new SilhouetteOptions { SampleSize = 5000 }));
    }

    [Fact]
    public void SilhouetteExcludesNoiseOnRequest()
    {
        (float[] x, int[] labels) = Blobs(200, 4, 3, seed: 5);
        int[] noisy = labels.Select((l, i) => i % 7 == 0 ? -1 : l).ToArray();
        int[] kept = Enumerable.Range(0, 200).Where(i => noisy[i] != -1).ToArray();
        float[] keptX = kept.SelectMany(i => x.Skip(i * 4).Take(4)).ToArray();
        double expected = Silhouette.Score(keptX, kept.Length, 4, kept.Select(i => noisy[i]).ToArray());
        Assert.Equal(expected, Silhouette.Score(x, 200, 4, noisy, new SilhouetteOptions { ExcludeNoise = true }), 12);
        Assert.NotEqual(expected, Silhouette.Score(x, 200, 4, noisy));
    }

    [Fact]
    public void FeatureMetricsRejectBadLabelCounts()
    {
        float[] x = [0, 1, 2, 3];
        Assert.Contains("between 2 and n − 1", Assert.Throws<ArgumentException>(() => Silhouette.Score(x, 4, 1, [0, 0, 0, 0])).Message);
        Assert.Throws<ArgumentException>(() => Silhouette.Score(x, 4, 1, [0, 1, 2, 3]));
        Assert.Throws<ArgumentException>(() => CalinskiHarabasz.Score(x, 4, 1, [0, 0, 0, 0]));
        Assert.Throws<ArgumentException>(() => DaviesBouldin.Score(x, 4, 1, [0, 1, 2, 3]));
        Assert.Contains("one label per row", Assert.Throws<ArgumentException>(() => Silhouette.Score(x, 4, 1, [0, 1])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Silhouette.Score(x, 4, 1, [0, 0, 1, 1], new SilhouetteOptions { SampleSize = 2 }));
    }

    [Fact]
    public void CalinskiHarabaszAndDaviesBouldinOfAHandComputedCase()
    {
        // Clusters {0, 2} and {10, 12} on a line: means 1 and 11, overall mean 6.
        float[] x = [0, 2, 10, 12];
        int[] labels = [0, 0, 1, 1];
        // between: 2·25 + 2·25 = 100 over k − 1 = 1; within: 4·1 = 4 over n − k = 2 → 100 / 2 = 50.
        Assert.Equal(50, CalinskiHarabasz.Score(x, 4, 1, labels), 12);
        // spreads s = 1 each, centroid distance 10 → (1 + 1) / 10 for both clusters.
        Assert.Equal(0.2, DaviesBouldin.Score(x, 4, 1, labels), 12);
        // No within-cluster dispersion: scikit-learn's conventions.
        Assert.Equal(1.0, CalinskiHarabasz.Score([0, 0, 5, 5], 4, 1, labels));
        Assert.Equal(0.0, DaviesBouldin.Score([0, 0, 5, 5], 4, 1, labels));
    }

    [Fact]
    public void TrustworthinessEqualsANaiveImplementation()
    {
        var random = new Random(6);
        int n = 80, d = 6;
        float[] x = Enumerable.Range(0, n * d).Select(_ => (float)random.NextDouble()).ToArray();
        float[] e = Enumerable.Range(0, n * 2).Select(i => x[(i / 2) * d + i % 2] + (float)(random.NextDouble() * 0.3)).ToArray();
        foreach (int k in new[] { 1, 5, 12 })
            Assert.Equal(Naive(x, d, e, 2, n, k), Trustworthiness.Score(x, n, d, e, 2, new TrustworthinessOptions { Neighbors = k, BlockRows = 23 }), 12);
        Assert.Equal(1.0, Trustworthiness.Score(x, n, d, x, d), 12);
    }

    [Fact]
    public void TrustworthinessSamplingEstimatesTheFullScore()
    {
        var random = new Random(7);
        int n = 1200, d = 10;
        float[] x = Enumerable.Range(0, n * d).Select(_ => (float)random.NextDouble()).ToArray();
        float[] e = Enumerable.Range(0, n * 2).Select(i => x[(i / 2) * d + i % 2]).ToArray();
        double full = Trustworthiness.Score(x, n, d, e, 2);
        var options = new TrustworthinessOptions { SampleSize = 400, Seed = 1 };
        double sampled = Trustworthiness.Score(x, n, d, e, 2, options);
        Assert.Equal(sampled, Trustworthiness.Score(x, n, d, e, 2, options));
        Assert.InRange(sampled, full - 0.02, full + 0.02);
        Assert.Throws<ArgumentOutOfRangeException>(() => Trustworthiness.Score(x, n, d, e, 2, new TrustworthinessOptions { Neighbors = 600 }));
    }

    private static double Naive(float[] x, int d, float[] e, int de, int n, int k)
    {
        double Distance(float[] data, int dims, int i, int j)
        {
            double sum = 0;
            for (int t = 0; t < dims; t++) sum += Math.Pow(data[i * dims + t] - data[j * dims + t], 2);
            return sum;
        }
        double penalty = 0;
        for (int i = 0; i < n; i++)
        {
            int[] original = Enumerable.Range(0, n).Where(j => j != i).OrderBy(j => Distance(x, d, i, j)).ToArray();
            int[] embedded = Enumerable.Range(0, n).Where(j => j != i).OrderBy(j => Distance(e, de, i, j)).Take(k).ToArray();
            foreach (int j in embedded) penalty += Math.Max(0, Array.IndexOf(original, j) + 1 - k);
        }
        return 1 - penalty * 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0));
    }

    private static (float[] X, int[] Labels) Blobs(int n, int d, int k, int seed, float spread = 1f, float centerScale = 10f)
    {
        var random = new Random(seed);
        float[] centers = Enumerable.Range(0, k * d).Select(_ => (float)(random.NextDouble() * centerScale)).ToArray();
        var x = new float[n * d];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % k;
            for (int j = 0; j < d; j++)
                x[i * d + j] = centers[labels[i] * d + j] + spread * (float)(random.NextDouble() * 2 - 1);
        }
        return (x, labels);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
