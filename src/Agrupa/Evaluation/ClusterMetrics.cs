namespace Agrupa.Evaluation;

/// <summary>
/// External clustering metrics: a predicted labelling scored against the true classes. Every score is computed from
/// the <see cref="ContingencyTable"/> of the two labellings, in float64 with counts widened to 64-bit integers before
/// any product, and equals its scikit-learn function (version 1.2; Pedregosa et al., JMLR 12, 2011) to 1e-6 on the
/// project's fixtures. Higher is better for all of them. Labels are arbitrary integers; only their equality matters, so
/// every score is invariant to renaming clusters or classes.
/// </summary>
/// <remarks>
/// The single-metric methods treat every label as a cluster, −1 included (exactly as scikit-learn does);
/// <see cref="Compute"/> applies <see cref="ClusterMetricsOptions.Noise"/> first. An empty labelling is rejected.
/// </remarks>
public static class ClusterMetrics
{
    /// <summary>NumPy's <c>np.finfo(np.float64).eps</c> (2⁻⁵²), which scikit-learn uses as a floor.</summary>
    private const double Float64Epsilon = 2.220446049250313e-16;

    /// <summary>
    /// All label scores at once (one contingency table), after applying the noise option to predicted label −1.
    /// </summary>
    /// <param name="truth">True class of each point.</param>
    /// <param name="predicted">Cluster of each point; −1 is noise.</param>
    /// <param name="options">Noise handling and NMI/AMI normalisations; null for the defaults (scikit-learn's).</param>
    /// <exception cref="ArgumentException">The lists differ in length, are empty, or every point is noise and noise is excluded.</exception>
    public static ClusterScores Compute(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, ClusterMetricsOptions? options = null)
    {
        options ??= new ClusterMetricsOptions();
        CheckLabels(truth, predicted);
        int total = truth.Count, noise = 0;
        for (int i = 0; i < total; i++) if (predicted[i] == -1) noise++;
        IReadOnlyList<int> t = truth, p = predicted;
        if (options.Noise == NoiseHandling.Exclude && noise > 0)
        {
            if (noise == total)
                throw new ArgumentException($"All {total} points are predicted as noise (−1); with noise excluded nothing is left to score.", nameof(predicted));
            var keptTruth = new int[total - noise];
            var keptPredicted = new int[total - noise];
            for (int i = 0, k = 0; i < total; i++)
            {
                if (predicted[i] == -1) continue;
                keptTruth[k] = truth[i];
                keptPredicted[k++] = predicted[i];
            }
            (t, p) = (keptTruth, keptPredicted);
        }
        ContingencyTable table = ContingencyTable.Create(t, p);
        (double h, double c, double v) = HomogeneityCompletenessVMeasure(table);
        return new ClusterScores(
            Acc: Accuracy(table),
            Nmi: NormalizedMutualInformation(table, options.NmiAverage),
            Ami: AdjustedMutualInformation(table, options.AmiAverage),
            Ari: AdjustedRandIndex(table),
            Homogeneity: h,
            Completeness: c,
            VMeasure: v,
            Purity: Purity(table),
            Count: t.Count,
            TotalCount: total,
            ClassCount: table.Classes.Count,
            ClusterCount: table.Clusters.Count,
            Noise: options.Noise,
            NoiseFraction: (double)noise / total,
            NmiAverage: options.NmiAverage,
            AmiAverage: options.AmiAverage);
    }

    /// <summary>
    /// Clustering accuracy: the share of points whose cluster is matched to their class under the best one-to-one
    /// matching of clusters to classes (Hungarian; the ACC of DEC, Xie et al. ICML 2016, and <c>cluster_acc</c> in its
    /// code). With more clusters than classes the extra clusters count as wrong; with fewer, the unmatched classes do.
    /// </summary>
    /// <remarks>
    /// Range [0, 1]; 1 for identical partitions up to renaming. Chance level is not 0: about the largest class share for
    /// random labels with few clusters, and it grows with the number of clusters. Not in scikit-learn; equals
    /// <c>C[row, col].sum() / n</c> with <c>row, col = scipy.optimize.linear_sum_assignment(C, maximize=True)</c> on the
    /// contingency matrix C. One cluster: the largest class share.
    /// </remarks>
    public static double Accuracy(IReadOnlyList<int> truth, IReadOnlyList<int> predicted) => Accuracy(Table(truth, predicted));

