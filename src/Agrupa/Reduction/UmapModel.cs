using Agrupa.Data;
using Agrupa.Neighbors;

namespace Agrupa.Reduction;

/// <summary>
/// A fitted UMAP: the training embedding plus what <see cref="Transform"/> needs (training rows, embedding, a, b).
/// Immutable; <see cref="Transform"/> may be called from several threads at once.
/// </summary>
public sealed class UmapModel : IReductionModel
{
    private readonly Dataset _training;

    internal UmapModel(Dataset training, Dataset embedding, UmapOptions options, int neighborCount, double a, double b)
    {
        _training = training;
        Embedding = embedding;
        Options = options;
        NeighborCount = neighborCount;
        A = a;
        B = b;
    }

    /// <inheritdoc />
    public Dataset Embedding { get; }

    /// <summary>The options the model was fitted with.</summary>
    public UmapOptions Options { get; }

    /// <summary>Neighbours used (the option, capped at the row count).</summary>
    public int NeighborCount { get; }

    /// <summary>Curve parameter a in force.</summary>
    public double A { get; }

    /// <summary>Curve parameter b in force.</summary>
    public double B { get; }

    /// <summary>
    /// Embeds new rows as umap-learn's <c>transform</c>: each new point's k nearest training points (exact search here),
    /// memberships with local connectivity reduced by one, initial position = membership-weighted mean of the
    /// neighbours' embeddings, then SGD moving only the new points (epochs: 100 for at most 10,000 new rows else 30,
    /// or a third of Epochs; step lr/4). Training points do not move; results are deterministic for a seed.
    /// </summary>
    public Dataset Transform(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != _training.FeatureCount)
            throw new ArgumentException($"UMAP was fitted on {_training.FeatureCount} features, got {data.FeatureCount}.", nameof(data));
        FiniteCheck.Require(data.FeatureArray, data.FeatureCount, "UMAP", nameof(data));
        int m = data.Count, k = NeighborCount, dim = Options.Dimensions;
        NeighborGraph knn = NeighborSearch.Exact(_training.FeatureArray, _training.Count, _training.FeatureCount,
            data.FeatureArray, m, k, Options.Metric);
        double connectivity = Math.Max(0.0, Options.LocalConnectivity - 1.0);
        var (sigmas, rhos) = FuzzySimplicialSet.SmoothKnnDistances(knn.Distances, m, k, k, localConnectivity: connectivity);
        float[] strengths = FuzzySimplicialSet.MembershipStrengths(knn, sigmas, rhos, bipartite: true);
        float[] trained = Embedding.FeatureArray;
        var embedding = new float[(long)m * dim];
        for (int i = 0; i < m; i++)
        {
            double total = 0;
            for (int j = 0; j < k; j++) total += strengths[i * k + j];
            for (int j = 0; j < k; j++)
            {
                double weight = total > 0 ? strengths[i * k + j] / total : 1.0 / k;
                int neighbor = knn.Indices[i * k + j];
                for (int d = 0; d < dim; d++) embedding[i * dim + d] += (float)(weight * trained[neighbor * dim + d]);
            }
        }
        int epochs = Options.Epochs is { } e ? Math.Max(1, e / 3) : (m <= 10_000 ? 100 : 30);
        float max = strengths.Length == 0 ? 0 : strengths.Max();
        var starts = new int[m + 1];
        var tails = new List<int>(m * k);
        var weights = new List<float>(m * k);
        for (int i = 0; i < m; i++)
        {
            var row = new List<(int Tail, float Weight)>(k);
            for (int j = 0; j < k; j++)
            {
                float w = strengths[i * k + j];
                if (w > 0 && w >= max / epochs) row.Add((knn.Indices[i * k + j], w));
            }
            row.Sort((x, y) => x.Tail.CompareTo(y.Tail));
            foreach (var (tail, w) in row) { tails.Add(tail); weights.Add(w); }
            starts[i + 1] = tails.Count;
        }
        double[] epochsPerSample = UmapLayout.EpochsPerSample(weights.ToArray(), epochs);
        UmapLayout.Optimize(embedding, trained, dim, starts, tails.ToArray(), epochsPerSample, A, B, Options.RepulsionStrength,
            Options.LearningRate / 4.0, Options.NegativeSampleRate, epochs, Options.Seed, null, CancellationToken.None);
        return data.WithFeatures(embedding, dim);
    }
}
