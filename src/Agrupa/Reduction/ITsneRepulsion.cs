namespace Agrupa.Reduction;

/// <summary>
/// The repulsive half of the t-SNE gradient. With wᵢⱼ = 1/(1 + ‖yᵢ − yⱼ‖²) and Z = Σ_{i≠j} wᵢⱼ, an implementation
/// fills rᵢ = Σⱼ wᵢⱼ² (yᵢ − yⱼ) (not yet divided by Z) and returns Z; the gradient (without sklearn's factor 4) is
/// then Σⱼ pᵢⱼ wᵢⱼ (yᵢ − yⱼ) − rᵢ / Z.
/// </summary>
internal interface ITsneRepulsion
{
    /// <summary>Fills <paramref name="repulsion"/> (n×dims, row-major) from <paramref name="embedding"/> and returns Z.</summary>
    double Compute(double[] embedding, double[] repulsion);
}
