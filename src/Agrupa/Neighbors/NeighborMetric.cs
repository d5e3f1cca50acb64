namespace Agrupa.Neighbors;

/// <summary>Distance used to find neighbours.</summary>
public enum NeighborMetric
{
    /// <summary>Euclidean distance ‖x − y‖.</summary>
    Euclidean,

    /// <summary>Cosine distance 1 − x·y / (‖x‖ ‖y‖) (rows of zero norm are left as zero vectors: distance 1 to everything).</summary>
    Cosine,
}
