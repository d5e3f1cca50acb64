using Agrupa.Cli;
using Agrupa.Cli.Commands;
using Agrupa.Experiments;

namespace Agrupa.Tests.Cli;

public sealed class ExperimentCommandsTests
{
    private static (int Code, string Output, string Error) Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void TheDefaultComparisonIsAValidSpecPerEmbeddedDataSet()
    {
        IReadOnlyList<ExperimentSpec> specs = RunCommand.DefaultSpecs();
        Assert.Equal(["digits", "iris", "wine", "synthetic-control"], specs.Select(s => s.Data.Name));
        Assert.All(specs, s => Assert.True(s.Pipelines.Count >= 4));
        Assert.All(specs, s => Assert.Contains(s.Pipelines, p => p.Name is "dec" or "dcn"));   // every set includes a deep method
    }

    [Fact]
    public void ABadSpecIsOneLineNamingTheFileAndJsonPathWithExitCode1()
    {
        string file = Path.Combine(Path.GetTempPath(), $"agrupa-bad-spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "name": "x", "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": [1, "a"] }""");
        try
        {
            var (code, _, error) = Run("experiment", file);
            Assert.Equal(1, code);
            Assert.Equal($"agrupa: {file}: $.seeds[1]: expected an integer seed, got \"a\"", error.Trim());
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal(1, Run("experiment", "/nonexistent/spec.json").Code);
    }

    [Fact]
    public void AnUnknownMethodInASpecFileNamesTheFileAndThePipelineBeforeAnythingRuns()
    {
        string folder = Directory.CreateTempSubdirectory("agrupa-cli-spec-").FullName;
        string file = Path.Combine(folder, "spec.json");
        File.WriteAllText(file, """{ "name": "x", "data": { "name": "iris" }, "pipelines": ["no-such-method"], "seeds": 1 }""");
        try
        {
            var (code, _, error) = Run("experiment", file, "--out", Path.Combine(folder, "out"));
            Assert.Equal(1, code);
            Assert.StartsWith($"agrupa: {file}: $.pipelines[0].name: no clusterer named \"no-such-method\"", error.Trim());
            Assert.False(File.Exists(Path.Combine(folder, "out", "results.csv")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void CompareRejectsBadArgumentsWithExitCode2()
    {
        Assert.Equal(2, Run("compare", "--data", "iris").Code);                                   // --methods missing
        var (code, _, error) = Run("compare", "--data", "iris", "--methods", "no-such-method");
        Assert.Equal(2, code);
        Assert.Contains("--methods: no clusterer named \"no-such-method\"", error);
        Assert.Equal(2, Run("compare", "--data", "iris", "--methods", "kmeans", "--seeds", "0").Code);
        Assert.Contains("--scaling must be one of none, zscore, minmax, pixel", Run("compare", "--data", "iris", "--methods", "x", "--scaling", "log").Error);
    }

    [Fact]
    public void HelpListsTheThreeCommands()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("run", output);
        Assert.Contains("compare", output);
        Assert.Contains("experiment", output);
    }
}
