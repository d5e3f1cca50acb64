using Agrupa.Cli;
using Agrupa.Data;

namespace Agrupa.Tests.Cli;

/// <summary><c>agrupa datasets</c> and <c>agrupa inspect</c> through the real command line.</summary>
public sealed class DataCommandsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "agrupa-cli-data", Guid.NewGuid().ToString("N"));

    public DataCommandsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output, string Error) Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void DatasetsListsTheCatalogue()
    {
        (int code, string output, _) = Run("datasets", "--data-dir", _folder);
        Assert.Equal(0, code);
        foreach (string name in DatasetCatalog.Names) Assert.Contains(name, output);
        Assert.Contains("1,797×64", output);
        Assert.Contains(Path.Combine(_folder, "mnist"), output);
    }

    [Fact]
    public void InspectPrintsShapeRangeNaNAndLabelCounts()
    {
        (int code, string output, _) = Run("inspect", "digits");
        Assert.Equal(0, code);
        Assert.Contains("rows:        1,797", output);
        Assert.Contains("1×8×8", output);
        Assert.Contains("min 0, max 16", output);
        Assert.Contains("NaN:         0", output);
        Assert.Contains("3: 183", output);
    }

    [Fact]
    public void InspectHonoursTheReaderOptions()
    {
        string path = Path.Combine(_folder, "d.txt");
        File.WriteAllText(path, "a;b;kind\n1;2;x\n3;nan;y\n");
        (int code, string output, string error) = Run("inspect", path, "--label-column", "kind", "--delimiter", ";", "--allow-nan");
        Assert.True(code == 0, error);
        Assert.Contains("NaN:         1", output);
        Assert.Contains("x: 1", output);
    }

    [Fact]
    public void HeaderAndImageSizeOptions()
    {
        string path = Path.Combine(_folder, "h.csv");
        File.WriteAllText(path, "1,2\n3,4\n");
        (int code, string output, string error) = Run("inspect", path, "--header", "true");
        Assert.True(code == 0, error);
        Assert.Contains("rows:        1", output);
        (code, _, error) = Run("inspect", "iris", "--image-size", "28by28");
        Assert.Equal(2, code);
        Assert.Contains("--image-size", error);
    }

    [Fact]
    public void BadFilesAndArgumentsGiveOneLineAndTheRightExitCode()
    {
        string path = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(path, "1,2\n3,oops\n");
        (int code, _, string error) = Run("inspect", path);
        Assert.Equal(1, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains($"{path}:2:2", error);
        (code, _, error) = Run("inspect", Path.Combine(_folder, "absent.csv"));
        Assert.Equal(1, code);
        Assert.Contains("absent.csv", error);
        (code, _, error) = Run("inspect", "iris", "--delimiter", "pipe");
        Assert.Equal(2, code);
        Assert.Contains("--delimiter", error);
        (code, _, _) = Run("inspect");
        Assert.Equal(2, code);
    }
}
