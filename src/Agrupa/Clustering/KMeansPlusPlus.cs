namespace Agrupa.Clustering;

/// <summary>
/// Greedy k-means++ seeding (Arthur &amp; Vassilvitskii, SODA 2007), step for step as scikit-learn's
/// <c>_kmeans_plusplus</c>: the first centre is a row drawn with probability proportional to its weight; every
/// further centre draws 2 + ⌊ln k⌋ candidates with probability proportional to weight × D² (D = distance to the closest
/// centre chosen so far) by a binary search on the cumulative float64 sum (clipped to the last row against round-off),
/// and keeps the candidate whose addition gives the smallest potential Σ w·min(D², d²); the first such candidate wins
/// ties. Random numbers come from <see cref="Random"/>, so the chosen rows differ from scikit-learn's for the same seed.
/// </summary>
internal static unsafe class KMeansPlusPlus
{
    /// <summary>Chooses <paramref name="k"/> rows of <paramref name="rows"/> as initial centres (k×d, row-major).</summary>
    public static float[] Seed(CenteredRows rows, int k, Random random, CancellationToken cancellationToken)
    {
        int n = rows.Count, d = rows.Features;
        var centers = new float[(long)k * d];
        int trials = 2 + (int)Math.Log(k);
        var partitions = new RowPartitions(n);
        var cumulative = new double[n];

        // First centre: probability proportional to the sample weight (uniform without weights).
        int first;
        if (rows.Weights is null) first = random.Next(n);
        else
        {
            Accumulate(rows.Weights, null, cumulative);
            first = SearchSorted(cumulative, random.NextDouble() * cumulative[n - 1]);
        }
        Array.Copy(rows.Values, (long)first * d, centers, 0, d);
        var closest = new double[n];
        Distances(rows, centers, 1, partitions, [closest], cancellationToken);
        double potential = WeightedSum(rows, closest, partitions);

        var candidates = new int[trials];
        var candidateCenters = new float[(long)trials * d];
        var candidateDistances = new double[trials][];
        for (int t = 0; t < trials; t++) candidateDistances[t] = new double[n];
        for (int c = 1; c < k; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Accumulate(closest, rows.Weights, cumulative);
            for (int t = 0; t < trials; t++)
            {
                candidates[t] = Math.Min(SearchSorted(cumulative, random.NextDouble() * potential), n - 1);
                Array.Copy(rows.Values, (long)candidates[t] * d, candidateCenters, (long)t * d, d);
            }
            Distances(rows, candidateCenters, trials, partitions, candidateDistances, cancellationToken);
            int best = 0;
            double bestPotential = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                double[] distances = candidateDistances[t];
                for (int i = 0; i < n; i++) distances[i] = Math.Min(distances[i], closest[i]);
                double candidatePotential = WeightedSum(rows, distances, partitions);
                if (candidatePotential < bestPotential) { bestPotential = candidatePotential; best = t; }
            }
            potential = bestPotential;
            Array.Copy(candidateDistances[best], closest, n);
            Array.Copy(rows.Values, (long)candidates[best] * d, centers, (long)c * d, d);
        }
        return centers;
    }

    /// <summary>numpy's <c>searchsorted(side='left')</c>: the first index whose cumulative value is ≥ <paramref name="value"/>.</summary>
    internal static int SearchSorted(double[] cumulative, double value)
    {
        int low = 0, high = cumulative.Length;
        while (low < high)
        {
            int middle = low + (high - low) / 2;
            if (cumulative[middle] < value) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    private static void Accumulate(double[] values, double[]? weights, double[] cumulative)
    {
        double total = 0;
        for (int i = 0; i < values.Length; i++)
        {
            total += weights is null ? values[i] : values[i] * weights[i];
            cumulative[i] = total;
        }
    }

    private static double WeightedSum(CenteredRows rows, double[] values, RowPartitions partitions)
    {
        var partial = new double[partitions.Count];
        partitions.ForEach(p =>
        {
            double sum = 0;
            int start = partitions.Start(p), end = start + partitions.Length(p);
            for (int i = start; i < end; i++) sum += rows.Weights is null ? values[i] : values[i] * rows.Weights[i];
            partial[p] = sum;
        });
        double total = 0;
        foreach (double value in partial) total += value;
        return total;
    }

    /// <summary>Squared distances (float64, clamped at 0) of every row to each of <paramref name="count"/> centres.</summary>
    private static void Distances(CenteredRows rows, float[] centers, int count, RowPartitions partitions, double[][] output,
        CancellationToken cancellationToken)
    {
        int d = rows.Features;
        var norms = new double[count];
        fixed (float* c = centers)
            for (int t = 0; t < count; t++) norms[t] = CenterKernels.SquaredNorm(c + (long)t * d, d);
        partitions.ForEach(p =>
        {
            float* dots = stackalloc float[4 * count];
            int start = partitions.Start(p), end = start + partitions.Length(p);
            fixed (float* x = rows.Values)
            fixed (float* c = centers)
                for (int i = start; i < end; i += 4)
                {
                    int block = Math.Min(4, end - i);
                    CenterKernels.Dots(x + (long)i * d, block, d, c, count, dots);
                    for (int r = 0; r < block; r++)
                        for (int t = 0; t < count; t++)
                            output[t][i + r] = Math.Max(0.0, rows.SquaredNorms[i + r] + norms[t] - 2.0 * dots[r * count + t]);
                }
        }, cancellationToken);
    }
}
