namespace Agrupa.Evaluation;

/// <summary>Options for <see cref="ClusterMetrics.Compute"/>. Defaults equal scikit-learn's (Pedregosa et al., JMLR 2011).</summary>
public sealed record ClusterMetricsOptions
{
    /// <summary>What to do with predicted label −1 (noise). Default <see cref="NoiseHandling.Cluster"/>: noise is one more cluster, as in scikit-learn.</summary>
    public NoiseHandling Noise { get; init; } = NoiseHandling.Cluster;

    /// <summary>Normalisation of NMI. Default arithmetic mean, scikit-learn's <c>average_method='arithmetic'</c>.</summary>
    public MutualInformationAverage NmiAverage { get; init; } = MutualInformationAverage.Arithmetic;

    /// <summary>Normalisation of AMI. Default arithmetic mean, scikit-learn's <c>average_method='arithmetic'</c>.</summary>
    public MutualInformationAverage AmiAverage { get; init; } = MutualInformationAverage.Arithmetic;
}
