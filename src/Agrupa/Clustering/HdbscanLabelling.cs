namespace Agrupa.Clustering;

/// <summary>
/// Stage 6 of HDBSCAN: flat labels from the selected clusters, membership probabilities and GLOSH outlier scores.
/// </summary>
/// <remarks>
/// <para><b>Labels.</b> A point belongs to the selected cluster that contains it (the nearest selected ancestor of the
/// cluster it falls out of), else it is noise (−1). Labels are numbered in increasing cluster id, as the hdbscan
/// library's <c>do_labelling</c>. When the root is the only selected cluster (<c>AllowSingleCluster</c>), a point is in
/// it only if it left at λ ≥ the largest λ of any row leaving the root (or ≥ 1/ε when ε is set), as in the library.</para>
/// <para><b>Probabilities</b> (the library's <c>get_probabilities</c>): min(λ_point, λ_max(C)) / λ_max(C) where λ_point is
/// the λ at which the point left the condensed tree and λ_max(C) the largest λ among the rows leaving its selected
/// cluster C directly; 1 when λ_max is 0 or λ_point infinite; 0 for noise.</para>
/// <para><b>Outlier scores</b> (GLOSH, Campello et al., TKDD 2015, §6): 1 − λ_point / λ_max where λ_max is the largest λ
/// at which any point of the point's last cluster's <em>subtree</em> leaves it. The hdbscan library propagates λ_max
/// only partly up the tree (its loop stops at the first point row in parent order), so its scores can be lower for
/// points of clusters with dense sub-clusters; this follows the paper. 0 when λ_point is infinite or λ_max is 0.</para>
/// </remarks>
internal static class HdbscanLabelling
{
    /// <summary>Labels of the points and, per label, the cluster id (offset) it stands for.</summary>
    public static (int[] Labels, int[] LabelClusters) Labels(CondensedTree tree, ClusterSelection.ClusterHierarchy hierarchy,
        bool[] selected, bool allowSingleCluster, double epsilon)
    {
        int n = tree.PointCount;
        int count = hierarchy.Count;
        var labelClusters = Enumerable.Range(0, count).Where(c => selected[c]).ToArray();
        var labelOf = new int[count];
        Array.Fill(labelOf, -1);
        for (int l = 0; l < labelClusters.Length; l++) labelOf[labelClusters[l]] = l;
        // Nearest selected ancestor-or-self of each cluster; 0 (root) when none. Parents have smaller ids.
        var owner = new int[count];
        for (int c = 0; c < count; c++)
            owner[c] = selected[c] || c == 0 ? c : owner[hierarchy.Parent[c]];
        double rootThreshold = double.PositiveInfinity;
        bool singleRoot = allowSingleCluster && labelClusters.Length == 1 && labelClusters[0] == 0;
        if (singleRoot)
        {
            if (epsilon != 0.0) rootThreshold = 1.0 / epsilon;
            else
            {
                rootThreshold = double.NegativeInfinity;
                for (int i = 0; i < tree.RowCount; i++)
                    if (tree.ParentArray[i] == n) rootThreshold = Math.Max(rootThreshold, tree.LambdaArray[i]);
            }
        }
        var labels = new int[n];
        Array.Fill(labels, -1);
        for (int i = 0; i < tree.RowCount; i++)
        {
            int point = tree.ChildArray[i];
            if (point >= n) continue;
            int cluster = owner[tree.ParentArray[i] - n];
            if (cluster != 0) labels[point] = labelOf[cluster];
            else if (singleRoot && tree.LambdaArray[i] >= rootThreshold) labels[point] = labelOf[0];
        }
        return (labels, labelClusters);
    }

    /// <summary>Largest λ among the rows leaving each cluster directly (the library's <c>max_lambdas</c>).</summary>
    public static double[] DirectMaximumLambda(CondensedTree tree)
    {
        var deaths = new double[tree.ClusterCount];
        for (int i = 0; i < tree.RowCount; i++)
        {
            int p = tree.ParentArray[i] - tree.PointCount;
            deaths[p] = Math.Max(deaths[p], tree.LambdaArray[i]);
        }
        return deaths;
    }

    /// <summary>Membership strength of each point in its cluster, in [0, 1].</summary>
    public static double[] Probabilities(CondensedTree tree, int[] labels, int[] labelClusters, double[] directMaximumLambda)
    {
        int n = tree.PointCount;
        var result = new double[n];
        for (int i = 0; i < tree.RowCount; i++)
        {
            int point = tree.ChildArray[i];
            if (point >= n || labels[point] < 0) continue;
            double max = directMaximumLambda[labelClusters[labels[point]]];
            double lambda = tree.LambdaArray[i];
            result[point] = max == 0.0 || double.IsPositiveInfinity(lambda) ? 1.0 : Math.Min(lambda, max) / max;
        }
        return result;
    }

    /// <summary>GLOSH outlier score of each point, in [0, 1].</summary>
    public static double[] OutlierScores(CondensedTree tree, ClusterSelection.ClusterHierarchy hierarchy)
    {
        int n = tree.PointCount;
        var subtreeMax = new double[tree.ClusterCount];
        for (int i = 0; i < tree.RowCount; i++)
            if (tree.ChildArray[i] < n)
            {
                int p = tree.ParentArray[i] - n;
                subtreeMax[p] = Math.Max(subtreeMax[p], tree.LambdaArray[i]);
            }
        for (int c = tree.ClusterCount - 1; c >= 1; c--)
        {
            int parent = hierarchy.Parent[c];
            subtreeMax[parent] = Math.Max(subtreeMax[parent], subtreeMax[c]);
        }
        var scores = new double[n];
        for (int i = 0; i < tree.RowCount; i++)
        {
            int point = tree.ChildArray[i];
            if (point >= n) continue;
            double max = subtreeMax[tree.ParentArray[i] - n];
            double lambda = tree.LambdaArray[i];
            if (max == 0.0 || double.IsPositiveInfinity(lambda)) scores[point] = 0.0;
            else if (double.IsPositiveInfinity(max)) scores[point] = 1.0;
            else scores[point] = (max - lambda) / max;
        }
        return scores;
    }
}
