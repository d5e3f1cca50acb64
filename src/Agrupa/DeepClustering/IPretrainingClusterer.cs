using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Runtime;

namespace Agrupa.DeepClustering;

/// <summary>
/// A deep clusterer whose first step pretrains an autoencoder, so that clusterers with the same pretraining can start
/// from one pretrained network (IDEC's protocol: DEC and IDEC load the same pretrained weights, Guo et al., IJCAI 2017).
/// The experiment runner pretrains once per distinct <see cref="AutoencoderReducer.Fingerprint"/> and seed.
/// </summary>
public interface IPretrainingClusterer : IClusterer
{
    /// <summary>The pretraining this clusterer does on <paramref name="data"/>, or null when it starts from random weights (DKMa).</summary>
    AutoencoderReducer? Pretraining(Dataset data);

    /// <summary>Fits to <paramref name="data"/> starting from a copy of <paramref name="pretrained"/> (which stays untouched), skipping the pretraining.</summary>
    IClusteringModel Fit(Dataset data, AutoencoderModel pretrained, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default);
}
