using Agrupa.Neighbors;

namespace Agrupa.Reduction;

/// <summary>
/// Options for <see cref="Umap"/>. Defaults are umap-learn's (McInnes, Healy &amp; Melville, "UMAP: Uniform Manifold
/// Approximation and Projection for Dimension Reduction", arXiv:1802.03426, 2018; lmcinnes/umap <c>umap_.py</c>).
/// </summary>
public sealed record UmapOptions
{
    /// <summary>
    /// Size of the local neighbourhood, the point itself included (umap-learn's <c>n_neighbors</c>, 15). Larger values
    /// keep more global structure, smaller values more local detail. At least 2.
    /// </summary>
    public int NeighborCount { get; init; } = 15;

    /// <summary>Output dimension (2 for plots, 10–30 before clustering). At least 1.</summary>
    public int Dimensions { get; init; } = 2;

    /// <summary>
    /// Smallest distance between points in the embedding (umap-learn's <c>min_dist</c>, 0.1): smaller packs clusters
    /// tighter. In [0, <see cref="Spread"/>].
    /// </summary>
    public double MinDist { get; init; } = 0.1;

    /// <summary>Scale of the embedded points (umap-learn's <c>spread</c>, 1). Positive.</summary>
    public double Spread { get; init; } = 1.0;

    /// <summary>Initial SGD step (umap-learn's <c>learning_rate</c>, 1), decayed linearly to 0. Positive.</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>SGD epochs; null = umap-learn's default: 500 when n ≤ 10,000, else 200. At least 1.</summary>
    public int? Epochs { get; init; }

    /// <summary>Negative samples per positive sample (umap-learn's <c>negative_sample_rate</c>, 5). At least 0.</summary>
    public int NegativeSampleRate { get; init; } = 5;

    /// <summary>Weight of the repulsive term, γ (umap-learn's <c>repulsion_strength</c>, 1). Non-negative.</summary>
    public double RepulsionStrength { get; init; } = 1.0;

    /// <summary>
    /// Mix between fuzzy union (1, umap-learn's default) and fuzzy intersection (0) when symmetrising the graph
    /// (<c>set_op_mix_ratio</c>). In [0, 1].
    /// </summary>
    public double SetOperationMixRatio { get; init; } = 1.0;

    /// <summary>Neighbours assumed connected at full strength (umap-learn's <c>local_connectivity</c>, 1). Non-negative.</summary>
    public double LocalConnectivity { get; init; } = 1.0;

    /// <summary>Curve parameter a of 1/(1 + a d^(2b)); null = fitted from <see cref="MinDist"/> and <see cref="Spread"/>.</summary>
    public double? A { get; init; }

    /// <summary>Curve parameter b of 1/(1 + a d^(2b)); null = fitted from <see cref="MinDist"/> and <see cref="Spread"/>.</summary>
    public double? B { get; init; }

    /// <summary>Distance in the input space.</summary>
    public NeighborMetric Metric { get; init; } = NeighborMetric.Euclidean;

    /// <summary>k-NN algorithm: exact below 4,096 points, NN-descent above (umap-learn's rule), or forced.</summary>
    public NeighborSearchMethod NeighborSearch { get; init; } = NeighborSearchMethod.Auto;

    /// <summary>Initial layout.</summary>
    public UmapInitialization Initialization { get; init; } = UmapInitialization.Spectral;

    /// <summary>
    /// Seed of every random step (trees, candidate sampling, initial noise, negative sampling). Same seed → same
    /// embedding, bit for bit, whatever the thread count (the layout is parallel but deterministic; see docs/methods/umap.md).
    /// </summary>
    public int Seed { get; init; }
}
