namespace Agrupa.Evaluation;

/// <summary>
/// How the two entropies H(truth) and H(predicted) are averaged to normalise mutual information in NMI and AMI — the
/// <c>average_method</c> of scikit-learn's <c>normalized_mutual_info_score</c> / <c>adjusted_mutual_info_score</c>
/// (Vinh, Epps &amp; Bailey, JMLR 11, 2010, table 2).
/// </summary>
public enum MutualInformationAverage
{
    /// <summary>(H_U + H_V) / 2: scikit-learn's default since 0.22, and the V-measure's value for NMI.</summary>
    Arithmetic,

    /// <summary>√(H_U · H_V): Strehl &amp; Ghosh (JMLR 3, 2002), used by many deep-clustering papers.</summary>
    Geometric,

    /// <summary>min(H_U, H_V).</summary>
    Min,

    /// <summary>max(H_U, H_V).</summary>
    Max,
}
