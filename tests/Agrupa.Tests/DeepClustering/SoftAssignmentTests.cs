using Agrupa.DeepClustering;
using TorchSharp;

namespace Agrupa.Tests.DeepClustering;

/// <summary>Hand-computed cases of DEC's soft assignment, target distribution and KL loss.</summary>
public sealed class SoftAssignmentTests
{
    [Fact]
    public void StudentTMatchesHandComputedValues()
    {
        using var scope = torch.NewDisposeScope();
        // z = (0,0); centres (1,0) and (0,2): squared distances 1 and 4 → kernels 1/2 and 1/5 → q = (5/7, 2/7).
        var z = torch.tensor(new float[] { 0, 0 }, new long[] { 1, 2 });
        var mu = torch.tensor(new float[] { 1, 0, 0, 2 }, new long[] { 2, 2 });
        float[] q = SoftAssignment.StudentT(z, mu).data<float>().ToArray();
        Assert.Equal(5f / 7f, q[0], 6);
        Assert.Equal(2f / 7f, q[1], 6);
    }

    [Fact]
    public void TargetDistributionSharpensAndNormalises()
    {
        using var scope = torch.NewDisposeScope();
        var q = torch.tensor(new float[] { 0.6f, 0.4f, 0.3f, 0.7f }, new long[] { 2, 2 });
        float[] p = SoftAssignment.TargetDistribution(q).data<float>().ToArray();
        // f = (0.9, 1.1); row 0: 0.36/0.9 = 0.4, 0.16/1.1 = 0.14545 → p00 = 0.4/0.54545 = 0.73333.
        Assert.Equal(0.733333f, p[0], 5);
        Assert.Equal(1f, p[0] + p[1], 6);
        Assert.Equal(1f, p[2] + p[3], 6);
        Assert.True(p[3] > 0.7f, "the target must sharpen the dominant assignment");
    }

    [Fact]
    public void KullbackLeiblerIsZeroForEqualDistributionsAndPositiveOtherwise()
    {
        using var scope = torch.NewDisposeScope();
        var q = torch.tensor(new float[] { 0.6f, 0.4f }, new long[] { 1, 2 });
        var p = torch.tensor(new float[] { 0.9f, 0.1f }, new long[] { 1, 2 });
        Assert.Equal(0f, SoftAssignment.KullbackLeibler(q, q).item<float>(), 6);
        double expected = 0.9 * Math.Log(0.9 / 0.6) + 0.1 * Math.Log(0.1 / 0.4);
        Assert.Equal(expected, SoftAssignment.KullbackLeibler(p, q).item<float>(), 5);
    }
}
