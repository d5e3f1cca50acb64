using Agrupa.Data;
using Agrupa.Evaluation;

namespace Agrupa.Experiments;

/// <summary>
/// The experiments' scorer over <see cref="ClusterMetrics"/> (external indices, scikit-learn's definitions) and the
/// internal indices (<see cref="Silhouette"/>, <see cref="CalinskiHarabasz"/>, <see cref="DaviesBouldin"/>).
/// Noise (label −1) is one more cluster in every external index (scikit-learn's convention; honest, since noise counts
/// against the clustering); the silhouette is computed on a seeded sample of at most <see cref="SilhouetteSampleSize"/>
/// rows so that 70,000 rows stay fast.
/// </summary>
public sealed class ClusterMetricsScorer : IClusterScorer
{
    /// <summary>Rows in the silhouette's sample (scikit-learn's <c>sample_size</c>); null = all rows.</summary>
    public int? SilhouetteSampleSize { get; init; } = 10_000;

    /// <inheritdoc />
    public string NoiseHandling => "noise (label −1) counted as one more cluster in ACC/NMI/AMI/ARI";

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Score(Dataset data, IReadOnlyList<int> predicted, IReadOnlyList<string> metrics)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(metrics);
        var values = new Dictionary<string, double>();
        if (data.Labels is { } truth)
        {
            ClusterScores scores = ClusterMetrics.Compute(truth, predicted, new ClusterMetricsOptions { Noise = Evaluation.NoiseHandling.Cluster });
            foreach (string metric in metrics)
            {
                double? value = metric switch
                {
                    "acc" => scores.Acc, "nmi" => scores.Nmi, "ami" => scores.Ami, "ari" => scores.Ari,
                    "homogeneity" => scores.Homogeneity, "completeness" => scores.Completeness, "v-measure" => scores.VMeasure,
                    "purity" => scores.Purity, _ => null,
                };
                if (value is { } v) values[metric] = v;
            }
        }
        int clusters = predicted.Where(l => l >= 0).Distinct().Count();
        if (clusters >= 2 && clusters < data.Count)
        {
            if (metrics.Contains("silhouette"))
                values["silhouette"] = Silhouette.Score(data, predicted, new SilhouetteOptions { SampleSize = SilhouetteSampleSize, ExcludeNoise = true });
            if (metrics.Contains("calinski-harabasz")) values["calinski-harabasz"] = CalinskiHarabasz.Score(data, predicted);
            if (metrics.Contains("davies-bouldin")) values["davies-bouldin"] = DaviesBouldin.Score(data, predicted);
        }
        return values;
    }

    /// <inheritdoc />
    public ConfusionTable Confusion(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, IReadOnlyList<string>? classNames)
    {
        MatchedConfusionMatrix matrix = ClusterMetrics.ConfusionMatrix(truth, predicted);
        int rows = matrix.Classes.Count, columns = matrix.Clusters.Count;
        var counts = new int[rows * columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) counts[r * columns + c] = checked((int)matrix.Counts[r, c]);
        string[] rowNames = matrix.Classes.Select(c => classNames is not null && c >= 0 && c < classNames.Count ? classNames[c] : $"class {c}").ToArray();
        string[] columnNames = matrix.Clusters.Select(c => c < 0 ? "noise" : $"cluster {c}").ToArray();
        return new ConfusionTable(counts, rowNames, columnNames);
    }
}
