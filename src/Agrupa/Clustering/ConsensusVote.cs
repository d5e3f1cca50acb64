using System.Globalization;
using System.Text.Json.Nodes;
using Agrupa.Data;

namespace Agrupa.Clustering;

/// <summary>
/// The consensus of several partitions of the same rows (a cluster ensemble), and a vote that places new rows in it.
/// <list type="number">
/// <item>The consensus partition is k-means on the rows' one-hot memberships side by side (M members with k_m
/// clusters give Σ k_m columns). This is the partition that agrees best with the members in the sense of category
/// utility, i.e. quadratic mutual information (Topchy, Jain, Punch, "Combining Multiple Weak Clusterings", ICDM
/// 2003); the problem is Strehl and Ghosh's ("Cluster Ensembles", JMLR 2002). No n×n co-association matrix is formed.</item>
/// <item>Each member cluster is mapped to the consensus clusters by where its training rows went (its row of the
/// contingency table, normalised), so any member — also on new rows — votes through its posterior p_m(x):
/// v(x) = (1/M) Σ_m p_m(x) A_m, a distribution over the consensus clusters.</item>
/// </list>
/// The label is argmax v (first on ties) and the confidence max v: the share of the members' posterior mass that
/// lands on that cluster. A member cluster without training rows votes uniformly.
/// </summary>
public sealed class ConsensusVote
{
    private readonly double[][] _maps;

    private ConsensusVote(double[][] maps, int[] memberClusters, int clusters)
    {
        _maps = maps;
        MemberClusterCounts = memberClusters;
        ClusterCount = clusters;
    }

    /// <summary>Consensus clusters.</summary>
    public int ClusterCount { get; }

    /// <summary>Number of member partitions.</summary>
    public int MemberCount => _maps.Length;

    /// <summary>Clusters of each member partition.</summary>
    public IReadOnlyList<int> MemberClusterCounts { get; }

