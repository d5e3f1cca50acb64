using Agrupa.Data;

namespace Agrupa.Neural;

/// <summary>
/// A fitted model with a decoder: reconstructs rows through its autoencoder (the experiment report shows originals
/// above reconstructions for image data).
/// </summary>
public interface IReconstructingModel
{
    /// <summary>Whether the model's network has a decoder (a <see cref="ContrastiveEncoder"/> has none).</summary>
    bool CanReconstruct { get; }

    /// <summary>Reconstructions of <paramref name="data"/> (same shape as the input, image shape kept).</summary>
    /// <exception cref="NotSupportedException"><see cref="CanReconstruct"/> is false.</exception>
    Dataset Reconstruct(Dataset data);
}
