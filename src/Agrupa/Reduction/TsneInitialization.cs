namespace Agrupa.Reduction;

/// <summary>Starting layout of <see cref="Tsne"/>.</summary>
public enum TsneInitialization
{
    /// <summary>
    /// The first principal components of the centred data, rescaled so that column 0 has standard deviation 1e-4
    /// (scikit-learn's and openTSNE's default; Kobak &amp; Linderman, Nature Biotechnology 2021, show it preserves global
    /// structure better than a random start).
    /// </summary>
    Pca,

    /// <summary>Gaussian noise with standard deviation 1e-4, drawn with <see cref="TsneOptions.Seed"/> (van der Maaten &amp; Hinton 2008).</summary>
    Random,
}
