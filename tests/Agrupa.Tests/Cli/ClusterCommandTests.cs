using System.Globalization;
using Agrupa.Cli;
using Agrupa.Data;
using Agrupa.Tests.Clustering;

namespace Agrupa.Tests.Cli;

/// <summary><c>agrupa cluster</c> and <c>agrupa choose-k</c> end to end on a small CSV file.</summary>
public sealed class ClusterCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agrupa-cluster-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteCsv(Dataset data, Func<int, int, string>? value = null)
    {
        string path = Path.Combine(_folder, "blobs.csv");
        var lines = new List<string> { string.Join(",", Enumerable.Range(0, data.FeatureCount).Select(j => $"f{j}").Append("label")) };
        for (int i = 0; i < data.Count; i++)
            lines.Add(string.Join(",", Enumerable.Range(0, data.FeatureCount)
                .Select(j => value?.Invoke(i, j) ?? data.Row(i)[j].ToString("R", CultureInfo.InvariantCulture)).Append(data.Labels![i].ToString())));
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => CliHarness.Run(args);

    [Theory]
    [InlineData("kmeans")]
    [InlineData("minibatch-kmeans")]
    [InlineData("gmm")]
    public void WritesOneLabelAndConfidencePerRow(string method)
    {
        Dataset data = KMeansTests.Blobs(perBlob: 40);
        string input = WriteCsv(data);
        string output = Path.Combine(_folder, "labels.csv");
        var (code, text, error) = Run("cluster", "--data", input, "--method", method, "-k", "3", "--seed", "1", "--out", output);
        Assert.True(code == 0, error);
        Assert.Contains("3 clusters", text);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal("row,label,confidence", lines[0]);
        Assert.Equal(data.Count + 1, lines.Length);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(3, rows.Select(r => r[1]).Distinct().Count());
        Assert.All(rows, r => Assert.InRange(double.Parse(r[2], CultureInfo.InvariantCulture), 0.0, 1.0));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void BadArgumentsAndBadDataAreOneLineErrors()
    {
        Dataset data = KMeansTests.Blobs(perBlob: 10);
        string output = Path.Combine(_folder, "labels.csv");
        string input = WriteCsv(data);
        Assert.Equal(ExitCodes.Usage, Run("cluster", "--data", input, "--method", "nope", "--out", output).Code);
        Assert.Equal(ExitCodes.Usage, Run("cluster", "--data", input, "--covariance", "round", "--out", output).Code);
        var tooMany = Run("cluster", "--data", input, "-k", "31", "--out", output);
        Assert.Equal(ExitCodes.Usage, tooMany.Code);
        Assert.Contains("Clusters=31", tooMany.Error);
        Assert.Equal(ExitCodes.Failure, Run("cluster", "--data", Path.Combine(_folder, "missing.csv"), "--out", output).Code);

        string withNaN = WriteCsv(data, (i, j) => i == 7 && j == 1 ? "NaN" : data.Row(i)[j].ToString("R", CultureInfo.InvariantCulture));
        var nan = Run("cluster", "--data", withNaN, "-k", "2", "--out", output);
        Assert.NotEqual(0, nan.Code);
        Assert.Contains(":9:2: NaN", nan.Error);                 // data row 7 is line 9 after the header, column 2
        Assert.False(File.Exists(output), "no output file after a failure");

        string broken = Path.Combine(_folder, "broken.csv");
        File.WriteAllLines(broken, ["a,b", "1,2", "3,x"]);
        var format = Run("cluster", "--data", broken, "-k", "1", "--out", output);
        Assert.Equal(ExitCodes.Failure, format.Code);
        Assert.Contains("broken.csv:3:2", format.Error);
    }

    [Fact]
    public void ChooseKPrintsTheTableAndEachCriterionsPick()
    {
        string input = WriteCsv(KMeansTests.Blobs(perBlob: 30));
        string table = Path.Combine(_folder, "k.csv");
        var (code, text, error) = Run("choose-k", "--data", input, "--k", "2..5", "--out", table);
        Assert.True(code == 0, error);
        Assert.Contains("silhouette k=3", text);
        Assert.Contains("elbow k=3", text);
        Assert.Equal(5, File.ReadAllLines(table).Length);
        string png = Path.Combine(_folder, "k.png");
        var gmm = Run("choose-k", "--data", input, "--method", "gmm", "--covariance", "diag", "--k", "2..4", "--plot", png);
        Assert.Contains("BIC k=3", gmm.Output);
        (int width, int height) = Agrupa.Tests.Plots.Png.Size(File.ReadAllBytes(png));
        Assert.True(width >= 600 && height >= 400, $"{width}×{height}");
        Assert.Equal(ExitCodes.Usage, Run("choose-k", "--data", input, "--k", "5..2").Code);
        Assert.Equal(ExitCodes.Usage, Run("choose-k", "--data", input, "--k", "2..500").Code);
    }
}
