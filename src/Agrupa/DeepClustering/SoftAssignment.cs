using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.DeepClustering;

/// <summary>
/// The pieces of the DEC family's clustering objective (Xie, Girshick, Farhadi, "Unsupervised Deep Embedding for
/// Clustering Analysis", ICML 2016, section 3.1), shared by DEC, IDEC and DCEC.
/// </summary>
public static class SoftAssignment
{
    /// <summary>
    /// Student's t soft assignment q_ij = (1 + ‖z_i − μ_j‖²/α)^(−(α+1)/2), normalised over j (DEC eq. 1; α = 1 in all
    /// reference codes). <paramref name="embedding"/> is n×d, <paramref name="centers"/> k×d; returns n×k.
    /// </summary>
    public static TorchTensor StudentT(TorchTensor embedding, TorchTensor centers, double alpha = 1.0)
    {
        using var scope = torch.NewDisposeScope();
        TorchTensor squared = (embedding.unsqueeze(1) - centers.unsqueeze(0)).pow(2).sum(2);
        TorchTensor q = (1.0 + squared / alpha).pow(-(alpha + 1.0) / 2.0);
        return (q / q.sum(1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// DEC's auxiliary target distribution p_ij = (q_ij² / f_j) / Σ_j' (q_ij'² / f_j'), with cluster frequencies
    /// f_j = Σ_i q_ij taken over the rows given (DEC eq. 3). Compute it on the whole data set and hold it fixed between
    /// updates, never per batch (REFERENCES.md §10, pitfalls).
    /// </summary>
    public static TorchTensor TargetDistribution(TorchTensor q)
    {
        using var scope = torch.NewDisposeScope();
        TorchTensor weight = q.pow(2) / q.sum(0, keepdim: true);
        return (weight / weight.sum(1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// KL(P ‖ Q) = Σ_j p_ij log(p_ij / q_ij), averaged over the rows of the batch (DEC eq. 2; Keras 'kld' as used by
    /// DEC-keras, IDEC and DCEC, which clips both to [1e-7, 1]).
    /// </summary>
    public static TorchTensor KullbackLeibler(TorchTensor p, TorchTensor q)
    {
        using var scope = torch.NewDisposeScope();
        TorchTensor pc = p.clamp(1e-7, 1.0), qc = q.clamp(1e-7, 1.0);
        return (pc * (pc / qc).log()).sum(1).mean().MoveToOuterDisposeScope();
    }
}
