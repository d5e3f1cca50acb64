using System.Text.RegularExpressions;
using Agrupa.Experiments;
using Agrupa.Plots;
using Agrupa.Tests.Experiments;

namespace Agrupa.Tests.Plots;

public sealed partial class HtmlReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agrupa-report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ExperimentOutcome Outcome()
    {
        var runner = new ExperimentRunner(TestMethods.Registry(), new IdentityScorer());
        ExperimentSpec spec = TestMethods.Spec("""["nearest", "first2+nearest", "noisy", "failing"]""", "[0, 1]");
        return runner.Run(spec, TestMethods.Blobs(), Path.Combine(_folder, "experiment"));
    }

    [Fact]
    public void TheReportIsOneSelfContainedFileWithEveryImageEmbedded()
    {
        ExperimentOutcome outcome = Outcome();
        string path = HtmlReport.Write(outcome, new IdentityScorer());
        string html = File.ReadAllText(path);

        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
        // Every src is a base64 PNG data URI, and every one decodes to a PNG.
        var sources = Source().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.True(sources.Length >= 10, $"{sources.Length} images");
        Assert.All(sources, s => Assert.StartsWith("data:image/png;base64,", s));
        Assert.All(sources, s => Png.Size(Convert.FromBase64String(s["data:image/png;base64,".Length..])));
        Assert.All(Href().Matches(html).Select(m => m.Groups[1].Value), h => Assert.StartsWith("#", h));

        // Summary table, a section per pipeline, the failure, the spec, versions and machine.
        Assert.Contains("<h2>Summary</h2>", html);
        foreach (string pipeline in new[] { "nearest", "first2+nearest", "noisy", "failing" })
            Assert.Contains($"<h2>{System.Net.WebUtility.HtmlEncode(pipeline)}</h2>", html);
        Assert.Contains("Seed 1 failed: cluster (failing): InvalidOperationException", html);
        Assert.Contains("&quot;pipelines&quot;", html);
        Assert.Contains("<th scope=\"row\">.NET</th>", html);
        Assert.Contains("TorchSharp", html);
        Assert.Contains("<th scope=\"row\">cores / threads used</th>", html);
        Assert.Contains("Sum of all run times", html);
        Assert.True(Directory.EnumerateFiles(outcome.Layout.PlotDirectory, "*.png").Count() >= sources.Length);
    }

    [Fact]
    public void ModelsWithADecoderGetAReconstructionGridOfRowsFromThePlotSample()
    {
        ExperimentOutcome outcome = Outcome();
        HtmlReport.Write(outcome, new IdentityScorer());
        string html = File.ReadAllText(outcome.Layout.ReportPath);

        // "first2" has a decoder (test reducer: rows negated); "nearest" alone has none.
        string path = outcome.Layout.ReconstructionsPath("first2+nearest", 0);
        var rows = ExperimentLayout.ReadRows(path, 4);
        Assert.NotNull(rows);
        Assert.Equal(8, rows.Value.Indices.Length);
        for (int i = 0; i < rows.Value.Indices.Length; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal(-outcome.Data.Row(rows.Value.Indices[i])[j], rows.Value.Values[i * 4 + j], 5);
        Assert.False(File.Exists(outcome.Layout.ReconstructionsPath("nearest", 0)));
        Assert.Single(Regex.Matches(html, "alt=\"Original images above their autoencoder reconstructions.\""));
        Assert.True(File.Exists(Path.Combine(outcome.Layout.PlotDirectory, ExperimentLayout.Slug("first2+nearest") + "-reconstructions.png")));
    }

    [Theory]
    [InlineData("k-means restart 2/10", true)]
    [InlineData("k-means restart 10/10", true)]
    [InlineData("k-means restart 1/10", false)]
    [InlineData("k-means", false)]
    [InlineData("pretrain", false)]
    public void OnlyTheFirstOfSeveralRestartsGetsItsOwnCurves(string stage, bool skipped) =>
        Assert.Equal(skipped, HtmlReport.LaterRestart().IsMatch(stage));

    [Fact]
    public void TheIndexLinksEachReportRelativelyAndFetchesNothing()
    {
        ExperimentOutcome outcome = Outcome();
        HtmlReport.Write(outcome, new IdentityScorer());
        string index = File.ReadAllText(ReportIndex.Write(_folder, "all experiments", [outcome]));
        Assert.Contains("<a href=\"experiment/report.html\">full report</a>", index);
        Assert.DoesNotContain("http", index);
        Assert.Contains("<td>nearest</td>", index);
    }

    [GeneratedRegex("src=\"([^\"]*)\"")]
    private static partial Regex Source();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();
}
