namespace Agrupa.Neural;

/// <summary>Derives independent seeds from (run seed, epoch, step) with SplitMix64, so any step can be replayed alone (resume).</summary>
internal static class SeedMixer
{
    public static long Mix(long seed, long a, long b = 0)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)a * 0xBF58476D1CE4E5B9UL + (ulong)b * 0x94D049BB133111EBUL + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (long)(z & 0x7FFF_FFFF_FFFF_FFFFUL);
    }

    public static int MixToInt(long seed, long a, long b = 0) => (int)(Mix(seed, a, b) & int.MaxValue);
}
