namespace Agrupa.Reduction;

/// <summary>How <see cref="Tsne"/> computes the repulsive part of the gradient.</summary>
public enum TsneGradientMethod
{
    /// <summary>
    /// Exact for at most <see cref="TsneOptions.ExactMaxCount"/> points, Barnes–Hut below 10,000 points and FFT
    /// interpolation from 10,000 on (openTSNE's <c>negative_gradient_method='auto'</c>, Poličar et al. 2024).
    /// Barnes–Hut and FFT need a 2-D output; other output dimensions use the exact gradient.
    /// </summary>
    Auto,

    /// <summary>Exact O(n²) gradient with dense affinities over all n − 1 neighbours (van der Maaten &amp; Hinton 2008).</summary>
    Exact,

    /// <summary>Barnes–Hut quadtree approximation, cells accepted when size / distance &lt; θ (van der Maaten 2014). 2-D only.</summary>
    BarnesHut,

    /// <summary>FFT-accelerated polynomial interpolation on an equispaced grid (FIt-SNE, Linderman et al. 2019). 2-D only.</summary>
    Fft,
}
