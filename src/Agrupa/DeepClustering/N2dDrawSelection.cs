namespace Agrupa.DeepClustering;

/// <summary>How <see cref="N2d"/> turns several UMAP + mixture draws (<see cref="N2dOptions.Draws"/>) into clusters.</summary>
public enum N2dDrawSelection
{
    /// <summary>
    /// The draws' consensus (<see cref="Clustering.ConsensusVote"/>): k-means on their one-hot memberships (Topchy,
    /// Jain and Punch, ICDM 2003), new rows placed by the draws' mapped posteriors. Makes no assumption on cluster sizes.
    /// </summary>
    Consensus,

    /// <summary>
    /// Keep the one draw whose cluster sizes are the most even (the highest entropy of the size shares; the first on
    /// ties) and drop the others: the model is that draw's UMAP and mixture. For data whose classes are about equal
    /// in size — the uniform-marginal prior of IIC (Ji et al. 2019), SeLa (Asano et al. 2020) and SCAN (Van Gansbeke
    /// et al. 2020) — used only to choose among draws. On Fashion-MNIST with the SimCLR view and 8 draws it gave .681 ±
    /// .002 ACC / .695 ± .002 NMI over seeds 0–6, where the consensus of the same draws fell to .638, .643 and .590 on
    /// seeds 3–5 (BENCHMARKS.md, session 14); with the CAE as a third view it did not help (.658 against .664, seeds 0–4).
    /// </summary>
    MostBalanced,
}
