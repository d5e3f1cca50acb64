namespace Agrupa.Neighbors;

/// <summary>
/// Options for <see cref="NearestNeighborDescent"/>. Null means "as umap-learn calls pynndescent" (McInnes, umap/umap_.py
/// <c>nearest_neighbors</c>; Dong, Charikar &amp; Li, WWW 2011).
/// </summary>
public sealed record NearestNeighborDescentOptions
{
    /// <summary>Distance.</summary>
    public NeighborMetric Metric { get; init; } = NeighborMetric.Euclidean;

    /// <summary>Random-projection trees for the initial graph; null = min(64, 5 + round(√n / 20)) (umap-learn).</summary>
    public int? Trees { get; init; }

    /// <summary>Points per tree leaf at most (splits stop below it); null = max(10, k) (pynndescent).</summary>
    public int? LeafSize { get; init; }

    /// <summary>NN-descent iterations at most; null = max(5, round(log₂ n)) (pynndescent, umap-learn).</summary>
    public int? Iterations { get; init; }

    /// <summary>New and old candidates sampled per point and iteration (forward and reverse); 60 as umap-learn.</summary>
    public int MaxCandidates { get; init; } = 60;

    /// <summary>Stop when an iteration improves fewer than Delta · k · n heap entries (pynndescent's 0.001).</summary>
    public double Delta { get; init; } = 0.001;

    /// <summary>Seed for the trees, the random fill and the candidate sampling. Same seed → same graph, whatever the thread count.</summary>
    public int Seed { get; init; }
}
