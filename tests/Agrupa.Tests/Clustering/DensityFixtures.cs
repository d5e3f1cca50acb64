using System.Text.Json;
using Agrupa.Data;

namespace Agrupa.Tests.Clustering;

/// <summary>Loads the JSON fixtures written by Fixtures/clustering/generate_hdbscan_agglomerative.py.</summary>
internal static class DensityFixtures
{
    private static readonly Lazy<JsonDocument> HdbscanDocument = new(() => Load("hdbscan_reference.json"));
    private static readonly Lazy<JsonDocument> AgglomerativeDocument = new(() => Load("agglomerative_reference.json"));

    public static JsonElement Hdbscan => HdbscanDocument.Value.RootElement;
    public static JsonElement Agglomerative => AgglomerativeDocument.Value.RootElement;

    private static JsonDocument Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "clustering", file)));

    public static Dataset Dataset(JsonElement root, string name)
    {
        var rows = root.GetProperty("datasets").GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray();
        int d = rows[0].Length;
        return new Dataset(name, rows.SelectMany(r => r).ToArray(), d);
    }

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt32()).ToArray();
    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>Hubert–Arabie adjusted Rand index (noise −1 counted as one more label).</summary>
    public static double AdjustedRandIndex(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var table = new Dictionary<(int, int), long>();
        var rows = new Dictionary<int, long>();
        var columns = new Dictionary<int, long>();
        for (int i = 0; i < a.Count; i++)
        {
            table[(a[i], b[i])] = table.GetValueOrDefault((a[i], b[i])) + 1;
            rows[a[i]] = rows.GetValueOrDefault(a[i]) + 1;
            columns[b[i]] = columns.GetValueOrDefault(b[i]) + 1;
        }
        static double Pairs(long x) => x * (x - 1) / 2.0;
        double index = table.Values.Sum(Pairs), sumA = rows.Values.Sum(Pairs), sumB = columns.Values.Sum(Pairs);
        double expected = sumA * sumB / Pairs(a.Count);
        double max = (sumA + sumB) / 2;
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }

    /// <summary>Spearman rank correlation (average ranks for ties).</summary>
    public static double SpearmanCorrelation(double[] a, double[] b)
    {
        double[] ra = Ranks(a), rb = Ranks(b);
        double ma = ra.Average(), mb = rb.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++) { sab += (ra[i] - ma) * (rb[i] - mb); saa += (ra[i] - ma) * (ra[i] - ma); sbb += (rb[i] - mb) * (rb[i] - mb); }
        return sab / Math.Sqrt(saa * sbb);
    }

    private static double[] Ranks(double[] values)
    {
        int[] order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            for (int t = i; t <= j; t++) ranks[order[t]] = (i + j) / 2.0;
            i = j + 1;
        }
        return ranks;
    }
    /// <summary>
    /// Points whose placement is decided by a tie: they leave the condensed tree at exactly the λ at which their cluster
    /// was born or splits into child clusters, i.e. their core distance equals the height of a split, so they can be hung
    /// on either side of it (Prim in R and in the dense reference, Borůvka plus a canonical order of equal heights here,
    /// and the hdbscan library's unstable argsort all choose differently).
    /// </summary>
    public static HashSet<int> TiePoints(Agrupa.Clustering.HdbscanModel model)
    {
        var tree = model.CondensedTree;
        var birth = new Dictionary<int, double> { [tree.RootCluster] = 0 };
        var splits = new HashSet<(int, double)>();
        for (int i = 0; i < tree.RowCount; i++)
            if (tree.Child[i] >= tree.PointCount) { birth[tree.Child[i]] = tree.Lambda[i]; splits.Add((tree.Parent[i], tree.Lambda[i])); }
        var ties = new HashSet<int>();
        for (int i = 0; i < tree.RowCount; i++)
            if (tree.Child[i] < tree.PointCount && (tree.Lambda[i] == birth[tree.Parent[i]] || splits.Contains((tree.Parent[i], tree.Lambda[i]))))
                ties.Add(tree.Child[i]);
        return ties;
    }

}
