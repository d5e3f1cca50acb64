using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// One batch handed to a <see cref="BatchLoss"/>: the input rows as a tensor and where they come from. Everything the
/// loss function creates lives in the trainer's per-step dispose scope.
/// </summary>
public sealed class TrainingBatch
{
    private readonly Dictionary<string, double> _terms;

    internal TrainingBatch(TorchTensor inputs, int[] indices, int epoch, int step, long globalStep, bool isTraining, Dictionary<string, double> terms)
    {
        Inputs = inputs;
        Indices = indices;
        Epoch = epoch;
        Step = step;
        GlobalStep = globalStep;
        IsTraining = isTraining;
        _terms = terms;
    }

    /// <summary>The rows, batch × features, float32 on the network's device.</summary>
    public TorchTensor Inputs { get; }

    /// <summary>Row indices into the training data set (to look up per-row targets such as DEC's P).</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>0-based epoch.</summary>
    public int Epoch { get; }

    /// <summary>0-based step within the epoch.</summary>
    public int Step { get; }

    /// <summary>0-based step counted over the whole training run.</summary>
    public long GlobalStep { get; }

    /// <summary>False while computing the validation loss (no gradients, network in eval mode).</summary>
    public bool IsTraining { get; }

    /// <summary>
    /// Records a named component of the loss (e.g. "reconstruction", "clustering") for progress reports and the
    /// history; values are averaged over the epoch, weighted by batch size.
    /// </summary>
    public void ReportTerm(string name, TorchTensor value) => ReportTerm(name, value.item<float>());

    /// <inheritdoc cref="ReportTerm(string, TorchTensor)"/>
    public void ReportTerm(string name, double value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _terms[name] = _terms.GetValueOrDefault(name) + value * Indices.Count;
    }
}
