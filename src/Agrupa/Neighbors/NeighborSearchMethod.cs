namespace Agrupa.Neighbors;

/// <summary>Which k-nearest-neighbour algorithm <see cref="NeighborSearch"/> runs.</summary>
public enum NeighborSearchMethod
{
    /// <summary>Exact below 4,096 points, NN-descent from there on (umap-learn's rule).</summary>
    Auto,

    /// <summary>Exact blocked search (<see cref="ExactNeighbors"/>): n² d work, always correct.</summary>
    Exact,

    /// <summary>Approximate NN-descent with random-projection-tree initialisation (<see cref="NearestNeighborDescent"/>).</summary>
    Descent,
}
