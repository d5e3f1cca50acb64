namespace Agrupa.LinearAlgebra;

/// <summary>
/// Exact solution of the linear assignment problem (Kuhn 1955; the shortest-augmenting-path form with row and column
/// potentials of Jonker &amp; Volgenant, Computing 38, 1987): given an r×c cost matrix, pick at most one entry per row and
/// per column, min(r, c) entries in all, so that their total cost is smallest (or largest with <c>maximize</c>).
/// Rectangular matrices are allowed: when r &gt; c, r − c rows stay unassigned. The same problem as SciPy's
/// <c>scipy.optimize.linear_sum_assignment</c>; when several assignments are optimal, the one returned may differ from
/// SciPy's, the total never does.
/// </summary>
/// <remarks>
/// Each of the min(r, c) augmentations grows a shortest-path tree over the columns, so the time is O(min(r,c)² · max(r,c))
/// and the memory O(r·c) for the matrix plus O(r + c). Costs must be finite. With integer costs (counts, as in
/// clustering accuracy) every potential is an integer held exactly in a double, so the result is exact.
/// </remarks>
public static class LinearAssignment
{
    /// <summary>
    /// The optimal assignment of <paramref name="costs"/> (r×c, finite values): for each row the column it is assigned to,
    /// or −1 when r &gt; c leaves it unassigned.
    /// </summary>
    /// <param name="costs">Cost (or, with <paramref name="maximize"/>, profit) of assigning row i to column j.</param>
    /// <param name="maximize">Maximise the total instead of minimising it.</param>
    /// <exception cref="ArgumentException">A cost is NaN or infinite.</exception>
    public static int[] Solve(double[,] costs, bool maximize = false)
    {
        ArgumentNullException.ThrowIfNull(costs);
        int rows = costs.GetLength(0), columns = costs.GetLength(1);
        foreach (double value in costs)
            if (!double.IsFinite(value))
                throw new ArgumentException($"Assignment costs must be finite; found {value}.", nameof(costs));
        var result = new int[rows];
        Array.Fill(result, -1);
        if (rows == 0 || columns == 0) return result;
        double sign = maximize ? -1 : 1;
        bool wide = rows <= columns;
        int shortSide = wide ? rows : columns, longSide = wide ? columns : rows;
        var oriented = new double[(long)shortSide * longSide];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                oriented[wide ? (long)i * columns + j : (long)j * rows + i] = sign * costs[i, j];
        int[] assigned = SolveWide(shortSide, longSide, oriented);
        if (wide) Array.Copy(assigned, result, rows);
        else for (int j = 0; j < columns; j++) result[assigned[j]] = j;
        return result;
    }

    /// <summary>The total cost of an assignment returned by <see cref="Solve"/> (unassigned rows add nothing).</summary>
    public static double TotalCost(double[,] costs, IReadOnlyList<int> assignment)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(assignment);
        double total = 0;
        for (int i = 0; i < assignment.Count; i++)
            if (assignment[i] >= 0) total += costs[i, assignment[i]];
        return total;
    }

    /// <summary>
    /// Minimum-cost assignment of every one of <paramref name="rows"/> rows to distinct columns (rows ≤ columns), by
    /// successive shortest augmenting paths with potentials u (rows) and v (columns); index 0 of the column arrays is a
    /// virtual column that roots each search. <paramref name="cost"/> is rows×columns, row-major.
    /// </summary>
    private static int[] SolveWide(int rows, int columns, double[] cost)
    {
        var u = new double[rows + 1];
        var v = new double[columns + 1];
        var rowOfColumn = new int[columns + 1];   // 1-based row matched to column j, 0 when free
        var previous = new int[columns + 1];      // the column before j on the shortest path
        var shortest = new double[columns + 1];
        var used = new bool[columns + 1];
        for (int row = 1; row <= rows; row++)
        {
            rowOfColumn[0] = row;
            int column = 0;
            Array.Fill(shortest, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[column] = true;
                int current = rowOfColumn[column];
                ReadOnlySpan<double> rowCosts = cost.AsSpan((int)((long)(current - 1) * columns), columns);
                double delta = double.PositiveInfinity;
                int next = 0;
                for (int j = 1; j <= columns; j++)
                {
                    if (used[j]) continue;
                    double reduced = rowCosts[j - 1] - u[current] - v[j];
                    if (reduced < shortest[j]) { shortest[j] = reduced; previous[j] = column; }
                    if (shortest[j] < delta) { delta = shortest[j]; next = j; }
                }
                for (int j = 0; j <= columns; j++)
                {
                    if (used[j]) { u[rowOfColumn[j]] += delta; v[j] -= delta; }
                    else shortest[j] -= delta;
                }
                column = next;
            }
            while (rowOfColumn[column] != 0);
            do
            {
                int before = previous[column];
                rowOfColumn[column] = rowOfColumn[before];
                column = before;
            }
            while (column != 0);
        }
        var assignment = new int[rows];
        for (int j = 1; j <= columns; j++)
            if (rowOfColumn[j] != 0) assignment[rowOfColumn[j] - 1] = j - 1;
        return assignment;
    }
}
