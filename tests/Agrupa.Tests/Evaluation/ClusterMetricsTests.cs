using Agrupa.Evaluation;

namespace Agrupa.Tests.Evaluation;

/// <summary>Hand-computed cases, invariances and edge cases of the label metrics (the sklearn agreement is in the fixture tests).</summary>
public sealed class ClusterMetricsTests
{
    [Fact]
    public void AccuracyOfHandComputedCases()
    {
        // Contingency rows (classes) 0: {c0: 1, c1: 2}, 1: {c0: 3}: best matching class0→c1, class1→c0 = 5 of 6.
        Assert.Equal(5.0 / 6, ClusterMetrics.Accuracy([0, 0, 0, 1, 1, 1], [1, 1, 0, 0, 0, 0]), 12);
        // More clusters than classes: only one cluster per class counts.
        Assert.Equal(0.5, ClusterMetrics.Accuracy([0, 0, 1, 1], [0, 1, 2, 3]), 12);
        Assert.Equal(1.0, ClusterMetrics.Purity([0, 0, 1, 1], [0, 1, 2, 3]), 12);
        // Fewer clusters than classes: one class is matched.
        Assert.Equal(2.0 / 6, ClusterMetrics.Accuracy([0, 1, 2, 0, 1, 2], [4, 4, 4, 4, 4, 4]), 12);
    }

