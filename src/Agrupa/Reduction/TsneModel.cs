using Agrupa.Data;

namespace Agrupa.Reduction;

/// <summary>
/// A fitted t-SNE embedding: the layout of the training rows and the final KL divergence. t-SNE optimises the points
/// themselves and learns no mapping, so <see cref="Transform"/> refuses new data.
/// </summary>
public sealed class TsneModel : IReductionModel
{
    internal TsneModel(Dataset embedding, double klDivergence, int iterations, TsneGradientMethod method, int neighborCount,
        IReadOnlyList<(int Iteration, double KlDivergence)> history)
    {
        Embedding = embedding;
        KlDivergence = klDivergence;
        Iterations = iterations;
        Method = method;
        NeighborCount = neighborCount;
        History = history;
    }

    /// <inheritdoc />
    public Dataset Embedding { get; }

    /// <summary>
    /// KL(P ‖ Q) of the final layout (natural log, true P, not exaggerated). Exact with the exact gradient; with
    /// Barnes–Hut or FFT, Q's normaliser Z is the approximation's (as openTSNE reports it).
    /// </summary>
    public double KlDivergence { get; }

    /// <summary>Iterations run.</summary>
    public int Iterations { get; }

    /// <summary>The gradient method used (never <see cref="TsneGradientMethod.Auto"/>).</summary>
    public TsneGradientMethod Method { get; }

    /// <summary>Nearest neighbours per point behind P (n − 1 for the exact method).</summary>
    public int NeighborCount { get; }

    /// <summary>KL divergence at each report iteration (1-based iteration numbers).</summary>
    public IReadOnlyList<(int Iteration, double KlDivergence)> History { get; }

    /// <summary>Always throws: t-SNE has no out-of-sample mapping.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public Dataset Transform(Dataset data) =>
        throw new NotSupportedException(
            "t-SNE embeds only the rows it was fitted on and has no mapping for new rows: fit t-SNE on the training and new rows together, or use PCA or UMAP, whose models can transform new data.");
}
