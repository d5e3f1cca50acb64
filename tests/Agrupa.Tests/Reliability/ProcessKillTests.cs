using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Xunit.Abstractions;

namespace Agrupa.Tests.Reliability;

/// <summary>
/// Outputs survive a real kill: the CLI runs as its own OS process (<c>dotnet Agrupa.Cli.dll</c> from this test's output
/// folder, where the project reference copies it) and is killed with SIGKILL at several moments — while its temporary
/// file is being created, half-way through writing it, and at fixed delays. The target must then hold the old file byte
/// for byte or a complete new one, never a partial file; leftover temporary files are hidden <c>.name.pid.random.tmp</c>
/// files, and the next successful write removes them. An experiment killed between runs resumes without repeating the
/// finished runs. SIGTERM cancels: pretraining stops at a checkpoint that <c>--resume</c> finishes, a fit writes nothing.
/// </summary>
public sealed class ProcessKillTests(ITestOutputHelper log) : IDisposable
{
    private const int Rows = 60_000, Features = 16, Dimensions = 8;
    private readonly string _folder = Directory.CreateTempSubdirectory("agrupa-kill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AKilledReduceLeavesTheOldFileOrTheCompleteNewOne()
    {
        string input = Path.Combine(_folder, "input.csv");
        WriteInput(input);
        string target = Path.Combine(_folder, "embedding.csv");
        string old = "dim_1,dim_2,dim_3,dim_4,dim_5,dim_6,dim_7,dim_8\n" + string.Concat(Enumerable.Repeat("1,2,3,4,5,6,7,8\n", 3));
        File.WriteAllText(target, old);
        byte[] oldBytes = File.ReadAllBytes(target);
        string[] arguments = ["reduce", "--data", input, "--method", "pca", "--dims", Dimensions.ToString(CultureInfo.InvariantCulture), "--out", target, "--threads", "1"];

        var outcomes = new List<string>();
        // Kill as soon as the temporary file exists, once it holds at least 1 MB, then at fixed delays after the start.
        Func<Process, bool>[] killPoints =
        [
            process => Temporaries(process).Any(),
            process => Temporaries(process).Any(t => new FileInfo(t).Length > 1 << 20),
            Elapsed(TimeSpan.FromMilliseconds(150)),
            Elapsed(TimeSpan.FromMilliseconds(700)),
            Elapsed(TimeSpan.FromMilliseconds(1500)),
        ];
        int killedMidWrite = 0;
        foreach (Func<Process, bool> killPoint in killPoints)
        {
            bool sawTemporary = RunAndKill(arguments, killPoint);
            if (sawTemporary) killedMidWrite++;
            byte[] now = File.ReadAllBytes(target);
            if (now.AsSpan().SequenceEqual(oldBytes)) outcomes.Add("old");
            else
            {
                AssertCompleteEmbedding(target);
                outcomes.Add("new");
                File.WriteAllText(target, old);   // back to the old file for the next kill
            }
            Assert.All(Directory.GetFiles(_folder).Select(Path.GetFileName), name =>
                Assert.True(name is "input.csv" or "embedding.csv" || (name!.StartsWith(".embedding.csv.", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal)),
                    $"unexpected file {name}"));
        }
        log.WriteLine($"outcomes: {string.Join(", ", outcomes)}; kills while a temporary file existed: {killedMidWrite}");
        Assert.True(killedMidWrite >= 1, $"no kill landed while the temporary file existed (outcomes: {string.Join(", ", outcomes)})");
        Assert.Contains("old", outcomes);

        // A run to the end writes the complete file and removes the temporaries the killed runs left behind.
        var (code, _, error) = RunToEnd(arguments);
        Assert.True(code == 0, error);
        AssertCompleteEmbedding(target);
        Assert.Empty(Temporaries());
    }

    [Fact]
    public void AKilledExperimentResumesWithoutRepeatingFinishedRuns()
    {
        string spec = Path.Combine(_folder, "spec.json");
        File.WriteAllText(spec, """
            { "name": "kill", "data": { "name": "digits", "scaling": "zscore" },
              "pipelines": [{ "name": "kmeans", "clusterer": { "restarts": 10 } }], "seeds": 6, "metrics": ["acc"] }
            """);
        string output = Path.Combine(_folder, "experiment");
        string results = Path.Combine(output, "results.csv");
        string[] arguments = ["experiment", spec, "--out", output, "--threads", "1"];

        RunAndKill(arguments, _ => File.Exists(results) && DataRows(results).Length >= 2);
        string[] before = DataRows(results);
        Assert.InRange(before.Length, 2, 5);   // killed part-way: some runs recorded, not all
        Assert.All(before, row => Assert.Equal("ok", row.Split(',')[3]));

        var (code, text, error) = RunToEnd(arguments);
        Assert.True(code == 0, error);
        Assert.Equal(before.Length, text.Split('\n').Count(line => line.Contains("done earlier, kept", StringComparison.Ordinal)));
        string[] after = DataRows(results);
        Assert.Equal(6, after.Length);
        Assert.Equal(Enumerable.Range(0, 6).Select(s => s.ToString(CultureInfo.InvariantCulture)), after.Select(r => r.Split(',')[2]).Order());
        Assert.All(after, row => Assert.Equal("ok", row.Split(',')[3]));
        foreach (string row in before) Assert.Contains(row, after);   // finished runs kept byte for byte (times, finish stamps)
        Assert.Empty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void ASigtermStopsPretrainingAtACheckpointThatResumeFinishes()
    {
        string model = Path.Combine(_folder, "ae.agrupa");
        string[] arguments = ["pretrain", "--data", "digits", "--arch", "dense", "--epochs", "25", "--seed", "3", "--out", model, "--threads", "1"];

        var (code, error) = RunAndSignal(arguments, line => line.StartsWith("pretrain ", StringComparison.Ordinal));
        Assert.True(code == 130, $"exit code {code}; stderr: {error}");
        Assert.Contains($"cancelled; checkpoint written to {model}.ckpt (continue with --resume)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.True(File.Exists(model + ".ckpt"), "no checkpoint after SIGTERM");
        Assert.False(File.Exists(model), "a model file after SIGTERM");

        var (resumed, text, resumeError) = RunToEnd([.. arguments, "--resume"]);
        Assert.True(resumed == 0, resumeError);
        Assert.Contains("25 epochs", text, StringComparison.Ordinal);
        Assert.True(File.Exists(model));
        Assert.False(File.Exists(model + ".ckpt"), "the checkpoint of a finished run without --checkpoint-every stays");
    }

    [Fact]
    public void ASigtermDuringAFitsPretrainingLeavesItsCheckpointThatResumeFinishesAsAnUninterruptedFit()
    {
        string model = Path.Combine(_folder, "dec.agrupa"), whole = Path.Combine(_folder, "whole.agrupa");
        string[] arguments = ["fit", "--data", "digits", "--method", "dec", "-k", "10", "--epochs", "20", "--options", """{"maxIterations": 100}""", "--threads", "1"];

        var (code, error) = RunAndSignal([.. arguments, "--out", model], line => line.StartsWith("pretrain ", StringComparison.Ordinal));
        Assert.True(code == 130, $"exit code {code}; stderr: {error}");
        Assert.Contains($"cancelled; checkpoint written to {model}.pretraining.ckpt (continue with the same command and --resume)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.Equal([model + ".pretraining.ckpt"], Directory.GetFiles(_folder));   // no model file
        var header = Agrupa.Persistence.ModelFile.Read(model + ".pretraining.ckpt", "training-checkpoint").Header;
        Assert.True((long)header["globalStep"]! > 0, "the checkpoint holds no progress");

        var (resumed, resumedText, resumedError) = RunToEnd([.. arguments, "--out", model, "--resume"]);
        Assert.True(resumed == 0, resumedError);
        Assert.Equal([model], Directory.GetFiles(_folder));   // both checkpoints removed after the finished fit
        AssertSameScoresAsAnUninterruptedFit(arguments, whole, resumedText);
    }

    [Fact]
    public void ASigtermDuringAnN2dViewsPretrainingKeepsBothNetworksAndResumeFinishesAsAnUninterruptedFit()
    {
        string model = Path.Combine(_folder, "n2d.agrupa"), whole = Path.Combine(_folder, "whole.agrupa");
        string[] arguments = ["fit", "--data", "digits", "--method", "n2d", "-k", "10", "--epochs", "3", "--threads", "1",
            "--options", """{"views": [{"architecture": "Dense", "embeddingSize": 5, "pretraining": {"epochs": 30, "batchSize": 64}}]}"""];

        var (code, error) = RunAndSignal([.. arguments, "--out", model], line => line.StartsWith("pretrain ae5 ", StringComparison.Ordinal));
        Assert.True(code == 130, $"exit code {code}; stderr: {error}");
        Assert.Contains($"cancelled; checkpoint written to {model}.pretraining-2.ckpt (continue with the same command and --resume)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        // The finished autoencoder's checkpoint stays beside the view's; no model file.
        Assert.Equal([model + ".pretraining-2.ckpt", model + ".pretraining.ckpt"], Directory.GetFiles(_folder).Order(StringComparer.Ordinal));
        var header = Agrupa.Persistence.ModelFile.Read(model + ".pretraining.ckpt", "training-checkpoint").Header;
        Assert.Equal(3L, (long)header["epoch"]!);

        var (resumed, resumedText, resumedError) = RunToEnd([.. arguments, "--out", model, "--resume"]);
        Assert.True(resumed == 0, resumedError);
        Assert.DoesNotContain("pretrain ae10 ", resumedError, StringComparison.Ordinal);   // the autoencoder is not trained again
        Assert.Equal([model], Directory.GetFiles(_folder));   // both checkpoints removed after the finished fit
        AssertSameScoresAsAnUninterruptedFit(arguments, whole, resumedText);
    }

    [Fact]
    public void ASigtermedDecFitResumesFromItsCheckpointToTheUninterruptedModel()
    {
        string model = Path.Combine(_folder, "dec.agrupa"), whole = Path.Combine(_folder, "whole.agrupa");
        string[] arguments = ["fit", "--data", "digits", "--method", "dec", "-k", "10", "--epochs", "3", "--options", """{"maxIterations": 400, "tolerance": 0}""", "--threads", "1"];

        var (code, error) = RunAndSignal([.. arguments, "--out", model], line => line.StartsWith("dec clustering", StringComparison.Ordinal));
        Assert.True(code == 130, $"exit code {code}; stderr: {error}");
        Assert.Contains($"cancelled; checkpoint written to {model}.ckpt", error, StringComparison.Ordinal);
        Assert.False(File.Exists(model), "a model file after SIGTERM");

        var (resumed, resumedText, resumedError) = RunToEnd([.. arguments, "--out", model, "--resume"]);
        Assert.True(resumed == 0, resumedError);
        Assert.DoesNotContain("pretrain", resumedError, StringComparison.Ordinal);   // neither pretraining nor k-means again
        Assert.DoesNotContain("k-means", resumedError, StringComparison.Ordinal);
        Assert.False(File.Exists(model + ".ckpt"), "the checkpoint of a finished fit without --checkpoint-every stays");
        AssertSameScoresAsAnUninterruptedFit(arguments, whole, resumedText);
    }

    /// <summary>Runs the fit of <paramref name="arguments"/> uninterrupted into <paramref name="whole"/> and asserts that it
    /// prints the scores and cluster sizes of the resumed fit's <paramref name="resumedText"/>.</summary>
    private static void AssertSameScoresAsAnUninterruptedFit(string[] arguments, string whole, string resumedText)
    {
        var (finished, wholeText, wholeError) = RunToEnd([.. arguments, "--out", whole]);
        Assert.True(finished == 0, wholeError);
        string Scores(string text) => string.Join('\n', text.Split('\n').Where(l => l.StartsWith("ACC ", StringComparison.Ordinal) || l.StartsWith("cluster sizes", StringComparison.Ordinal)));
        Assert.Equal(Scores(wholeText), Scores(resumedText));
        Assert.Contains("ACC ", Scores(resumedText), StringComparison.Ordinal);
    }

    /// <summary>Starts the CLI, sends it SIGTERM (as <c>kill</c> or a service manager does) after the first stderr line
    /// that <paramref name="signalAfter"/> accepts, and returns its exit code and whole stderr.</summary>
    private static (int Code, string Error) RunAndSignal(string[] arguments, Func<string, bool> signalAfter)
    {
        using Process process = Start(arguments);
        var error = new StringBuilder();
        using var seen = new ManualResetEventSlim();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (error) error.AppendLine(e.Data);
            if (signalAfter(e.Data)) seen.Set();
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!seen.Wait(TimeSpan.FromSeconds(120))) { process.Kill(entireProcessTree: true); Assert.Fail($"no matching stderr line; stderr: {error}"); }
        Assert.False(process.HasExited, $"the CLI finished before the signal; stderr: {error}");
        Assert.Equal(0, SendSignal(process.Id, SigTerm));
        if (!process.WaitForExit(60_000)) { process.Kill(entireProcessTree: true); Assert.Fail("the CLI did not stop after SIGTERM"); }
        process.WaitForExit();   // drains the asynchronous readers
        lock (error) return (process.ExitCode, error.ToString());
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int processId, int signal);

    private IEnumerable<string> Temporaries(Process? writer = null) =>
        Directory.EnumerateFiles(_folder, writer is null ? ".embedding.csv.*.tmp" : $".embedding.csv.{writer.Id}.*.tmp");

    private static string[] DataRows(string path)
    {
        try { return File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToArray(); }
        catch (IOException) { return []; }
    }

    private static Func<Process, bool> Elapsed(TimeSpan delay) => process => DateTime.Now - process.StartTime >= delay;

    private static void AssertCompleteEmbedding(string path)
    {
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(string.Join(",", Enumerable.Range(1, Dimensions).Select(i => $"dim_{i}")), lines[0]);
        Assert.Equal(Rows + 1, lines.Length);
        Assert.All(lines.Skip(1), line =>
        {
            string[] cells = line.Split(',');
            Assert.Equal(Dimensions, cells.Length);
            Assert.All(cells, c => Assert.True(float.IsFinite(float.Parse(c, CultureInfo.InvariantCulture))));
        });
    }

    private static void WriteInput(string path)
    {
        var random = new Random(7);
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", Enumerable.Range(0, Features).Select(j => $"f{j}")));
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < Features; j++)
            {
                if (j > 0) text.Append(',');
                text.Append((random.NextDouble() + (i % 4) * (j % 3)).ToString("F5", CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>Starts the CLI, polls <paramref name="killNow"/> every millisecond or so and kills the process tree when it
    /// holds; returns whether a temporary output file of that process existed at the moment of the kill.</summary>
    private bool RunAndKill(string[] arguments, Func<Process, bool> killNow)
    {
        using Process process = Start(arguments);
        // Drain the pipes so a chatty child never blocks on a full pipe while it is being timed.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var timeout = Stopwatch.StartNew();
        bool sawTemporary = false;
        while (!process.HasExited && timeout.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (killNow(process))
            {
                sawTemporary = Directory.EnumerateFiles(_folder, $".*.{process.Id}.*.tmp", SearchOption.AllDirectories).Any();
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }   // it may have just exited
                break;
            }
            Thread.Sleep(1);
        }
        if (!process.WaitForExit(60_000)) { process.Kill(entireProcessTree: true); Assert.Fail("the CLI did not stop"); }
        return sawTemporary;
    }

    private static (int Code, string Output, string Error) RunToEnd(string[] arguments)
    {
        using Process process = Start(arguments);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000)) { process.Kill(entireProcessTree: true); Assert.Fail("the CLI did not finish in 2 minutes"); }
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The CLI as a child process: the running .NET host executes Agrupa.Cli.dll from the test's output folder.</summary>
    private static Process Start(string[] arguments)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "Agrupa.Cli.dll");
        Assert.True(File.Exists(cli), $"{cli} is missing: the test project references Agrupa.Cli, which copies it here");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(cli);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
    }

    /// <summary>The <c>dotnet</c> executable of the runtime running the tests (its root is three folders above the shared framework).</summary>
    private static string DotnetHost()
    {
        string root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}
