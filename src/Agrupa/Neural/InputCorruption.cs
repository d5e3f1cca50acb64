namespace Agrupa.Neural;

/// <summary>
/// Noise applied to the input while pretraining a denoising autoencoder (Vincent et al., ICML 2008); the clean input
/// stays the reconstruction target. Never applied at inference.
/// </summary>
public enum InputCorruption
{
    /// <summary>No corruption: a plain autoencoder.</summary>
    None,

    /// <summary>
    /// Masking: each input value is zeroed with probability <c>CorruptionLevel</c> and the rest are scaled by
    /// 1/(1 − p), i.e. dropout on the input (DEC's layer-wise pretraining uses dropout 0.2; Xie et al., ICML 2016).
    /// </summary>
    Masking,

    /// <summary>Additive Gaussian noise with standard deviation <c>CorruptionLevel</c>.</summary>
    Gaussian,
}
