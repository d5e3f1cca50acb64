using System.Text.Json;
using Agrupa.Cli;
using Agrupa.Evaluation;

namespace Agrupa.Tests.Cli;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agrupa-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void PrintsTheScoresOfTheLibrary()
    {
        string truth = Write("truth.txt", "0\n0\n1\n1\n2\n2\n");
        string predicted = Write("pred.txt", "5\n5\n7\n-1\n9\n9\n");
        (int code, string output, string error) = Run("evaluate", "--truth", truth, "--pred", predicted);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        ClusterScores expected = ClusterMetrics.Compute([0, 0, 1, 1, 2, 2], [5, 5, 7, -1, 9, 9]);
        Assert.Contains($"ACC {expected.Acc:F4}", Squeeze(output));
        Assert.Contains($"AMI {expected.Ami:F4}", Squeeze(output));
        Assert.Contains("16.7 % of points, counted as one cluster", output);
    }

    [Fact]
    public void ReadsCsvColumnsByNameAndIndexAndExcludesNoise()
    {
        string truth = Write("truth.csv", "id;label\n1;0\n2;0\n3;1\n4;1\n");
        string predicted = Write("pred.csv", "x,cluster\n0.5,3.000000000000000000e+00\n0.1,3\n0.2,-1\n0.3,4\n");
        (int code, string output, _) = Run("evaluate", "--truth", truth, "--truth-column", "label", "--pred", predicted, "--pred-column", "1",
            "--noise", "exclude", "--json");
        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(1.0, json.RootElement.GetProperty("acc").GetDouble());
        Assert.Equal(3, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal("exclude", json.RootElement.GetProperty("noise").GetString());
        Assert.Equal(0.25, json.RootElement.GetProperty("noise_fraction").GetDouble());
    }

    [Fact]
    public void BadLabelNamesFileAndLine()
    {
        string truth = Write("truth.txt", "0\n1\nabc\n");
        string predicted = Write("pred.txt", "0\n1\n1\n");
        (int code, _, string error) = Run("evaluate", "--truth", truth, "--pred", predicted);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains($"{truth}:3:1: expected an integer label, found 'abc'", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void DifferentLengthsAreAFailure()
    {
        string truth = Write("truth.txt", "0\n1\n1\n");
        string predicted = Write("pred.txt", "0\n1\n");
        (int code, _, string error) = Run("evaluate", "--truth", truth, "--pred", predicted);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("holds 2 labels but the truth file", error);
    }

    [Theory]
    [InlineData("--noise", "bogus")]
    [InlineData("--pred-column", "nope")]
    [InlineData("--pred-column", "7")]
    public void BadArgumentsAreUsageErrors(string option, string value)
    {
        string truth = Write("truth.txt", "0\n1\n");
        string predicted = Write("pred.csv", "a,b\n0,1\n1,1\n");
        (int code, _, string error) = Run("evaluate", "--truth", truth, "--pred", predicted, option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("agrupa: ", error);
    }

    [Fact]
    public void MultiColumnFileWithoutColumnIsAUsageError()
    {
        string truth = Write("truth.txt", "0\n1\n");
        string predicted = Write("pred.csv", "a,b\n0,1\n1,1\n");
        (int code, _, string error) = Run("evaluate", "--truth", truth, "--pred", predicted);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--pred-column", error);
    }

    [Fact]
    public void MissingFileIsAFailure()
    {
        (int code, _, string error) = Run("evaluate", "--truth", Path.Combine(_folder, "none.txt"), "--pred", Path.Combine(_folder, "none.txt"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("not found", error);
    }

    private static string Squeeze(string text) => System.Text.RegularExpressions.Regex.Replace(text, " +", " ");
}
