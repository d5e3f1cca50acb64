using System.Text.Json.Nodes;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Evaluation;

namespace Agrupa.Tests.Clustering;

public sealed class ConsensusVoteTests
{
    // Nine rows in three groups {0,1,2}, {3,4,5}, {6,7,8}. Members A and B are the groups under other names; member C
    // moves row 2 into the second group.
    private static readonly int[] Truth = [0, 0, 0, 1, 1, 1, 2, 2, 2];
    private static readonly int[] A = [2, 2, 2, 0, 0, 0, 1, 1, 1];
    private static readonly int[] B = [1, 1, 1, 2, 2, 2, 0, 0, 0];
    private static readonly int[] C = [0, 0, 1, 1, 1, 1, 2, 2, 2];

    private static double[] OneHot(int[] labels, int k)
    {
        var posterior = new double[labels.Length * k];
        for (int i = 0; i < labels.Length; i++) posterior[i * k + labels[i]] = 1;
        return posterior;
    }

    [Fact]
    public void TheConsensusOfRenamedPartitionsIsTheirCommonPartitionAndTheVoteMatchesTheHandComputedShares()
    {
        ConsensusVote vote = ConsensusVote.Fit([A, B, C], [3, 3, 3], clusters: 3, seed: 1);
        Assert.Equal((3, 3), (vote.MemberCount, vote.ClusterCount));

        ClusterAssignment result = vote.Vote([OneHot(A, 3), OneHot(B, 3), OneHot(C, 3)], Truth.Length);
        Assert.Equal(1.0, ClusterMetrics.Compute(Truth, result.Labels).Ari, 12);
        int first = result.Labels[0], second = result.Labels[3];

        // Member C's cluster 1 holds rows 2, 3, 4, 5: a quarter of it went to the first group, three quarters to the second.
        ReadOnlySpan<double> map = vote.Map(2, 1);
        Assert.Equal(0.25, map[first], 12);
        Assert.Equal(0.75, map[second], 12);
        // Row 2: A and B vote the first group fully, C through that map, so (1 + 1 + 0.25) / 3 = 0.75.
        Assert.Equal(0.75, result.Confidence[2], 12);
        // Rows 3-5 get C's 0.75 share and A's and B's full votes: (1 + 1 + 0.75) / 3.
        Assert.Equal(2.75 / 3, result.Confidence[3], 12);
        Assert.Equal(1.0, result.Confidence[6], 12);
    }

    [Fact]
    public void AMemberThatSplitsAGroupVotesWithBothHalvesForIt()
    {
        int[] split = [0, 3, 0, 1, 1, 1, 2, 2, 2];
        ConsensusVote vote = ConsensusVote.Fit([A, B, split], [3, 3, 4], clusters: 3, seed: 0);
        ClusterAssignment result = vote.Vote([OneHot(A, 3), OneHot(B, 3), OneHot(split, 4)], Truth.Length);
        Assert.Equal(1.0, ClusterMetrics.Compute(Truth, result.Labels).Ari, 12);
        Assert.All(result.Confidence, c => Assert.Equal(1.0, c, 12));
        Assert.Equal(1.0, vote.Map(2, 3)[result.Labels[1]], 12);

        // A soft posterior splits its vote: half on A's first group, half on its second.
        var soft = OneHot(A, 3);
        Array.Clear(soft, 0, 3);
        soft[2] = soft[0] = 0.5;
        ClusterAssignment row = vote.Vote([soft[..3], OneHot(B, 3)[..3], OneHot(split, 4)[..4]], 1);
        Assert.Equal(result.Labels[0], row.Labels[0]);
        Assert.Equal(2.5 / 3, row.Confidence[0], 12);
    }

    [Fact]
    public void TheConsensusSurvivesItsJsonFormAndMalformedFormsNameTheFile()
    {
        ConsensusVote vote = ConsensusVote.Fit([A, B, C], [3, 3, 3], clusters: 3, seed: 1);
        JsonObject json = vote.ToJson();
        ConsensusVote read = ConsensusVote.FromJson(JsonNode.Parse(json.ToJsonString()), [3, 3, 3], "model.agrupa");
        double[][] posteriors = [OneHot(A, 3), OneHot(B, 3), OneHot(C, 3)];
        ClusterAssignment expected = vote.Vote(posteriors, 9), actual = read.Vote(posteriors, 9);
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.Confidence, actual.Confidence);

        var wrong = (JsonObject)json.DeepClone();
        wrong["maps"]![0]![0] = 0.5;
        Assert.Contains("sum to", Assert.Throws<DataFormatException>(() => ConsensusVote.FromJson(wrong, [3, 3, 3], "model.agrupa")).Message);
        Assert.Contains("model.agrupa", Assert.Throws<DataFormatException>(() => ConsensusVote.FromJson(json, [3, 3], "model.agrupa")).Message);
        Assert.Contains("expected 4 × 3", Assert.Throws<DataFormatException>(() => ConsensusVote.FromJson(json, [3, 3, 4], "model.agrupa")).Message);
        Assert.Throws<DataFormatException>(() => ConsensusVote.FromJson(new JsonArray(), [3, 3, 3], "model.agrupa"));
    }

    [Fact]
    public void BadMembersAreRefusedNamingTheMemberAndRow()
    {
        Assert.Contains("Member 2 gives row 4 label 3", Assert.Throws<ArgumentException>(() => ConsensusVote.Fit([A, [0, 0, 0, 3, 1, 1, 2, 2, 2]], [3, 3], 3)).Message);
        Assert.Contains("Member 2 labels 8 rows", Assert.Throws<ArgumentException>(() => ConsensusVote.Fit([A, B[..8]], [3, 3], 3)).Message);
        Assert.Throws<ArgumentException>(() => ConsensusVote.Fit([], [], 3));
        ConsensusVote vote = ConsensusVote.Fit([A, B], [3, 3], 3);
        Assert.Contains("expected 9 × 3", Assert.Throws<ArgumentException>(() => vote.Vote([OneHot(A, 3), new double[5]], 9)).Message);
        Assert.Throws<ArgumentException>(() => vote.Vote([OneHot(A, 3)], 9));
    }
}
