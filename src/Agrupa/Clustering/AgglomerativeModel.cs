using Agrupa.Data;

namespace Agrupa.Clustering;

/// <summary>A fitted <see cref="Agglomerative"/> clustering: flat labels and the dendrogram. Immutable.</summary>
public sealed class AgglomerativeModel : IClusteringModel
{
    private readonly int[] _labels;

    internal AgglomerativeModel(AgglomerativeOptions options, Dendrogram dendrogram, int[] labels, int featureCount)
    {
        Options = options;
        Dendrogram = dendrogram;
        _labels = labels;
        FeatureCount = featureCount;
        ClusterCount = labels.Length == 0 ? 0 : labels.Max() + 1;
    }

    /// <summary>The options the model was fitted with.</summary>
    public AgglomerativeOptions Options { get; }

    /// <summary>Features per training row.</summary>
    public int FeatureCount { get; }

    /// <summary>The full merge tree (SciPy linkage format), for plots or other cuts.</summary>
    public Dendrogram Dendrogram { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels;

    /// <inheritdoc />
    public int ClusterCount { get; }

    /// <summary>Not supported: a hierarchy built on the training rows does not define where a new point belongs.</summary>
    /// <exception cref="NotSupportedException">Always, with advice.</exception>
    public ClusterAssignment Predict(Dataset data) =>
        throw new NotSupportedException("Agglomerative clustering cannot place new points (as scikit-learn's AgglomerativeClustering has no predict): " +
            "refit on the combined data, or train a classifier (e.g. nearest centroid of the fitted Labels) to assign new rows.");
}
