namespace Agrupa.Neural;

/// <summary>The optimisation algorithm of a <see cref="Trainer"/>.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma &amp; Ba, ICLR 2015): DCEC, IDEC (MNIST), VaDE, N2D, Deep k-Means.</summary>
    Adam,

    /// <summary>Stochastic gradient descent with (heavy-ball) momentum: DEC's pretraining and clustering, DCN.</summary>
    Sgd,
}
