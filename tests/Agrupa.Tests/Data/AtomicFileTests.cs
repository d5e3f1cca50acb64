using System.Diagnostics;
using Agrupa.Data;

namespace Agrupa.Tests.Data;

/// <summary>
/// <see cref="AtomicFile"/>: a failed write leaves the old file and no temporary; leftovers of killed writers (hidden
/// <c>.name.pid.random.tmp</c> files) are removed by the next write to the same target, but never a live process's.
/// The real kill is tested in <c>Reliability/ProcessKillTests</c>.
/// </summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agrupa-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AFailedWriteKeepsTheOldFileAndRemovesItsTemporary()
    {
        string target = Path.Combine(_folder, "out.csv");
        File.WriteAllText(target, "old");
        Assert.Throws<InvalidDataException>(() => AtomicFile.Write(target, stream =>
        {
            stream.Write("partial"u8);
            throw new InvalidDataException("boom");
        }));
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(_folder));
    }

    [Fact]
    public void LeftoversOfDeadWritersAreRemovedAndALiveWritersAreKept()
    {
        string target = Path.Combine(_folder, "out.csv");
        int dead = DeadProcessId();
        int live = Environment.ProcessId == 1 ? 2 : 1;   // init (or its neighbour) outlives this test
        string deadLeftover = Path.Combine(_folder, $".out.csv.{dead}.0123456789abcdef.tmp");
        string ownLeftover = Path.Combine(_folder, $".out.csv.{Environment.ProcessId}.fedcba9876543210.tmp");
        string liveWriter = Path.Combine(_folder, $".out.csv.{live}.00112233445566778899.tmp");
        string otherTarget = Path.Combine(_folder, $".other.csv.{dead}.0123456789abcdef.tmp");
        foreach (string file in new[] { deadLeftover, ownLeftover, liveWriter, otherTarget }) File.WriteAllText(file, "partial");
        bool liveExists = IsRunning(live);

        AtomicFile.WriteAllText(target, "new");

        Assert.Equal("new", File.ReadAllText(target));
        Assert.False(File.Exists(deadLeftover), "a dead writer's temporary is removed");
        Assert.False(File.Exists(ownLeftover), "this process's idle temporary is removed");
        Assert.Equal(liveExists, File.Exists(liveWriter));   // kept while its process runs
        Assert.True(File.Exists(otherTarget), "temporaries of other targets are left alone");
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private static bool IsRunning(int pid)
    {
        try { using var process = Process.GetProcessById(pid); return !process.HasExited; }
        catch (ArgumentException) { return false; }
    }
}