    /// <inheritdoc cref="Accuracy(IReadOnlyList{int}, IReadOnlyList{int})"/>
    public static double Accuracy(ContingencyTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return (double)ClusterMatching.Match(table).Matched / table.Total;
    }

    /// <summary>
    /// Purity: each cluster is credited with its majority class, several clusters may share one,
    /// Σ_j max_i n_ij / n (Manning, Raghavan &amp; Schütze, Introduction to Information Retrieval, 2008, §16.3).
    /// </summary>
    /// <remarks>
    /// Range (0, 1]; 1 when every cluster holds a single class, hence also for all-singleton clusters — read it with
    /// the cluster count. One cluster: the largest class share. ≥ <see cref="Accuracy(ContingencyTable)"/>.
    /// scikit-learn has no function for it; it equals <c>contingency_matrix(t, p).max(axis=0).sum() / n</c>.
    /// </remarks>
    public static double Purity(IReadOnlyList<int> truth, IReadOnlyList<int> predicted) => Purity(Table(truth, predicted));

    /// <inheritdoc cref="Purity(IReadOnlyList{int}, IReadOnlyList{int})"/>
    public static double Purity(ContingencyTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var best = new long[table.Clusters.Count];
        ReadOnlySpan<int> columns = table.CellColumns;
        ReadOnlySpan<long> counts = table.CellCounts;
        for (int k = 0; k < counts.Length; k++) best[columns[k]] = Math.Max(best[columns[k]], counts[k]);
        long sum = 0;
        foreach (long b in best) sum += b;
        return (double)sum / table.Total;
    }

    /// <summary>
    /// Mutual information I(U; V) of the two labellings in nats, as scikit-learn's <c>mutual_info_score</c>.
    /// </summary>
    /// <remarks>Range [0, min(H(U), H(V))]; 0 when either labelling has a single label. Symmetric.</remarks>
    public static double MutualInformation(IReadOnlyList<int> truth, IReadOnlyList<int> predicted) => MutualInformation(Table(truth, predicted));

