using Agrupa.LinearAlgebra;

namespace Agrupa.Tests.LinearAlgebra;

public sealed class LinearAssignmentTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        for (int r = 1; r <= 7; r++)
            for (int c = 1; c <= 7; c++)
                data.Add(r, c);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesBruteForceOnRandomMatrices(int rows, int columns)
    {
        var random = new Random(rows * 31 + columns);
        for (int trial = 0; trial < 6; trial++)
        {
            bool integers = trial % 2 == 0;
            var costs = new double[rows, columns];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++)
                    costs[i, j] = integers ? random.Next(0, 5) : random.NextDouble() * 200 - 100;   // integers: many ties
            foreach (bool maximize in new[] { false, true })
            {
                int[] assignment = LinearAssignment.Solve(costs, maximize);
                AssertValid(assignment, rows, columns);
                double expected = BruteForce(costs, maximize);
                Assert.Equal(expected, LinearAssignment.TotalCost(costs, assignment), 9);
            }
        }
    }

    [Fact]
    public void SolvesAHandComputedCase()
    {
        // By hand over the six permutations: the minimum is (0→1, 1→0, 2→2) = 1 + 2 + 2 = 5, unique.
        double[,] costs = { { 4, 1, 3 }, { 2, 0, 5 }, { 3, 2, 2 } };
        Assert.Equal([1, 0, 2], LinearAssignment.Solve(costs));
        Assert.Equal(5, LinearAssignment.TotalCost(costs, LinearAssignment.Solve(costs)));
        Assert.Equal(11, LinearAssignment.TotalCost(costs, LinearAssignment.Solve(costs, maximize: true)));   // 4 + 5 + 2
    }

    [Fact]
    public void TallMatrixLeavesRowsUnassigned()
    {
        double[,] costs = { { 9, 9 }, { 1, 9 }, { 9, 1 }, { 9, 9 } };
        Assert.Equal([-1, 0, 1, -1], LinearAssignment.Solve(costs));
    }

    [Fact]
    public void EmptyMatrixGivesNoAssignment()
    {
        Assert.Empty(LinearAssignment.Solve(new double[0, 3]));
        Assert.Equal([-1, -1], LinearAssignment.Solve(new double[2, 0]));
    }

    [Fact]
    public void RejectsNonFiniteCosts()
    {
        var error = Assert.Throws<ArgumentException>(() => LinearAssignment.Solve(new[,] { { 1, double.NaN } }));
        Assert.Contains("finite", error.Message);
    }

    [Fact]
    public void LargeIntegerProblemIsConsistentWithItsDual()
    {
        // 200×300 random counts: the maximum must be at least the greedy one and every row assigned once.
        var random = new Random(5);
        var costs = new double[200, 300];
        for (int i = 0; i < 200; i++) for (int j = 0; j < 300; j++) costs[i, j] = random.Next(0, 1000);
        int[] assignment = LinearAssignment.Solve(costs, maximize: true);
        AssertValid(assignment, 200, 300);
        double total = LinearAssignment.TotalCost(costs, assignment);
        Assert.True(total >= Greedy(costs), $"Hungarian total {total} below greedy {Greedy(costs)}");
        // No improving swap between two assigned rows (2-opt optimality, a necessary condition).
        for (int a = 0; a < 200; a++)
            for (int b = a + 1; b < 200; b++)
                Assert.True(costs[a, assignment[a]] + costs[b, assignment[b]] >= costs[a, assignment[b]] + costs[b, assignment[a]]);
    }

    private static void AssertValid(int[] assignment, int rows, int columns)
    {
        Assert.Equal(rows, assignment.Length);
        var used = new HashSet<int>();
        foreach (int j in assignment)
        {
            if (j < 0) continue;
            Assert.InRange(j, 0, columns - 1);
            Assert.True(used.Add(j), "column used twice");
        }
        Assert.Equal(Math.Min(rows, columns), used.Count);
    }

    private static double BruteForce(double[,] costs, bool maximize)
    {
        int rows = costs.GetLength(0), columns = costs.GetLength(1);
        bool transpose = rows > columns;
        int small = Math.Min(rows, columns), large = Math.Max(rows, columns);
        double best = maximize ? double.NegativeInfinity : double.PositiveInfinity;
        var chosen = new int[small];
        var used = new bool[large];
        void Recurse(int depth, double sum)
        {
            if (depth == small)
            {
                best = maximize ? Math.Max(best, sum) : Math.Min(best, sum);
                return;
            }
            for (int j = 0; j < large; j++)
            {
                if (used[j]) continue;
                used[j] = true;
                Recurse(depth + 1, sum + (transpose ? costs[j, depth] : costs[depth, j]));
                used[j] = false;
            }
        }
        Recurse(0, 0);
        return best;
    }

    private static double Greedy(double[,] costs)
    {
        int rows = costs.GetLength(0), columns = costs.GetLength(1);
        var used = new bool[columns];
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            int best = -1;
            for (int j = 0; j < columns; j++) if (!used[j] && (best < 0 || costs[i, j] > costs[i, best])) best = j;
            used[best] = true;
            total += costs[i, best];
        }
        return total;
    }
}
