using Agrupa.Data;

namespace Agrupa.Clustering;

/// <summary>A fitted clustering: immutable; <see cref="Predict"/> is thread-safe.</summary>
public interface IClusteringModel
{
    /// <summary>Cluster of each training row (0-based; -1 = noise for density-based methods).</summary>
    IReadOnlyList<int> Labels { get; }

    /// <summary>Number of clusters found or requested (noise not counted).</summary>
    int ClusterCount { get; }

    /// <summary>
    /// Assigns new rows (same feature count as the training data) to the fitted clusters, with a confidence in [0, 1]
    /// per row. Methods that cannot place new points throw <see cref="NotSupportedException"/> saying so.
    /// </summary>
    ClusterAssignment Predict(Dataset data);
}