    /// <summary>
    /// Fits the consensus of <paramref name="memberLabels"/> (each a labelling of the same rows with values in
    /// [0, <paramref name="memberClusterCounts"/>[m])) into <paramref name="clusters"/> clusters: k-means with
    /// <paramref name="restarts"/> k-means++ restarts and <paramref name="seed"/> on the one-hot memberships.
    /// </summary>
    /// <exception cref="ArgumentException">No members, members of different lengths, or a label out of range.</exception>
    public static ConsensusVote Fit(IReadOnlyList<IReadOnlyList<int>> memberLabels, IReadOnlyList<int> memberClusterCounts, int clusters, int seed = 0,
        int restarts = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memberLabels);
        ArgumentNullException.ThrowIfNull(memberClusterCounts);
        ArgumentOutOfRangeException.ThrowIfLessThan(clusters, 2, nameof(clusters));
        ArgumentOutOfRangeException.ThrowIfLessThan(restarts, 1, nameof(restarts));
        if (memberLabels.Count == 0) throw new ArgumentException("A consensus needs at least one member partition.", nameof(memberLabels));
        if (memberClusterCounts.Count != memberLabels.Count)
            throw new ArgumentException($"{memberLabels.Count} member partitions but {memberClusterCounts.Count} cluster counts.", nameof(memberClusterCounts));
        int n = memberLabels[0].Count;
        if (n < clusters) throw new ArgumentException($"A consensus of {clusters} clusters needs at least {clusters} rows, got {n}.", nameof(memberLabels));
        int width = 0;
        for (int m = 0; m < memberLabels.Count; m++)
        {
            if (memberLabels[m].Count != n) throw new ArgumentException($"Member {m + 1} labels {memberLabels[m].Count} rows, member 1 {n}.", nameof(memberLabels));
            ArgumentOutOfRangeException.ThrowIfLessThan(memberClusterCounts[m], 1, nameof(memberClusterCounts));
            width += memberClusterCounts[m];
        }
        var onehot = new float[(long)n * width];
        int offset = 0;
        for (int m = 0; m < memberLabels.Count; m++)
        {
            IReadOnlyList<int> labels = memberLabels[m];
            for (int i = 0; i < n; i++)
            {
                int label = labels[i];
                if ((uint)label >= (uint)memberClusterCounts[m])
                    throw new ArgumentException($"Member {m + 1} gives row {i + 1} label {label}, outside [0, {memberClusterCounts[m]}).", nameof(memberLabels));
                onehot[(long)i * width + offset + label] = 1f;
            }
            offset += memberClusterCounts[m];
        }
        KMeansModel consensus = new KMeans(new KMeansOptions { Clusters = clusters, Restarts = restarts, Seed = seed })
            .Fit(new Dataset("consensus", onehot, width), cancellationToken: cancellationToken);
        IReadOnlyList<int> target = consensus.Labels;
        var maps = new double[memberLabels.Count][];
        for (int m = 0; m < memberLabels.Count; m++)
        {
            int km = memberClusterCounts[m];
            var map = new double[km * clusters];
            for (int i = 0; i < n; i++) map[memberLabels[m][i] * clusters + target[i]]++;
            for (int c = 0; c < km; c++)
            {
                double total = 0;
                for (int j = 0; j < clusters; j++) total += map[c * clusters + j];
                for (int j = 0; j < clusters; j++) map[c * clusters + j] = total > 0 ? map[c * clusters + j] / total : 1.0 / clusters;
            }
            maps[m] = map;
        }
        return new ConsensusVote(maps, memberClusterCounts.ToArray(), clusters);
    }

    /// <summary>
    /// Where member <paramref name="member"/>'s cluster <paramref name="memberCluster"/> sends its vote: the share of
    /// its training rows in each consensus cluster.
    /// </summary>
    public ReadOnlySpan<double> Map(int member, int memberCluster)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(member, nameof(member));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, MemberCount, nameof(member));
        ArgumentOutOfRangeException.ThrowIfNegative(memberCluster, nameof(memberCluster));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(memberCluster, MemberClusterCounts[member], nameof(memberCluster));
        return _maps[member].AsSpan(memberCluster * ClusterCount, ClusterCount);
    }

    /// <summary>
    /// The vote on <paramref name="rows"/> rows: <paramref name="memberPosteriors"/>[m] holds member m's posterior
    /// (rows × k_m, row-major; a one-hot row for a hard member). Label = argmax of the mean mapped posterior,
    /// confidence = its maximum.
    /// </summary>
    /// <exception cref="ArgumentException">The wrong number of members or a posterior of the wrong size.</exception>
    public ClusterAssignment Vote(IReadOnlyList<double[]> memberPosteriors, int rows)
    {
        ArgumentNullException.ThrowIfNull(memberPosteriors);
        ArgumentOutOfRangeException.ThrowIfNegative(rows, nameof(rows));
        if (memberPosteriors.Count != MemberCount)
            throw new ArgumentException($"The consensus has {MemberCount} members, got {memberPosteriors.Count} posteriors.", nameof(memberPosteriors));
        for (int m = 0; m < MemberCount; m++)
            if (memberPosteriors[m].Length != (long)rows * MemberClusterCounts[m])
                throw new ArgumentException($"Member {m + 1}'s posterior holds {memberPosteriors[m].Length} values, expected {rows} × {MemberClusterCounts[m]}.",
                    nameof(memberPosteriors));
        int k = ClusterCount;
        var labels = new int[rows];
        var confidence = new double[rows];
        Parallel.For(0, rows, Runtime.ThreadBudget.Options, () => new double[k], (i, _, vote) =>
        {
            Array.Clear(vote);
            for (int m = 0; m < MemberCount; m++)
            {
                int km = MemberClusterCounts[m];
                double[] posterior = memberPosteriors[m], map = _maps[m];
                for (int c = 0; c < km; c++)
                {
                    double p = posterior[(long)i * km + c];
                    if (p == 0) continue;
                    for (int j = 0; j < k; j++) vote[j] += p * map[c * k + j];
                }
            }
            int best = 0;
            for (int j = 1; j < k; j++)
                if (vote[j] > vote[best]) best = j;
            labels[i] = best;
            confidence[i] = vote[best] / MemberCount;
            return vote;
        }, _ => { });
        return new ClusterAssignment(labels, confidence);
    }

    /// <summary>As a model-file header entry: <c>{"clusters": K, "maps": [[...k_1 × K...], ...]}</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["clusters"] = ClusterCount,
        ["maps"] = new JsonArray(_maps.Select(map => (JsonNode)new JsonArray(map.Select(v => (JsonNode)JsonValue.Create(v)).ToArray())).ToArray()),
    };

    /// <summary>
    /// Reads <see cref="ToJson"/>'s form for members with <paramref name="memberClusterCounts"/> clusters; a
    /// malformed entry is a <see cref="DataFormatException"/> naming <paramref name="path"/>.
    /// </summary>
    public static ConsensusVote FromJson(JsonNode? node, IReadOnlyList<int> memberClusterCounts, string path)
    {
        ArgumentNullException.ThrowIfNull(memberClusterCounts);
        try
        {
            var json = node as JsonObject ?? throw new InvalidOperationException("not an object");
            int clusters = json["clusters"]?.GetValue<int>() ?? throw new InvalidOperationException("no cluster count");
            if (clusters < 2) throw new InvalidOperationException($"{clusters} clusters");
            var maps = json["maps"] as JsonArray ?? throw new InvalidOperationException("no maps");
            if (maps.Count != memberClusterCounts.Count) throw new InvalidOperationException($"{maps.Count} maps for {memberClusterCounts.Count} members");
            var values = new double[maps.Count][];
            for (int m = 0; m < maps.Count; m++)
            {
                var map = maps[m] as JsonArray ?? throw new InvalidOperationException($"map {m + 1} is not an array");
                values[m] = map.Select(v => v?.GetValue<double>() ?? throw new InvalidOperationException("a null share")).ToArray();
                if (values[m].Length != memberClusterCounts[m] * clusters)
                    throw new InvalidOperationException($"map {m + 1} holds {values[m].Length} shares, expected {memberClusterCounts[m]} × {clusters}");
                for (int c = 0; c < memberClusterCounts[m]; c++)
                {
                    double total = 0;
                    for (int j = 0; j < clusters; j++)
                    {
                        double v = values[m][c * clusters + j];
                        if (!(v >= 0 && v <= 1)) throw new InvalidOperationException($"map {m + 1} holds a share {v} outside [0, 1]");
                        total += v;
                    }
                    if (Math.Abs(total - 1) > 1e-6) throw new InvalidOperationException($"map {m + 1}'s shares of member cluster {c} sum to {total}, not 1");
                }
            }
            return new ConsensusVote(values, memberClusterCounts.ToArray(), clusters);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException)
        {
            throw new DataFormatException(path, string.Create(CultureInfo.InvariantCulture, $"the consensus is invalid ({exception.Message})."), inner: exception);
        }
    }
}
