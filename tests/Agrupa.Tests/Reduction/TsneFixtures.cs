using System.Text.Json;
using Agrupa.Data;

namespace Agrupa.Tests.Reduction;

/// <summary>Reads the scikit-learn fixtures written by Fixtures/tsne/generate.py, and small helpers shared by the t-SNE tests.</summary>
internal static class TsneFixtures
{
    private static readonly Lazy<JsonElement> DigitsJson = new(() => Load("digits.json"));
    private static readonly Lazy<JsonElement> AffinitiesJson = new(() => Load("affinities.json"));

    public static JsonElement Digits => DigitsJson.Value;

    public static JsonElement Affinities => AffinitiesJson.Value;

    public static Dataset DigitsData()
    {
        JsonElement root = Digits;
        float[] features = root.GetProperty("data").EnumerateArray().Select(v => (float)v.GetInt32()).ToArray();
        int[] labels = root.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        return new Dataset("digits", features, root.GetProperty("features").GetInt32(), labels);
    }

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>
    /// Trustworthiness (Venna &amp; Kaski 2001; sklearn.manifold.trustworthiness): 1 − 2/(nk(2n − 3k − 1)) Σᵢ Σ_{j ∈ Uᵢ}
    /// (r(i, j) − k), Uᵢ the embedding's k nearest neighbours of i that are not among its k nearest in the input, r the
    /// rank in the input space. O(n²) memory per row only; for the small test sets.
    /// </summary>
    public static double Trustworthiness(float[] input, int inputDims, float[] embedding, int embeddingDims, int k)
    {
        int n = input.Length / inputDims;
        double penalty = 0;
        object gate = new();
        Parallel.For(0, n, () => 0.0, (i, _, local) =>
        {
            int[] inputOrder = Order(input, inputDims, i, n);
            var rank = new int[n];
            for (int r = 0; r < n; r++) rank[inputOrder[r]] = r; // rank 0 = the point itself
            int[] embeddingOrder = Order(embedding, embeddingDims, i, n);
            for (int r = 1; r <= k; r++)
            {
                int j = embeddingOrder[r];
                if (rank[j] > k) local += rank[j] - k;
            }
            return local;
        }, local => { lock (gate) penalty += local; });
        return 1 - 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)) * penalty;
    }

    private static int[] Order(float[] points, int dims, int i, int n)
    {
        var distances = new double[n];
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int d = 0; d < dims; d++)
            {
                double diff = points[i * dims + d] - points[j * dims + d];
                s += diff * diff;
            }
            distances[j] = j == i ? double.NegativeInfinity : s;
        }
        int[] order = Enumerable.Range(0, n).ToArray();
        Array.Sort(distances, order);
        return order;
    }

    private static JsonElement Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tsne", name);
        using var stream = File.OpenRead(path);
        return JsonDocument.Parse(stream).RootElement.Clone();
    }
}
