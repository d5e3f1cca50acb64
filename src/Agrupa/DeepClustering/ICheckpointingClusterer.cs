using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Runtime;

namespace Agrupa.DeepClustering;

/// <summary>
/// A deep clusterer whose long training stage (DEC's clustering stage, DCN's joint epochs, Deep k-Means' α schedule,
/// VaDE's ELBO epochs) can keep a <see cref="ClusteringCheckpoint"/> and continue from it. The paper protocols run for
/// hours on 2 cores (VaDE's 3,000 epochs: days); a resumed fit gives the model of an uninterrupted one.
/// </summary>
public interface ICheckpointingClusterer : IClusterer
{
    /// <summary>
    /// Fits to <paramref name="data"/> from a copy of <paramref name="pretrained"/> when given (methods that pretrain an
    /// autoencoder), keeping <paramref name="checkpoint"/> of the training stage: written when cancelled and, with
    /// <see cref="ClusteringCheckpoint.Every"/>, periodically; with <see cref="ClusteringCheckpoint.Resume"/> neither the
    /// pretraining nor the centre initialisation runs again (give the same data, options and pretrained network).
    /// </summary>
    /// <exception cref="ArgumentException">The checkpoint was written by another method, other options or other data.</exception>
    /// <exception cref="FileNotFoundException">Resuming from a checkpoint that does not exist.</exception>
    DeepClusteringModel Fit(Dataset data, AutoencoderModel? pretrained, ClusteringCheckpoint? checkpoint, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default);
}
