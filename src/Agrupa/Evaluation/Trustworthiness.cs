using Agrupa.Data;
using Agrupa.Runtime;
using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Evaluation;

/// <summary>
/// Trustworthiness of an embedding (Venna &amp; Kaski, ICANN 2001): how far the embedding's k nearest neighbours of each
/// point are from being its neighbours in the original space, as scikit-learn's <c>sklearn.manifold.trustworthiness</c>
/// (Euclidean): T(k) = 1 − 2 / (n k (2n − 3k − 1)) · Σ_i Σ_(j ∈ U_k(i)) max(0, r(i, j) − k), with r(i, j) the rank of j
/// among i's neighbours in the original space (1 = nearest) and U_k(i) i's k nearest neighbours in the embedding.
/// </summary>
/// <remarks>
/// <para>Range [0, 1]: 1 when every embedded neighbourhood is an original neighbourhood; a random embedding gives
/// about 0.5. Needs k &lt; n / 2 (as scikit-learn). Ties in original distances are ranked in favour of the embedded
/// neighbour (scikit-learn's order among exact ties depends on its sort); with continuous data there are none.</para>
/// <para>Blocked, never n×n: for a block of query points at a time, float64 squared distances to all n points are
/// formed by a torch matrix product on mean-centred data — in the embedding, for its k nearest neighbours (top-k),
/// then in the original space, where each embedded neighbour's rank is counted directly (points strictly closer), no
/// sort. /// Memory: a block × n tile. Time: n²·d multiply-adds, or m·n·d with <see cref="TrustworthinessOptions.SampleSize"/> = m.</para>
/// </remarks>
public static class Trustworthiness
{
    /// <summary>
    /// Trustworthiness of <paramref name="embedding"/> (count × embeddingDimensions) for <paramref name="original"/>
    /// (count × originalDimensions), both row-major with the same row order.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, or a NaN or infinite value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">k is not below n / 2, or an option is out of range.</exception>
    public static double Score(float[] original, int count, int originalDimensions, float[] embedding, int embeddingDimensions,
        TrustworthinessOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TrustworthinessOptions();
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentOutOfRangeException.ThrowIfLessThan(originalDimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDimensions, 1);
        if ((long)count * originalDimensions != original.LongLength)
            throw new ArgumentException($"Expected {count}×{originalDimensions} original values, got {original.LongLength}.", nameof(original));
        if ((long)count * embeddingDimensions != embedding.LongLength)
            throw new ArgumentException($"Expected {count}×{embeddingDimensions} embedding values, got {embedding.LongLength}.", nameof(embedding));
        FiniteCheck.Require(original, originalDimensions, "Trustworthiness (original data)", nameof(original));
        FiniteCheck.Require(embedding, embeddingDimensions, "Trustworthiness (embedding)", nameof(embedding));
        int k = options.Neighbors;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1, "options.Neighbors");
        if (k >= count / 2.0)
            throw new ArgumentOutOfRangeException("options.Neighbors", k, $"Neighbors ({k}) must be less than n / 2 ({count / 2.0}).");
        if (options.SampleSize is { } size) ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, "options.SampleSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BlockRows, 1, "options.BlockRows");

