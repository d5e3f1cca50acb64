using System.Collections.Concurrent;
using System.Diagnostics;

namespace Agrupa.Data;

/// <summary>
/// Writes a file atomically: into a temporary file beside the target, flushed to disk, then moved over it. Every output
/// of Agrupa (results, summaries, reports, plots, embeddings, labels, model files, checkpoints) goes through here.
/// </summary>
/// <remarks>
/// The temporary file is named <c>.&lt;target name&gt;.&lt;process id&gt;.&lt;random&gt;.tmp</c> in the target's folder: hidden, with a
/// <c>.tmp</c> extension, so no tool mistakes it for an output. A process killed while writing leaves that file behind
/// (nothing can run after SIGKILL); the next write to the same target deletes such leftovers whose process is no longer
/// running. The target itself is always either the old complete file or the new complete one (rename is atomic on
/// POSIX file systems); tests/Agrupa.Tests/Reliability/ProcessKillTests.cs checks this by killing the CLI.
/// </remarks>
internal static class AtomicFile
{
    private static readonly ConcurrentDictionary<string, byte> InFlight = new(StringComparer.Ordinal);

    /// <summary>Calls <paramref name="write"/> on a temporary stream and moves the result to <paramref name="path"/>.
    /// A failure or a kill half-way leaves the old file (or none), never a partial one.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        string name = System.IO.Path.GetFileName(full);
        RemoveLeftovers(directory, name);
        string temporary = System.IO.Path.Combine(directory, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        InFlight[temporary] = 0;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
        finally
        {
            InFlight.TryRemove(temporary, out _);
        }
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) atomically to <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => { using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true); writer.Write(text); });

    /// <summary>Writes <paramref name="bytes"/> atomically to <paramref name="path"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>
    /// Deletes temporary files of <paramref name="name"/> left by killed writers: those whose process is no longer
    /// running, and this process's own that no write is using. Another live process's file is never touched.
    /// </summary>
    private static void RemoveLeftovers(string directory, string name)
    {
        string prefix = $".{name}.";
        IEnumerable<string> candidates;
        try { candidates = Directory.EnumerateFiles(directory, $".{name}.*.tmp").ToArray(); }
        catch (IOException) { return; }
        catch (UnauthorizedAccessException) { return; }
        foreach (string file in candidates)
        {
            string rest = System.IO.Path.GetFileName(file)[prefix.Length..];
            int dot = rest.IndexOf('.');
            if (dot <= 0 || !int.TryParse(rest.AsSpan(0, dot), out int pid)) continue;
            bool abandoned = pid == Environment.ProcessId ? !InFlight.ContainsKey(file) : !IsRunning(pid);
            if (!abandoned) continue;
            try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
