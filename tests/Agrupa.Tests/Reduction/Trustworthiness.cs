namespace Agrupa.Tests.Reduction;

/// <summary>
/// Trustworthiness (Venna &amp; Kaski 2001) as scikit-learn's <c>sklearn.manifold.trustworthiness</c>, brute force
/// (test-only; for small n): 1 − 2/(n k (2n − 3k − 1)) Σᵢ Σ_{j ∈ embedding k-NN(i) \ input k-NN(i)} (rank of j in input − k).
/// </summary>
internal static class Trustworthiness
{
    public static double Compute(float[] input, int inputDims, float[] embedding, int embeddingDims, int k)
    {
        int n = input.Length / inputDims;
        double penalty = 0;
        Parallel.For(0, n, () => 0.0, (i, _, local) =>
        {
            var inputOrder = Order(input, inputDims, n, i);
            var rank = new int[n];
            for (int r = 0; r < inputOrder.Length; r++) rank[inputOrder[r]] = r + 1;
            var embeddingOrder = Order(embedding, embeddingDims, n, i);
            for (int r = 0; r < k; r++)
            {
                int j = embeddingOrder[r];
                if (rank[j] > k) local += rank[j] - k;
            }
            return local;
        }, local => { lock (typeof(Trustworthiness)) penalty += local; });
        return 1.0 - penalty * (2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)));
    }

    private static int[] Order(float[] x, int d, int n, int i)
    {
        var distances = new double[n];
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int c = 0; c < d; c++) { double diff = x[i * d + c] - x[j * d + c]; s += diff * diff; }
            distances[j] = s;
        }
        var order = Enumerable.Range(0, n).Where(j => j != i).ToArray();
        Array.Sort(order, (p, q) => distances[p] != distances[q] ? distances[p].CompareTo(distances[q]) : p.CompareTo(q));
        return order;
    }
}
