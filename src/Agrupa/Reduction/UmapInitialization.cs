namespace Agrupa.Reduction;

/// <summary>How <see cref="Umap"/> places points before the SGD layout.</summary>
public enum UmapInitialization
{
    /// <summary>Eigenvectors of the normalised graph Laplacian (umap-learn's default 'spectral'); falls back to random, with a progress warning, if the eigensolver fails.</summary>
    Spectral,

    /// <summary>Uniform in [−10, 10] per coordinate (umap-learn's 'random').</summary>
    Random,
}
