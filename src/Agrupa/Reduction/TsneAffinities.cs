using Agrupa.Neighbors;
using Agrupa.Runtime;

namespace Agrupa.Reduction;

/// <summary>
/// t-SNE's input similarities (van der Maaten &amp; Hinton, JMLR 2008, §2; van der Maaten, JMLR 2014, §4.1): for each
/// point a Gaussian over its k nearest neighbours whose precision β is found by bisection so that the entropy of
/// p(j|i) equals log(perplexity), then the symmetrised joint P = (P + Pᵀ) / 2n, kept sparse.
/// </summary>
/// <remarks>
/// The bisection copies scikit-learn's <c>_binary_search_perplexity</c> (start β = 1, double or halve until bracketed,
/// then halve the bracket, at most 100 steps, stop when |H − log perplexity| ≤ 1e-5, squared Euclidean distances)
/// except that distances are shifted by the nearest one before exponentiating, which leaves p(j|i) unchanged and avoids
/// the underflow of exp(−β d²) for far-apart data.
/// </remarks>
internal static class TsneAffinities
{
    private const double EntropyTolerance = 1e-5;
    private const int MaxBisectionSteps = 100;

    /// <summary>
    /// The symmetric joint probabilities from a k-NN graph of the points themselves (self loops are dropped wherever
    /// they appear; if a row does not contain itself its last neighbour is dropped instead).
    /// </summary>
    public static TsneAffinityMatrix FromNeighbors(NeighborGraph graph, double perplexity, CancellationToken cancellationToken = default)
    {
        int n = graph.Count;
        int k = graph.NeighborCount - 1;
        if (k < 1) throw new ArgumentException("The neighbour graph must hold at least one neighbour besides each point itself.", nameof(graph));
        var neighbors = new int[(long)n * k];
        var squared = new double[(long)n * k];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<int> row = graph.NeighborsOf(i);
            ReadOnlySpan<float> distances = graph.DistancesOf(i);
            int written = 0;
            for (int t = 0; t < row.Length && written < k; t++)
            {
                if (row[t] == i) continue;
                neighbors[(long)i * k + written] = row[t];
                squared[(long)i * k + written] = (double)distances[t] * distances[t];
                written++;
            }
        }
        double[] conditional = ConditionalProbabilities(squared, n, k, perplexity, cancellationToken);
        return Symmetrize(neighbors, conditional, n, k);
    }

    /// <summary>
    /// p(j|i) for each row of <paramref name="squaredDistances"/> (n×k, squared distances to the k neighbours, self
    /// excluded), calibrated to <paramref name="perplexity"/>. Rows sum to 1.
    /// </summary>
    public static double[] ConditionalProbabilities(double[] squaredDistances, int n, int k, double perplexity, CancellationToken cancellationToken = default)
    {
        var probabilities = new double[(long)n * k];
        double desiredEntropy = Math.Log(perplexity);
        Parallel.For(0, n, ThreadBudget.Options, i =>
        {
            if ((i & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var distances = new ReadOnlySpan<double>(squaredDistances, i * k, k);
            var p = new Span<double>(probabilities, i * k, k);
            double nearest = double.PositiveInfinity;
            foreach (double d in distances) nearest = Math.Min(nearest, d);
            double beta = 1, betaMin = double.NegativeInfinity, betaMax = double.PositiveInfinity;
            for (int step = 0; step < MaxBisectionSteps; step++)
            {
                double sum = 0;
                for (int j = 0; j < k; j++)
                {
                    p[j] = Math.Exp(-(distances[j] - nearest) * beta);
                    sum += p[j];
                }
                double weighted = 0;
                for (int j = 0; j < k; j++)
                {
                    p[j] /= sum;
                    weighted += (distances[j] - nearest) * p[j];
                }
                double entropy = Math.Log(sum) + beta * weighted;
                double difference = entropy - desiredEntropy;
                if (Math.Abs(difference) <= EntropyTolerance) break;
                if (difference > 0)
                {
                    betaMin = beta;
                    beta = double.IsPositiveInfinity(betaMax) ? beta * 2 : (beta + betaMax) / 2;
                }
                else
                {
                    betaMax = beta;
                    beta = double.IsNegativeInfinity(betaMin) ? beta / 2 : (beta + betaMin) / 2;
                }
            }
        });
        return probabilities;
    }

    /// <summary>(P + Pᵀ) / sum for the n×k conditional probabilities with neighbour indices <paramref name="neighbors"/>.</summary>
    public static TsneAffinityMatrix Symmetrize(int[] neighbors, double[] conditional, int n, int k)
    {
        var rowCount = new int[n];
        for (int i = 0; i < n; i++)
        {
            rowCount[i] += k;
            for (int t = 0; t < k; t++) rowCount[neighbors[(long)i * k + t]]++;
        }
        var start = new long[n + 1];
        for (int i = 0; i < n; i++) start[i + 1] = start[i] + rowCount[i];
        var columns = new int[start[n]];
        var values = new double[start[n]];
        var fill = new long[n];
        for (int i = 0; i < n; i++) fill[i] = start[i];
        for (int i = 0; i < n; i++)
        {
            for (int t = 0; t < k; t++)
            {
                int j = neighbors[(long)i * k + t];
                double p = conditional[(long)i * k + t];
                columns[fill[i]] = j; values[fill[i]++] = p;
                columns[fill[j]] = i; values[fill[j]++] = p;
            }
        }
        // Sort each row by column and merge the pairs found in both directions.
        var merged = new int[n];
        Parallel.For(0, n, ThreadBudget.Options, i =>
        {
            int from = (int)start[i], length = rowCount[i];
            Array.Sort(columns, values, from, length);
            int write = from;
            for (int r = from; r < from + length; r++)
            {
                if (write > from && columns[write - 1] == columns[r]) values[write - 1] += values[r];
                else { columns[write] = columns[r]; values[write] = values[r]; write++; }
            }
            merged[i] = write - from;
        });
        var rowStart = new int[n + 1];
        for (int i = 0; i < n; i++) rowStart[i + 1] = checked(rowStart[i] + merged[i]);
        var finalColumns = new int[rowStart[n]];
        var finalValues = new double[rowStart[n]];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            Array.Copy(columns, start[i], finalColumns, rowStart[i], merged[i]);
            Array.Copy(values, start[i], finalValues, rowStart[i], merged[i]);
            for (int r = rowStart[i]; r < rowStart[i + 1]; r++) total += finalValues[r];
        }
        double scale = 1 / Math.Max(total, double.Epsilon);
        for (int r = 0; r < finalValues.Length; r++) finalValues[r] *= scale;
        return new TsneAffinityMatrix(n, rowStart, finalColumns, finalValues);
    }
}
