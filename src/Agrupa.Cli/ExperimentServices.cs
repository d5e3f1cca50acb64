using Agrupa.Experiments;

namespace Agrupa.Cli;

/// <summary>
/// What the experiment commands (<c>run</c>, <c>compare</c>, <c>experiment</c>) are built from: the method registry, the
/// metrics and the data loader. One place, so a new method or metric binding is one line here or in
/// <see cref="BuiltInMethods"/>.
/// </summary>
internal static class ExperimentServices
{
    /// <summary>Every method of this build.</summary>
    public static MethodRegistry Methods() => BuiltInMethods.Create();

    /// <summary>The metrics of experiments (ACC, NMI, AMI, ARI, … through Agrupa.Evaluation).</summary>
    public static IClusterScorer Scorer() => new ClusterMetricsScorer();
}
