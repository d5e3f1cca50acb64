using Agrupa.LinearAlgebra;

namespace Agrupa.Evaluation;

/// <summary>
/// The best one-to-one matching of clusters to classes, maximising the points on matched cells (the matching of
/// clustering accuracy; Yang et al., TIP 2010; Xie, Girshick &amp; Farhadi, ICML 2016). Solved exactly by
/// <see cref="LinearAssignment"/>, separately on each connected component of the table's non-zero cells (a zero cell
/// adds nothing, so components never need each other): 70,000 singleton clusters against 10 classes become ten 1×7,000
/// problems instead of one 10×70,000 one, and singletons against singletons become 1×1 problems.
/// </summary>
internal static class ClusterMatching
{
    /// <summary>For each class index, the matched cluster index (−1 only when clusters run out); and the matched total.</summary>
    public static (int[] ClusterOfClass, long Matched) Match(ContingencyTable table)
    {
        int r = table.Classes.Count, c = table.Clusters.Count;
        var clusterOfClass = new int[r];
        Array.Fill(clusterOfClass, -1);
        ReadOnlySpan<int> rows = table.CellRows, columns = table.CellColumns;
        ReadOnlySpan<long> counts = table.CellCounts;

        // Union-find over r class nodes and c cluster nodes (cluster j is node r + j).
        var parent = new int[r + c];
        for (int i = 0; i < parent.Length; i++) parent[i] = i;
        for (int k = 0; k < counts.Length; k++) Union(parent, rows[k], r + columns[k]);
        var componentCells = new Dictionary<int, List<int>>();
        for (int k = 0; k < counts.Length; k++)
        {
            int root = Find(parent, rows[k]);
            if (!componentCells.TryGetValue(root, out List<int>? cells)) componentCells[root] = cells = [];
            cells.Add(k);
        }

        long matched = 0;
        var localRow = new int[r];
        var localColumn = new int[c];
        Array.Fill(localRow, -1);
        Array.Fill(localColumn, -1);
        foreach (List<int> cells in componentCells.Values)
        {
            var rowIds = new List<int>();
            var columnIds = new List<int>();
            foreach (int k in cells)
            {
                if (localRow[rows[k]] < 0) { localRow[rows[k]] = rowIds.Count; rowIds.Add(rows[k]); }
                if (localColumn[columns[k]] < 0) { localColumn[columns[k]] = columnIds.Count; columnIds.Add(columns[k]); }
            }
            if (rowIds.Count == 1 || columnIds.Count == 1)
            {
                // A star: the best single cell wins (ties: the first, i.e. lowest class then cluster index).
                int best = cells[0];
                foreach (int k in cells) if (counts[k] > counts[best]) best = k;
                clusterOfClass[rows[best]] = columns[best];
                matched += counts[best];
            }
            else
            {
                // The profit table and the solver's oriented copy, both float64.
                Runtime.MemoryGuard.Require(16.0 * rowIds.Count * columnIds.Count,
                    $"Matching {rowIds.Count:N0} classes with {columnIds.Count:N0} clusters (clustering accuracy)",
                    "Compare labelings with fewer distinct labels, or use NMI/ARI, which need no matching.");
                var profit = new double[rowIds.Count, columnIds.Count];
                foreach (int k in cells) profit[localRow[rows[k]], localColumn[columns[k]]] = counts[k];
                int[] assignment = LinearAssignment.Solve(profit, maximize: true);
                for (int i = 0; i < assignment.Length; i++)
                {
                    if (assignment[i] < 0) continue;
                    long value = (long)profit[i, assignment[i]];
                    if (value == 0) continue;   // a zero cell is no match at all
                    clusterOfClass[rowIds[i]] = columnIds[assignment[i]];
                    matched += value;
                }
            }
        }
        // Classes left without a cluster take the free clusters in ascending order (zero cells: the total is unchanged,
        // but with at least as many clusters as classes every class then has a partner, as in a square assignment).
        var taken = new bool[c];
        foreach (int j in clusterOfClass) if (j >= 0) taken[j] = true;
        int free = 0;
        for (int i = 0; i < r; i++)
        {
            if (clusterOfClass[i] >= 0) continue;
            while (free < c && taken[free]) free++;
            if (free == c) break;
            clusterOfClass[i] = free;
            taken[free] = true;
        }
        return (clusterOfClass, matched);
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }

    private static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
    }
}