    /// <inheritdoc cref="MutualInformation(IReadOnlyList{int}, IReadOnlyList{int})"/>
    public static double MutualInformation(ContingencyTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Classes.Count == 1 || table.Clusters.Count == 1) return 0.0;
        ReadOnlySpan<int> rows = table.CellRows, columns = table.CellColumns;
        ReadOnlySpan<long> counts = table.CellCounts;
        double n = table.Total, logN = Math.Log(n);
        double sum = 0;
        for (int k = 0; k < counts.Length; k++)
        {
            double nij = counts[k];
            double share = nij / n;
            long outer = table.ClassTotals[rows[k]] * table.ClusterTotals[columns[k]];
            double logOuter = -Math.Log(outer) + logN + logN;
            double term = share * (Math.Log(nij) - logN) + share * logOuter;
            if (Math.Abs(term) >= Float64Epsilon) sum += term;   // scikit-learn zeroes terms below eps
        }
        return Math.Max(sum, 0.0);
    }

    /// <summary>
    /// Normalised mutual information I(U; V) / mean(H(U), H(V)) with the mean chosen by <paramref name="average"/>
    /// (Strehl &amp; Ghosh, JMLR 3, 2002; Vinh et al., JMLR 11, 2010), as scikit-learn's
    /// <c>normalized_mutual_info_score(average_method=...)</c>.
    /// </summary>
    /// <remarks>
    /// Range [0, 1]; 1 for identical partitions. Not corrected for chance: random labels score above 0, more so with many
    /// clusters (use AMI then). Both labellings a single label: 1; MI 0 (e.g. one side a single label): 0. Symmetric.
    /// </remarks>
    public static double NormalizedMutualInformation(IReadOnlyList<int> truth, IReadOnlyList<int> predicted,
        MutualInformationAverage average = MutualInformationAverage.Arithmetic) => NormalizedMutualInformation(Table(truth, predicted), average);

    /// <inheritdoc cref="NormalizedMutualInformation(IReadOnlyList{int}, IReadOnlyList{int}, MutualInformationAverage)"/>
    public static double NormalizedMutualInformation(ContingencyTable table, MutualInformationAverage average = MutualInformationAverage.Arithmetic)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Classes.Count == 1 && table.Clusters.Count == 1) return 1.0;
        double mi = MutualInformation(table);
        if (mi == 0) return 0.0;
        return mi / Average(Entropy(table.ClassTotals), Entropy(table.ClusterTotals), average);
    }

    /// <summary>
    /// Adjusted mutual information (MI − E[MI]) / (mean(H(U), H(V)) − E[MI]), with the exact expected mutual information
    /// under the permutation model (Vinh, Epps &amp; Bailey, JMLR 11, 2010), as scikit-learn's
    /// <c>adjusted_mutual_info_score(average_method=...)</c>.
    /// </summary>
    /// <remarks>
    /// 1 for identical partitions; about 0 (either sign) for independent labellings whatever the number of clusters;
    /// may be negative. Both labellings a single label: 1. One side a single label, the other not: 0. Symmetric.
    /// The expected MI costs Σ_ij min(a_i, b_j) terms (milliseconds for 70,000 points in tens of clusters).
    /// </remarks>
    public static double AdjustedMutualInformation(IReadOnlyList<int> truth, IReadOnlyList<int> predicted,
        MutualInformationAverage average = MutualInformationAverage.Arithmetic) => AdjustedMutualInformation(Table(truth, predicted), average);

    /// <inheritdoc cref="AdjustedMutualInformation(IReadOnlyList{int}, IReadOnlyList{int}, MutualInformationAverage)"/>
    public static double AdjustedMutualInformation(ContingencyTable table, MutualInformationAverage average = MutualInformationAverage.Arithmetic)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Classes.Count == 1 && table.Clusters.Count == 1) return 1.0;
        double mi = MutualInformation(table);
        double emi = ExpectedMutualInformation.Compute(table.ClassTotals, table.ClusterTotals, table.Total);
        double normalizer = Average(Entropy(table.ClassTotals), Entropy(table.ClusterTotals), average);
        double denominator = normalizer - emi;
        denominator = denominator < 0 ? Math.Min(denominator, -Float64Epsilon) : Math.Max(denominator, Float64Epsilon);
        return (mi - emi) / denominator;
    }

    /// <summary>
    /// Adjusted Rand index (Hubert &amp; Arabie, J. Classification 2, 1985): the Rand index over pairs of points, corrected
    /// for chance, as scikit-learn's <c>adjusted_rand_score</c> (through its pair confusion matrix).
    /// </summary>
    /// <remarks>
    /// Range [−0.5, 1]; 1 for identical partitions, about 0 for random labels. Also 1 when no pair is split differently
    /// (e.g. both all singletons, or both a single cluster). Symmetric. Pair counts reach n² (4.9e9 for 70,000 points);
    /// their products are formed in 128-bit integers.
    /// </remarks>
    public static double AdjustedRandIndex(IReadOnlyList<int> truth, IReadOnlyList<int> predicted) => AdjustedRandIndex(Table(truth, predicted));

    /// <inheritdoc cref="AdjustedRandIndex(IReadOnlyList{int}, IReadOnlyList{int})"/>
    public static double AdjustedRandIndex(ContingencyTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        ReadOnlySpan<int> rows = table.CellRows, columns = table.CellColumns;
        ReadOnlySpan<long> counts = table.CellCounts;
        Int128 n = table.Total, sumSquares = 0, byClusterTotals = 0, byClassTotals = 0;
        for (int k = 0; k < counts.Length; k++)
        {
            Int128 nij = counts[k];
            sumSquares += nij * nij;
            byClusterTotals += nij * table.ClusterTotals[columns[k]];
            byClassTotals += nij * table.ClassTotals[rows[k]];
        }
        Int128 tp = sumSquares - n;
        Int128 fp = byClusterTotals - sumSquares;   // scikit-learn's C[0, 1]
        Int128 fn = byClassTotals - sumSquares;     // C[1, 0]
        Int128 tn = n * n - fp - fn - sumSquares;
        if (fn == 0 && fp == 0) return 1.0;
        return 2.0 * (double)(tp * tn - fn * fp) / (double)((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
    }

    /// <summary>
    /// Homogeneity (each cluster holds members of one class only), completeness (all members of a class are in one
    /// cluster) and their harmonic mean, the V-measure (Rosenberg &amp; Hirschberg, EMNLP 2007), as scikit-learn's
    /// <c>homogeneity_completeness_v_measure(beta=1)</c>.
    /// </summary>
    /// <remarks>
    /// Each in [0, 1]. Homogeneity = I / H(truth), 1 when the truth has a single class; completeness = I / H(predicted),
    /// 1 for a single cluster; V-measure 0 when both are 0. All singletons: homogeneity 1. The V-measure equals NMI
    /// with the arithmetic mean. Not corrected for chance. Swapping the arguments swaps homogeneity and completeness.
    /// </remarks>
    public static (double Homogeneity, double Completeness, double VMeasure) HomogeneityCompletenessVMeasure(
        IReadOnlyList<int> truth, IReadOnlyList<int> predicted) => HomogeneityCompletenessVMeasure(Table(truth, predicted));

    /// <inheritdoc cref="HomogeneityCompletenessVMeasure(IReadOnlyList{int}, IReadOnlyList{int})"/>
    public static (double Homogeneity, double Completeness, double VMeasure) HomogeneityCompletenessVMeasure(ContingencyTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        double entropyClasses = Entropy(table.ClassTotals), entropyClusters = Entropy(table.ClusterTotals);
        double mi = MutualInformation(table);
        double homogeneity = entropyClasses != 0 ? mi / entropyClasses : 1.0;
        double completeness = entropyClusters != 0 ? mi / entropyClusters : 1.0;
        double v = homogeneity + completeness == 0 ? 0.0 : 2 * homogeneity * completeness / (homogeneity + completeness);
        return (homogeneity, completeness, v);
    }

    /// <summary>
    /// The contingency table with clusters permuted to follow the accuracy matching (see <see cref="MatchedConfusionMatrix"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The dense table would exceed 100 million cells.</exception>
    public static MatchedConfusionMatrix ConfusionMatrix(IReadOnlyList<int> truth, IReadOnlyList<int> predicted) => ConfusionMatrix(Table(truth, predicted));

    /// <inheritdoc cref="ConfusionMatrix(IReadOnlyList{int}, IReadOnlyList{int})"/>
    public static MatchedConfusionMatrix ConfusionMatrix(ContingencyTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        long[,] dense = table.ToArray();
        (int[] clusterOfClass, long matched) = ClusterMatching.Match(table);
        int r = table.Classes.Count, c = table.Clusters.Count;
        var order = new List<int>(c);
        var used = new bool[c];
        var matchedColumns = new int?[r];
        for (int i = 0; i < r; i++)
        {
            if (clusterOfClass[i] < 0) continue;
            matchedColumns[i] = order.Count;
            order.Add(clusterOfClass[i]);
            used[clusterOfClass[i]] = true;
        }
        for (int j = 0; j < c; j++) if (!used[j]) order.Add(j);
        var counts = new long[r, c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
                counts[i, j] = dense[i, order[j]];
        int[] clusters = order.Select(j => table.Clusters[j]).ToArray();
        return new MatchedConfusionMatrix([.. table.Classes], clusters, counts, matchedColumns, matched);
    }

    /// <summary>Shannon entropy (nats) of a labelling given its label counts, as scikit-learn's <c>entropy</c>.</summary>
    internal static double Entropy(IReadOnlyList<long> counts)
    {
        int nonZero = 0;
        double total = 0;
        foreach (long c in counts) if (c > 0) { nonZero++; total += c; }
        if (nonZero <= 1) return 0.0;
        double logTotal = Math.Log(total), sum = 0;
        foreach (long c in counts) if (c > 0) sum += c / total * (Math.Log(c) - logTotal);
        return -sum;
    }

    internal static double Average(double u, double v, MutualInformationAverage average) => average switch
    {
        MutualInformationAverage.Arithmetic => (u + v) / 2,
        MutualInformationAverage.Geometric => Math.Sqrt(u * v),
        MutualInformationAverage.Min => Math.Min(u, v),
        MutualInformationAverage.Max => Math.Max(u, v),
        _ => throw new ArgumentOutOfRangeException(nameof(average), average, "Unknown MutualInformationAverage."),
    };

    private static ContingencyTable Table(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        CheckLabels(truth, predicted);
        return ContingencyTable.Create(truth, predicted);
    }

    private static void CheckLabels(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"Label lists differ in length: truth has {truth.Count} labels, predicted {predicted.Count}.", nameof(predicted));
        if (truth.Count == 0) throw new ArgumentException("Cannot score an empty labelling.", nameof(truth));
    }
}
