using System.Globalization;
using System.Text.Json;

namespace Agrupa.Tests.Data.Fuzz;

/// <summary>
/// Every reader, fed mutated files, either returns a consistent data set or throws a DataFormatException naming the
/// file — never another exception, never a hang, never a memory blow-up. The normal run tries 30 distinct inputs per
/// format (14 formats); bench/fuzz/run.sh sets AGRUPA_FUZZ_ITERATIONS for the long run and AGRUPA_FUZZ_REPORT to save
/// the figures.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "agrupa-fuzz", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void MutatedFilesFailCleanlyOrReadConsistently()
    {
        int perFormat = int.TryParse(Environment.GetEnvironmentVariable("AGRUPA_FUZZ_ITERATIONS"), CultureInfo.InvariantCulture, out int n) ? n : 30;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("AGRUPA_FUZZ_SEED"), CultureInfo.InvariantCulture, out int s) ? s : 20261125;
        var fuzzer = new ReaderFuzzer(_root, seed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ReaderFuzzer.Report report = fuzzer.Run(perFormat, TimeSpan.FromSeconds(20));
        clock.Stop();
        if (Environment.GetEnvironmentVariable("AGRUPA_FUZZ_REPORT") is { Length: > 0 } reportPath)
            File.WriteAllText(reportPath, JsonSerializer.Serialize(new
            {
                seed, perFormat, report.Tried, report.Valid, report.Rejected, report.RejectedByFormat, Crashes = report.Failures.Count, report.MemorySpikes,
                report.Failures, report.SlowestSeconds, report.SlowestInput, report.LargestAllocation, Seconds = clock.Elapsed.TotalSeconds,
            }, new JsonSerializerOptions { WriteIndented = true }));
        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} of {report.Tried} inputs broke the contract:\n" + string.Join("\n", report.Failures.Take(40)));
        Assert.True(report.Rejected >= Math.Min(200, perFormat * 14 / 2), $"only {report.Rejected} distinct malformed inputs were rejected (of {report.Tried})");
        Assert.Equal(report.Tried, report.Valid + report.Rejected);
    }
}
