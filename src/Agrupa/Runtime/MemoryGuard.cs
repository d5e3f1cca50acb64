using System.Globalization;

namespace Agrupa.Runtime;

/// <summary>
/// The one check made before work whose memory grows faster than the data (an n×n or condensed distance matrix,
/// exact t-SNE's dense affinities, d×d covariances, a dense SVD): the estimate is compared with the memory available
/// now, and work that would not fit is refused up front with a <see cref="MemoryLimitException"/> giving both figures,
/// instead of running into swap or the kernel's OOM killer hours later.
/// </summary>
/// <remarks>
/// Available memory is the smaller of Linux's <c>MemAvailable</c> (<c>/proc/meminfo</c>: free memory plus what the
/// kernel can reclaim) and the runtime's <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/> (which honours container
/// and <c>GCHeapHardLimit</c> limits); off Linux only the latter. Work may take up to <see cref="Fraction"/> of it.
/// Tests set a fake figure with <see cref="OverrideAvailable"/>, so they are deterministic and never allocate.
/// </remarks>
public static class MemoryGuard
{
    /// <summary>Fraction of the available memory one piece of work may take (the rest is left to the data, the
    /// runtime and other processes).</summary>
    public const double Fraction = 0.8;

    private static readonly AsyncLocal<long?> Override = new();

    /// <summary>Bytes available to this process now (see the remarks), or the overridden figure.</summary>
    public static long AvailableBytes
    {
        get
        {
            if (Override.Value is long fake) return fake;
            long runtime = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            long? kernel = MemAvailable();
            long available = kernel is long k && k > 0 ? Math.Min(k, runtime > 0 ? runtime : long.MaxValue) : runtime;
            return available > 0 ? available : long.MaxValue;
        }
    }

    /// <summary>Whether <paramref name="bytes"/> fit within <see cref="Fraction"/> of <see cref="AvailableBytes"/>.</summary>
    public static bool Fits(double bytes) => bytes <= Fraction * AvailableBytes;

    /// <summary>
    /// Throws <see cref="MemoryLimitException"/> when <paramref name="bytes"/> do not fit. The message reads
    /// "<paramref name="what"/> needs about X GB, more than 80% of the Y GB available. <paramref name="advice"/>".
    /// </summary>
    /// <param name="bytes">The estimate (a double, so products of large counts cannot overflow).</param>
    /// <param name="what">The work and its size, e.g. "average linkage on 70,000 rows (the condensed distance matrix)".</param>
    /// <param name="advice">What to do instead (an option, a sample, another method).</param>
    public static void Require(double bytes, string what, string advice)
    {
        long available = AvailableBytes;
        if (bytes <= Fraction * available) return;
        throw new MemoryLimitException(
            $"{what} needs about {Format(bytes)}, more than {Fraction * 100:F0}% of the {Format(available)} of memory available. {advice}",
            bytes, available);
    }

    /// <summary>
    /// Makes <see cref="AvailableBytes"/> return <paramref name="bytes"/> on this logical flow (this thread and the tasks
    /// it starts) until the returned object is disposed: for tests.
    /// </summary>
    public static IDisposable OverrideAvailable(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        long? previous = Override.Value;
        Override.Value = bytes;
        return new Restore(previous);
    }

    /// <summary>Bytes as "1.2 GB" / "350 MB".</summary>
    public static string Format(double bytes) =>
        bytes >= 1e9 ? (bytes / 1e9).ToString("F1", CultureInfo.InvariantCulture) + " GB"
        : (bytes / 1e6).ToString("F0", CultureInfo.InvariantCulture) + " MB";

    private static long? MemAvailable()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            foreach (string line in File.ReadLines("/proc/meminfo"))
            {
                if (!line.StartsWith("MemAvailable:", StringComparison.Ordinal)) continue;
                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kb) ? kb * 1024 : null;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    private sealed class Restore(long? previous) : IDisposable
    {
        public void Dispose() => Override.Value = previous;
    }
}
