namespace Agrupa.Tests.Neighbors;

/// <summary>Seeded synthetic point sets and a brute-force k-NN in double precision for the neighbour tests.</summary>
internal static class NeighborTestData
{
    /// <summary>n points in d dimensions: <paramref name="clusters"/> Gaussian blobs around uniform centres, times <paramref name="scale"/>, plus <paramref name="offset"/>.</summary>
    public static float[] Blobs(int n, int d, int clusters, int seed, float scale = 1f, float offset = 0f)
    {
        var random = new Random(seed);
        var centres = new double[clusters * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = random.NextDouble() * 10;
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(clusters);
            for (int j = 0; j < d; j++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                x[i * d + j] = (float)((centres[c * d + j] + g) * scale + offset);
            }
        }
        return x;
    }

    /// <summary>Exact k-NN by brute force in double: per query, (index, distance) sorted by distance then index.</summary>
    public static (int Index, double Distance)[][] BruteForce(float[] data, float[] queries, int d, int k, bool cosine = false)
    {
        int n = data.Length / d, m = queries.Length / d;
        var result = new (int, double)[m][];
        Parallel.For(0, m, q =>
        {
            var all = new (int, double)[n];
            for (int i = 0; i < n; i++)
            {
                double s = 0, dot = 0, nq = 0, ni = 0;
                for (int j = 0; j < d; j++)
                {
                    double a = queries[q * d + j], b = data[i * d + j];
                    s += (a - b) * (a - b); dot += a * b; nq += a * a; ni += b * b;
                }
                all[i] = (i, cosine ? 1 - dot / Math.Sqrt(nq * ni) : Math.Sqrt(s));
            }
            Array.Sort(all, (x, y) => x.Item2 != y.Item2 ? x.Item2.CompareTo(y.Item2) : x.Item1.CompareTo(y.Item1));
            result[q] = all[..k];
        });
        return result;
    }
}
