namespace Agrupa.Neighbors;

/// <summary>
/// k nearest neighbours of each of n points: row i holds the indices and distances (ascending) of its k neighbours.
/// When built from the points themselves, each point is its own first neighbour at distance 0 (as umap-learn expects).
/// </summary>
public sealed class NeighborGraph
{
    /// <summary>Creates a graph from row-major n×k index and distance arrays (taken over, not copied).</summary>
    public NeighborGraph(int[] indices, float[] distances, int neighborCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neighborCount, 1);
        if (indices.Length != distances.Length || indices.Length % neighborCount != 0)
            throw new ArgumentException($"Index and distance arrays must both be n×{neighborCount}; got {indices.Length} and {distances.Length} values.");
        Indices = indices;
        Distances = distances;
        NeighborCount = neighborCount;
    }

    /// <summary>Number of points n.</summary>
    public int Count => Indices.Length / NeighborCount;

    /// <summary>Neighbours per point k.</summary>
    public int NeighborCount { get; }

    /// <summary>Row-major n×k neighbour indices, each row sorted by ascending distance.</summary>
    public int[] Indices { get; }

    /// <summary>Row-major n×k Euclidean (or cosine) distances, ascending per row.</summary>
    public float[] Distances { get; }

    /// <summary>Indices of the neighbours of point <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> NeighborsOf(int i) => new(Indices, i * NeighborCount, NeighborCount);

    /// <summary>Distances to the neighbours of point <paramref name="i"/>.</summary>
    public ReadOnlySpan<float> DistancesOf(int i) => new(Distances, i * NeighborCount, NeighborCount);

    /// <summary>Fraction of (point, neighbour) pairs of <paramref name="exact"/> also found here (recall).</summary>
    public double RecallAgainst(NeighborGraph exact)
    {
        if (exact.Count != Count) throw new ArgumentException($"Graphs have different point counts: {Count} vs {exact.Count}.", nameof(exact));
        int k = Math.Min(NeighborCount, exact.NeighborCount);
        long hits = 0;
        for (int i = 0; i < Count; i++)
        {
            var mine = new HashSet<int>(NeighborsOf(i).ToArray());
            var truth = exact.NeighborsOf(i)[..k];
            foreach (int j in truth) if (mine.Contains(j)) hits++;
        }
        return (double)hits / ((long)Count * k);
    }
}
