namespace Agrupa.Neural;

/// <summary>
/// How the weights and biases of dense and convolutional layers start. The deep clustering references were written in
/// Keras, whose defaults differ from PyTorch's (REFERENCES.md §17): match them when reproducing a published number.
/// </summary>
public enum WeightInitialization
{
    /// <summary>
    /// Keras' default: Glorot (Xavier) uniform weights, limit sqrt(6 / (fan_in + fan_out)), zero biases
    /// (Glorot &amp; Bengio, AISTATS 2010). Used by DCEC, IDEC, VaDE, N2D and DEC-keras on USPS.
    /// </summary>
    GlorotUniform,

    /// <summary>
    /// Keras VarianceScaling(scale = 1/3, mode = fan_in, distribution = uniform), limit sqrt(1 / fan_in), zero biases:
    /// DEC-keras on MNIST and Fashion-MNIST (XifengGuo/DEC-keras, DEC.py).
    /// </summary>
    LeCunUniform,

    /// <summary>
    /// TorchSharp's (= PyTorch's) default: Kaiming uniform with a = sqrt(5), i.e. limit sqrt(1 / fan_in), and uniform
    /// biases in ±1/sqrt(fan_in).
    /// </summary>
    TorchDefault,
}
