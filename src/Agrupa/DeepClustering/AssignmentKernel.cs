namespace Agrupa.DeepClustering;

/// <summary>The soft assignment a fitted deep model uses for confidences; the hard label is always the nearest centre.</summary>
public enum AssignmentKernel
{
    /// <summary>Student's t with α degrees of freedom (DEC, IDEC, DCEC; also the confidence measure of DCN).</summary>
    StudentT,

    /// <summary>softmax(−α‖z − r_k‖²) over the centres (Deep k-Means' G_k).</summary>
    Softmax,

    /// <summary>The posterior p(c | z) of a diagonal Gaussian mixture prior (VaDE's γ).</summary>
    GaussianMixture,
}
