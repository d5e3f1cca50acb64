using System.Runtime.InteropServices;

namespace Agrupa.Runtime;

/// <summary>
/// glibc malloc tuning for tensor work. By default glibc serves blocks above 128 KiB (adaptively up to 32 MiB) with
/// mmap and gives freed memory back to the kernel, so every training step maps, page-faults and unmaps its activation
/// buffers again. Raising <c>M_MMAP_THRESHOLD</c> and <c>M_TRIM_THRESHOLD</c> keeps those buffers in the heap for
/// reuse (PyTorch epochs were 2–4× faster here with it; DEVELOPERS.md). The equivalent environment setting is
/// <c>GLIBC_TUNABLES=glibc.malloc.mmap_threshold=…:glibc.malloc.trim_threshold=…</c>.
/// </summary>
/// <remarks>
/// Call <see cref="Apply"/> once at start-up, before the first tensor is allocated (the CLI does). It is a no-op on
/// non-Linux systems, with a non-glibc C library, and when the user already set <c>GLIBC_TUNABLES</c> for malloc.
/// </remarks>
public static class NativeMemoryTuning
{
    private const int MallocTrimThreshold = -1;   // M_TRIM_THRESHOLD
    private const int MallocMmapThreshold = -3;   // M_MMAP_THRESHOLD

    /// <summary>mmap threshold set by <see cref="Apply"/>: 32 MiB, the largest glibc accepts on 64-bit (4 MiB × sizeof(long)).</summary>
    public const int MmapThresholdBytes = 32 << 20;

    /// <summary>Trim threshold set by <see cref="Apply"/>: 1 GiB of free heap top is kept before returning memory to the kernel.</summary>
    public const int TrimThresholdBytes = 1 << 30;

    private static int _applied;

    /// <summary>Whether a previous call changed the thresholds.</summary>
    public static bool IsApplied => Volatile.Read(ref _applied) == 1;

    /// <summary>
    /// Raises glibc's mmap threshold to <see cref="MmapThresholdBytes"/> and its trim threshold to
    /// <see cref="TrimThresholdBytes"/>. Returns true when both calls succeeded.
    /// </summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux()) return false;
        string? tunables = Environment.GetEnvironmentVariable("GLIBC_TUNABLES");
        if (tunables is not null && tunables.Contains("glibc.malloc.", StringComparison.Ordinal)) return false;
        try
        {
            bool ok = mallopt(MallocMmapThreshold, MmapThresholdBytes) == 1 && mallopt(MallocTrimThreshold, TrimThresholdBytes) == 1;
            if (ok) Volatile.Write(ref _applied, 1);
            return ok;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // musl or another C library without mallopt
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
