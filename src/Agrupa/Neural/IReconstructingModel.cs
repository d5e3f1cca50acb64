using Agrupa.Data;

namespace Agrupa.Neural;

/// <summary>
/// A fitted model with a decoder: reconstructs rows through its autoencoder (the experiment report shows originals
/// above reconstructions for image data).
/// </summary>
public interface IReconstructingModel
{
    /// <summary>Reconstructions of <paramref name="data"/> (same shape as the input, image shape kept).</summary>
    Dataset Reconstruct(Dataset data);
}
