using Agrupa.Experiments;

namespace Agrupa.Tests.Experiments;

public sealed class ExperimentSummaryTests
{
    private static RunRecord Run(string pipeline, int seed, double acc, double seconds, string status = RunRecord.Succeeded) => new()
    {
        Pipeline = pipeline, Method = pipeline, Seed = seed, Status = status, Configuration = "c",
        Metrics = status == RunRecord.Succeeded ? new Dictionary<string, double> { ["acc"] = acc } : new Dictionary<string, double>(),
        TotalSeconds = seconds, ClustersFound = 3 + seed, PeakMemoryMegabytes = 100 + seed,
    };

    [Fact]
    public void MeanAndSampleStandardDeviationPerPipelineFailuresCountedNotAveraged()
    {
        RunRecord[] records =
        [
            Run("b", 0, 0.5, 1), Run("b", 1, 0.7, 2), Run("b", 2, 0.9, 3),
            Run("a", 0, 0.25, 4), Run("a", 1, double.NaN, 9, RunRecord.Failed),
        ];
        var summary = ExperimentSummary.Compute(records, ["a", "b", "absent"], ["acc", "nmi"]);
        Assert.Equal(["a", "b"], summary.Rows.Select(r => r.Pipeline));
        SummaryRow b = summary.Rows[1];
        Assert.Equal(3, b.Runs);
        Assert.Equal(0.7, b.Metrics["acc"].Mean, 12);
        Assert.Equal(0.2, b.Metrics["acc"].StandardDeviation, 12);     // sqrt(((−.2)² + 0 + .2²) / (3 − 1))
        Assert.Equal(0, b.Metrics["nmi"].Count);
        Assert.Equal(2.0, b.TotalSeconds.Mean, 12);
        Assert.Equal(1.0, b.TotalSeconds.StandardDeviation, 12);
        Assert.Equal(4.0, b.ClustersFound.Mean, 12);
        Assert.Equal(102, b.PeakMemoryMegabytes);
        SummaryRow a = summary.Rows[0];
        Assert.Equal((1, 1), (a.Runs, a.Failures));
        Assert.Equal(0.25, a.Metrics["acc"].Mean);
        Assert.Equal(0, a.Metrics["acc"].StandardDeviation);
        Assert.Equal(4.0, a.TotalSeconds.Mean);

        string markdown = summary.ToMarkdown();
        Assert.Contains("| pipeline | runs | ACC | NMI | clusters | noise | time (s) | peak RSS (MiB) |", markdown);
        Assert.Contains("| b | 3 | 0.7000 ± 0.2000 | – |", markdown);
        Assert.Contains("| a | 1 (1 failed) | 0.2500 | – |", markdown);
        string[] csv = summary.ToCsv().TrimEnd().Split('\n');
        Assert.Equal("pipeline,method,runs,failures,acc_mean,acc_std,nmi_mean,nmi_std,clusters_mean,noise_fraction_mean,reduce_s_mean,cluster_s_mean,total_s_mean,total_s_std,peak_rss_mb_max", csv[0]);
        Assert.StartsWith("b,b,3,0,0.7", csv[2]);
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4 }, 2.5, 1.2909944487358056)]
    [InlineData(new double[] { 0.636 }, 0.636, 0)]
    public void MeanDeviationMatchesHandComputedValues(double[] values, double mean, double deviation)
    {
        MeanDeviation result = MeanDeviation.Of(values);
        Assert.Equal(mean, result.Mean, 12);
        Assert.Equal(deviation, result.StandardDeviation, 12);
        Assert.Equal("–", MeanDeviation.Of([]).Format());
    }

    [Fact]
    public void ResultsFileRoundTripsEveryFieldIncludingQuotedMessages()
    {
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-results-{Guid.NewGuid():N}.csv");
        try
        {
            var record = new RunRecord
            {
                Pipeline = "umap2+kmeans", Method = "umap2+kmeans", Seed = 3, Status = RunRecord.Failed, Configuration = "abc123",
                ClustersRequested = 10, ClustersFound = 9, NoiseFraction = 0.125, Metrics = new Dictionary<string, double> { ["nmi"] = 0.61, ["acc"] = 0.5 },
                ReduceSeconds = 1.5, ClusterSeconds = 2.25, EvaluateSeconds = 0.01, TotalSeconds = 3.9, PeakMemoryMegabytes = 512, AllocatedMegabytes = 64,
                Finished = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), Message = "cluster: failed, \"badly\"\nsecond line",
            };
            ResultsFile.Write(path, [record], ["acc", "nmi"]);
            Assert.StartsWith("pipeline,method,seed,status,", File.ReadAllText(path));
            RunRecord read = Assert.Single(ResultsFile.Read(path));
            Assert.Equal(record with { Metrics = read.Metrics, Message = read.Message }, read);
            Assert.Equal(record.Metrics, read.Metrics);
            Assert.Equal("cluster: failed, \"badly\" second line", read.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AForeignCsvIsRejectedAsNotAResultsFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-foreign-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "a,b\n1,2\n");
            var error = Assert.Throws<Agrupa.Data.DataFormatException>(() => ResultsFile.Read(path));
            Assert.Contains("not an Agrupa results file", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