        int[] queries = options.SampleSize is { } m && m < count
            ? FeatureLabels.Sample(count, m, options.Seed)
            : Enumerable.Range(0, count).ToArray();
        int[] embeddedNeighbors = EmbeddedNeighbors(embedding, count, embeddingDimensions, queries, k, options.BlockRows, cancellationToken);
        long penalty = RankPenalty(original, count, originalDimensions, queries, embeddedNeighbors, k, options.BlockRows, cancellationToken);
        double scaledPenalty = (double)penalty * count / queries.Length;
        return 1.0 - scaledPenalty * (2.0 / (count * (double)k * (2.0 * count - 3.0 * k - 1.0)));
    }

    /// <summary>Trustworthiness of <paramref name="embedding"/>'s features for <paramref name="original"/>'s (same rows).</summary>
    public static double Score(Dataset original, Dataset embedding, TrustworthinessOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(embedding);
        if (original.Count != embedding.Count)
            throw new ArgumentException($"The embedding has {embedding.Count} rows, the original data {original.Count}.", nameof(embedding));
        return Score(original.FeatureArray, original.Count, original.FeatureCount, embedding.FeatureArray, embedding.FeatureCount, options, cancellationToken);
    }

    /// <summary>
    /// For each query, its k nearest other points in the embedding (queries × k, nearest first), self excluded as
    /// scikit-learn's <c>kneighbors()</c> without X. Float64 on centred data like the original-space distances: with
    /// float32 the expansion ‖x‖² − 2x·y + ‖y‖² loses close neighbours of points far from the origin.
    /// </summary>
    private static int[] EmbeddedNeighbors(float[] embedding, int count, int dimensions, int[] queries, int k, int blockRows,
        CancellationToken cancellationToken)
    {
        var result = new int[(long)queries.Length * k];
        ForEachQueryBlock(embedding, count, dimensions, queries, blockRows, cancellationToken, (start, length, tile) =>
        {
            var (_, positions) = tile.topk(k, dim: 1, largest: false, sorted: true);
            using (positions)
            using (var positions32 = positions.to_type(torch.int32))
                positions32.data<int>().CopyTo(result.AsSpan((int)((long)start * k), length * k));
        });
        return result;
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with consecutive blocks of queries and their float64 squared distances to all n
    /// points (block × n; the query's own column set to +∞). The tile dies after the call.
    /// </summary>
    private static void ForEachQueryBlock(float[] features, int count, int dimensions, int[] queries, int blockRows,
        CancellationToken cancellationToken, Action<int, int, TorchTensor> visit)
    {
        ThreadBudget.ApplyToTorch();
        using var outer = torch.NewDisposeScope();
        TorchTensor x = Silhouette.CenteredFloat64(features, count, dimensions);
        TorchTensor norms = (x * x).sum(1);
        TorchTensor queryIndex = torch.tensor(queries, torch.int64);
        blockRows = (int)Math.Clamp(16_000_000L / count, 1, blockRows);   // a tile of at most ~128 MB
        for (int start = 0; start < queries.Length; start += blockRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            int length = Math.Min(blockRows, queries.Length - start);
            TorchTensor rows = queryIndex.narrow(0, start, length);
            TorchTensor tile = torch.addmm(norms.index_select(0, rows).unsqueeze(1) + norms.unsqueeze(0), x.index_select(0, rows), x.t(), beta: 1, alpha: -2);
            tile.clamp_min_(0);
            tile.scatter_(1, rows.unsqueeze(1), torch.full(length, 1, double.PositiveInfinity, torch.float64));
            visit(start, length, tile);
        }
    }

    /// <summary>Σ over queries and their embedded neighbours of max(0, original-space rank − k).</summary>
    private static long RankPenalty(float[] original, int count, int dimensions, int[] queries, int[] neighbors, int k, int blockRows,
        CancellationToken cancellationToken)
    {
        using var outer = torch.NewDisposeScope();
        TorchTensor neighborIndex = torch.tensor(neighbors, torch.int64).reshape(queries.Length, k);
        long penalty = 0;
        // Bound the block × k × n comparison mask to about 64 MB.
        int compareRows = (int)Math.Clamp(64_000_000L / ((long)k * count), 1, blockRows);
        ForEachQueryBlock(original, count, dimensions, queries, blockRows, cancellationToken, (start, length, tile) =>
        {
            TorchTensor neighborDistances = tile.gather(1, neighborIndex.narrow(0, start, length));
            for (int sub = 0; sub < length; sub += compareRows)
            {
                using var subScope = torch.NewDisposeScope();
                int subLength = Math.Min(compareRows, length - sub);
                TorchTensor closer = tile.narrow(0, sub, subLength).unsqueeze(1).lt(neighborDistances.narrow(0, sub, subLength).unsqueeze(2));
                TorchTensor ranks = closer.sum(2, type: torch.int64) + 1;   // 1 = nearest
                penalty += (ranks - k).clamp_min_(0).sum().item<long>();
            }
        });
        return penalty;
    }
}
