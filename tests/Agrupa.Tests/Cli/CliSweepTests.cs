using System.CommandLine;
using Agrupa.Cli;
using Agrupa.Cli.Commands;

namespace Agrupa.Tests.Cli;

/// <summary>
/// The exit-code contract swept over every registered command (<see cref="CommandCatalog"/>): an unknown option and each
/// missing required argument or option give exit code 2 and exactly one stderr line without a stack trace; a missing
/// input file gives exit code 1 and a line naming the path. A command added to the catalogue is swept automatically.
/// </summary>
public sealed class CliSweepTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agrupa-sweep-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Commands()
    {
        var names = new TheoryData<string>();
        foreach (Command command in CommandCatalog.All()) names.Add(command.Name);
        return names;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void AnUnknownOptionIsOneLineAndExitCode2(string command)
    {
        var (code, line) = RunForOneLine(command, "--no-such-option");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--no-such-option", line);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EachMissingRequiredInputIsOneLineAndExitCode2(string name)
    {
        Command command = CommandCatalog.All().Single(c => c.Name == name);
        Option[] options = command.Options.Where(o => o.Required).ToArray();
        Argument[] arguments = command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).ToArray();
        if (options.Length == 0 && arguments.Length == 0)
        {
            Assert.True(name is "version" or "datasets" or "run", $"'{name}' requires nothing; add it to this list if that is intended");
            return;
        }
        // Everything required is given except one option, in turn; then everything except the positional arguments.
        foreach (Option missing in options)
        {
            var args = new List<string> { name };
            foreach (Argument argument in arguments) args.Add(Path.Combine(_folder, "input.csv"));
            foreach (Option option in options.Where(o => o != missing)) args.AddRange([option.Name, ValueFor(option.Name)]);
            var (code, line) = RunForOneLine([.. args]);
            Assert.True(code == ExitCodes.Usage, $"{string.Join(' ', args)} → exit {code}: {line}");
            Assert.Contains(missing.Name, line);
        }
        if (arguments.Length > 0)
        {
            var args = new List<string> { name };
            foreach (Option option in options) args.AddRange([option.Name, ValueFor(option.Name)]);
            var (code, line) = RunForOneLine([.. args]);
            Assert.True(code == ExitCodes.Usage, $"{string.Join(' ', args)} → exit {code}: {line}");
        }
    }

    [Fact]
    public void AMissingInputFileIsOneLineNamingThePathAndExitCode1()
    {
        string missing = Path.Combine(_folder, "missing.csv"), model = Path.Combine(_folder, "missing.agrupa");
        string labels = Path.Combine(_folder, "labels.txt");
        File.WriteAllLines(labels, ["0", "1", "1"]);
        string[][] invocations =
        [
            ["inspect", missing],
            ["evaluate", "--truth", missing, "--pred", labels],
            ["evaluate", "--truth", labels, "--pred", missing],
            ["cluster", "--data", missing, "--out", Path.Combine(_folder, "labels.csv")],
            ["choose-k", "--data", missing],
            ["reduce", "--data", missing, "--out", Path.Combine(_folder, "embedding.csv")],
            ["pretrain", "--data", missing, "--out", Path.Combine(_folder, "ae.agrupa")],
            ["embed", "--model", model, "--data", "iris", "--out", Path.Combine(_folder, "codes.csv")],
            ["fit", "--method", "kmeans", "--clusters", "3", "--data", missing, "--out", Path.Combine(_folder, "kmeans.agrupa")],
            ["predict", "--model", model, "--data", "iris", "--out", Path.Combine(_folder, "predicted.csv")],
            ["compare", "--data", missing, "--methods", "kmeans", "--out", Path.Combine(_folder, "compare")],
            ["experiment", Path.Combine(_folder, "missing.json"), "--out", Path.Combine(_folder, "experiment")],
        ];
        foreach (string[] args in invocations)
        {
            var (code, line) = RunForOneLine(args);
            Assert.True(code == ExitCodes.Failure, $"{string.Join(' ', args)} → exit {code}: {line}");
            string path = args.First(a => a.Contains("missing", StringComparison.Ordinal));
            Assert.True(line.Contains(path, StringComparison.Ordinal) || line.Contains(Path.GetFileName(path), StringComparison.Ordinal),
                $"{string.Join(' ', args)}: the message does not name the file: {line}");
        }
        // Every command that reads an input is in the list above.
        var covered = invocations.Select(a => a[0]).ToHashSet();
        var readers = CommandCatalog.All().Select(c => c.Name).Where(n => n is not ("version" or "datasets" or "run"));
        Assert.All(readers, n => Assert.Contains(n, covered));
        Assert.Equal([labels], Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));   // no output was written
    }

    [Fact]
    public void VerbosePrintsTheStackTrace()
    {
        var error = new StringWriter();
        int code = CliApplication.Run(["inspect", Path.Combine(_folder, "missing.csv"), "--verbose"], new StringWriter(), error);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("   at ", error.ToString());
    }

    /// <summary>Runs the CLI in-process; asserts exactly one stderr line, prefixed "agrupa: ", with no stack trace.</summary>
    private static (int Code, string Line) RunForOneLine(params string[] args)
    {
        (int code, _, string error) = CliHarness.Run(args);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"{string.Join(' ', args)}: expected one stderr line, got {lines.Length}:\n{error}");
        Assert.StartsWith("agrupa: ", lines[0]);
        Assert.DoesNotContain("   at ", lines[0]);
        return (code, lines[0].TrimEnd('\r'));
    }

    /// <summary>A syntactically valid value for a required option (the files need not exist: parsing fails first).</summary>
    private string ValueFor(string option) => option switch
    {
        "--method" => "kmeans",
        "--methods" => "kmeans",
        "--clusters" => "3",
        _ => Path.Combine(_folder, "value.csv"),
    };
}
