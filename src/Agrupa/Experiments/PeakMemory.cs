using System.Diagnostics;
using System.Globalization;

namespace Agrupa.Experiments;

/// <summary>
/// Peak resident memory of the process per run. On Linux, writing "5" to <c>/proc/self/clear_refs</c> resets the
/// high-water mark <c>VmHWM</c> of <c>/proc/self/status</c> (Linux ≥ 4.0, proc(5)), so each run's peak is its own
/// (it includes what the process held before the run). Elsewhere the process-lifetime peak working set is used.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Starts a new measurement window; false when the platform cannot reset the peak.</summary>
    public static bool Reset()
    {
        try
        {
            if (!OperatingSystem.IsLinux()) return false;
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>Peak resident set size since the last <see cref="Reset"/> (or process start), MiB.</summary>
    public static double ReadMegabytes()
    {
        try
        {
            if (OperatingSystem.IsLinux())
                foreach (string line in File.ReadLines("/proc/self/status"))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        string kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                        return double.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024.0;
                    }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