    [Fact]
    public void AccuracyEqualsBruteForceOverAllMatchings()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(1, 40), classes = random.Next(1, 6), clusters = random.Next(1, 6);
            int[] t = Enumerable.Range(0, n).Select(_ => random.Next(classes)).ToArray();
            int[] p = Enumerable.Range(0, n).Select(_ => random.Next(clusters) * 3 - 1).ToArray();
            ContingencyTable table = ContingencyTable.Create(t, p);
            long best = BestMatching(table.ToArray());
            Assert.Equal((double)best / n, ClusterMetrics.Accuracy(table), 12);
            MatchedConfusionMatrix confusion = ClusterMetrics.ConfusionMatrix(table);
            Assert.Equal(best, confusion.Correct);
            long matchedCells = 0;
            for (int i = 0; i < confusion.Classes.Count; i++)
                if (confusion.MatchedColumns[i] is { } column) matchedCells += confusion.Counts[i, column];
            Assert.Equal(best, matchedCells);
            if (table.Clusters.Count >= table.Classes.Count)
                for (int i = 0; i < confusion.Classes.Count; i++) Assert.Equal(i, confusion.MatchedColumns[i]);
            Assert.Equal(table.Clusters.OrderBy(c => c), confusion.Clusters.OrderBy(c => c));
            for (int j = 0; j < confusion.Clusters.Count; j++)
            {
                int original = IndexOf(table.Clusters, confusion.Clusters[j]);
                for (int i = 0; i < confusion.Classes.Count; i++) Assert.Equal(table[i, original], confusion.Counts[i, j]);
            }
        }
    }

    [Fact]
    public void ScoresAreInvariantToRenamingAndSymmetricWhereTheyShouldBe()
    {
        var random = new Random(3);
        int[] t = Enumerable.Range(0, 500).Select(_ => random.Next(6)).ToArray();
        int[] p = t.Select(v => random.NextDouble() < 0.4 ? random.Next(8) : v).ToArray();
        int[] renamed = p.Select(v => v * -7 + 1_000_000).ToArray();
        ClusterScores a = ClusterMetrics.Compute(t, p), b = ClusterMetrics.Compute(t, renamed);
        // Renaming reorders the table's columns, so sums may differ in the last bits only.
        double[] first = [a.Acc, a.Nmi, a.Ami, a.Ari, a.Homogeneity, a.Completeness, a.VMeasure, a.Purity];
        double[] second = [b.Acc, b.Nmi, b.Ami, b.Ari, b.Homogeneity, b.Completeness, b.VMeasure, b.Purity];
        for (int i = 0; i < first.Length; i++) Assert.Equal(first[i], second[i], 12);
        Assert.Equal((a.Count, a.ClassCount, a.ClusterCount), (b.Count, b.ClassCount, b.ClusterCount));
        Assert.Equal(ClusterMetrics.NormalizedMutualInformation(t, p), ClusterMetrics.NormalizedMutualInformation(p, t), 12);
        Assert.Equal(ClusterMetrics.AdjustedMutualInformation(t, p), ClusterMetrics.AdjustedMutualInformation(p, t), 12);
        Assert.Equal(ClusterMetrics.AdjustedRandIndex(t, p), ClusterMetrics.AdjustedRandIndex(p, t), 12);
        var (h, c, _) = ClusterMetrics.HomogeneityCompletenessVMeasure(t, p);
        var (h2, c2, _) = ClusterMetrics.HomogeneityCompletenessVMeasure(p, t);
        Assert.Equal(h, c2, 12);
        Assert.Equal(c, h2, 12);
        Assert.Equal(a.VMeasure, a.Nmi, 12);   // V-measure is NMI with the arithmetic mean
    }

    [Fact]
    public void ChanceCorrectedScoresAreNearZeroForIndependentLabels()
    {
        var random = new Random(8);
        int[] t = Enumerable.Range(0, 20_000).Select(_ => random.Next(10)).ToArray();
        int[] p = Enumerable.Range(0, 20_000).Select(_ => random.Next(50)).ToArray();
        ClusterScores s = ClusterMetrics.Compute(t, p);
        Assert.InRange(s.Ami, -0.005, 0.005);
        Assert.InRange(s.Ari, -0.005, 0.005);
        Assert.True(s.Nmi > s.Ami, "NMI is not chance-corrected and must exceed AMI for random labels with many clusters");
    }

    [Fact]
    public void AdjustedRandIndexMatchesTheHubertArabieFormulaBeyondLongProducts()
    {
        // A million points: pair counts near 1e12, their products near 1e24, past long's range (9.2e18).
        var random = new Random(2);
        int n = 1_000_000;
        var t = new int[n];
        var p = new int[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = random.Next(3);
            p[i] = random.NextDouble() < 0.7 ? t[i] : random.Next(4);
        }
        ContingencyTable table = ContingencyTable.Create(t, p);
        static double Pairs(double x) => x * (x - 1) / 2;
        double index = table.Cells.Sum(cell => Pairs(cell.Count));
        double rows = table.ClassTotals.Sum(a => Pairs(a)), columns = table.ClusterTotals.Sum(b => Pairs(b));
        double expected = rows * columns / Pairs(n);
        double ari = (index - expected) / ((rows + columns) / 2 - expected);
        Assert.Equal(ari, ClusterMetrics.AdjustedRandIndex(table), 9);
    }

    [Fact]
    public void NoiseOptionIsReportedAndApplied()
    {
        int[] t = [0, 0, 1, 1, 2, 2];
        int[] p = [3, 3, 4, -1, -1, 5];
        ClusterScores counted = ClusterMetrics.Compute(t, p);
        ClusterScores excluded = ClusterMetrics.Compute(t, p, new ClusterMetricsOptions { Noise = NoiseHandling.Exclude });
        Assert.Equal((NoiseHandling.Cluster, 6, 4), (counted.Noise, counted.Count, counted.ClusterCount));
        Assert.Equal((NoiseHandling.Exclude, 4, 3), (excluded.Noise, excluded.Count, excluded.ClusterCount));
        Assert.Equal(2.0 / 6, counted.NoiseFraction, 12);
        Assert.Equal(2.0 / 6, excluded.NoiseFraction, 12);
        Assert.Equal(1.0, excluded.Acc);
        Assert.Equal(ClusterMetrics.Compute([0, 0, 1, 2], [3, 3, 4, 5]) with { Noise = NoiseHandling.Exclude, NoiseFraction = 2.0 / 6, TotalCount = 6 }, excluded);
    }

    [Fact]
    public void BadInputIsRejectedWithClearMessages()
    {
        Assert.Contains("differ in length", Assert.Throws<ArgumentException>(() => ClusterMetrics.Compute([0, 1], [0])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => ClusterMetrics.AdjustedRandIndex([], [])).Message);
        var allNoise = Assert.Throws<ArgumentException>(() => ClusterMetrics.Compute([0, 1], [-1, -1], new ClusterMetricsOptions { Noise = NoiseHandling.Exclude }));
        Assert.Contains("noise", allNoise.Message);
    }

    [Fact]
    public void ContingencyTableDenseAndSparsePathsAgree()
    {
        var random = new Random(4);
        int n = 2000;
        int[] t = Enumerable.Range(0, n).Select(_ => random.Next(900)).ToArray();        // 900 × 1200 cells > 4n: sparse path
        int[] p = Enumerable.Range(0, n).Select(_ => random.Next(1200) * 1000).ToArray();
        ContingencyTable table = ContingencyTable.Create(t, p);
        long[,] dense = table.ToArray();
        var expected = new Dictionary<(int, int), long>();
        for (int i = 0; i < n; i++) expected[(t[i], p[i])] = expected.GetValueOrDefault((t[i], p[i])) + 1;
        Assert.Equal(expected.Count, table.NonZeroCount);
        foreach (((int label, int cluster), long count) in expected)
        {
            int row = IndexOf(table.Classes, label), column = IndexOf(table.Clusters, cluster);
            Assert.Equal(count, table[row, column]);
            Assert.Equal(count, dense[row, column]);
        }
        Assert.Equal(n, table.Total);
        Assert.Equal(n, table.ClassTotals.Sum());
        Assert.True(table.Classes.SequenceEqual(table.Classes.OrderBy(v => v)));
    }

    [Fact]
    public void LogFactorialsAreAccurate()
    {
        double[] table = ExpectedMutualInformation.LogFactorials(5000);
        double sum = 0;
        for (int k = 1; k <= 5000; k++)
        {
            sum += Math.Log(k);
            Assert.True(Math.Abs(table[k] - sum) <= 1e-13 * Math.Max(1, sum), $"ln {k}! = {table[k]:R}, expected {sum:R}");
        }
    }

    private static int IndexOf(IReadOnlyList<int> values, int value)
    {
        for (int i = 0; i < values.Count; i++) if (values[i] == value) return i;
        return -1;
    }

    private static long BestMatching(long[,] counts)
    {
        int r = counts.GetLength(0), c = counts.GetLength(1);
        long best = 0;
        var used = new bool[c];
        void Recurse(int row, long sum)
        {
            if (row == r) { best = Math.Max(best, sum); return; }
            Recurse(row + 1, sum);   // class left unmatched
            for (int j = 0; j < c; j++)
            {
                if (used[j]) continue;
                used[j] = true;
                Recurse(row + 1, sum + counts[row, j]);
                used[j] = false;
            }
        }
        Recurse(0, 0);
        return best;
    }
}
