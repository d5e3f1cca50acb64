using Agrupa.Clustering;
using Agrupa.Evaluation;

namespace Agrupa.Tests.Evaluation;

public sealed class AbstentionTests
{
    [Fact]
    public void RowsBelowTheThresholdBecomeUnsureAndCoverageCountsTheRest()
    {
        var assignment = new ClusterAssignment([0, 0, 1, 1, 2, -1], [0.9, 0.4, 0.8, 0.5, 0.2, 0.99]);
        int[] truth = [5, 5, 7, 8, 9, 9];
        Abstention result = Abstention.Apply(assignment, 0.5, truth);
        Assert.Equal([0, -1, 1, 1, -1, -1], result.Assignment.Labels);
        Assert.Equal(assignment.Confidence, result.Assignment.Confidence);
        Assert.Equal(3, result.Covered);       // 0.5 is covered (≥); noise stays uncovered whatever its confidence
        Assert.Equal(6, result.Total);
        Assert.Equal(0.5, result.Coverage);
        // Covered rows: truth 5,7,8 vs clusters 0,1,1 → best matching gets 2 of 3.
        Assert.Equal(2.0 / 3.0, result.CoveredAccuracy!.Value, 12);
    }

    [Fact]
    public void ZeroThresholdCoversEverythingAndNoTruthGivesNoAccuracy()
    {
        var assignment = new ClusterAssignment([1, 0, 1], [0.0, 0.3, 1.0]);
        Abstention all = Abstention.Apply(assignment, 0);
        Assert.Equal(1.0, all.Coverage);
        Assert.Null(all.CoveredAccuracy);
        Assert.Equal(assignment.Labels, all.Assignment.Labels);

        Abstention none = Abstention.Apply(assignment, 1.0, [0, 1, 2]);
        Assert.Equal(1, none.Covered);
        Assert.Equal(1.0, none.CoveredAccuracy);
        Assert.Null(Abstention.Apply(new ClusterAssignment([0], [0.1]), 0.5, [0]).CoveredAccuracy);
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        var assignment = new ClusterAssignment([0, 1], [0.5, 0.5]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Abstention.Apply(assignment, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Abstention.Apply(assignment, double.NaN));
        Assert.Throws<ArgumentException>(() => Abstention.Apply(assignment, 0.5, [0]));
    }
}
