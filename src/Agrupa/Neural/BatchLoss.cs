using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// The loss of one batch: a scalar tensor to minimise, computed from <see cref="TrainingBatch.Inputs"/> with the
/// network(s) being trained. Pretraining uses <see cref="Autoencoder.PretrainingLoss"/>; deep clustering methods pass
/// their own (reconstruction + γ · clustering loss).
/// </summary>
public delegate TorchTensor BatchLoss(TrainingBatch batch);
