using System.Runtime.CompilerServices;

namespace Agrupa.Runtime;

/// <summary>
/// SplitMix64 (Steele, Lea &amp; Flood, OOPSLA 2014): a tiny, fast generator whose whole state is one 64-bit word, so
/// hot loops can keep one per vertex or per block and stay deterministic under any thread partition. Also the
/// stateless <see cref="Hash"/> used to give pairs a random but order-independent priority.
/// </summary>
internal struct FastRandom(ulong state)
{
    private ulong _state = state;

    /// <summary>A generator derived from a seed and up to two stream numbers (e.g. tree index, point index).</summary>
    public static FastRandom Create(int seed, long stream = 0, long substream = 0) =>
        new(Hash((ulong)(uint)seed, (ulong)stream, (ulong)substream));

    /// <summary>The current state (to store a stream and resume it later with <c>new FastRandom(state)</c>).</summary>
    public readonly ulong State => _state;

    /// <summary>Next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        return Mix(z);
    }

    /// <summary>Uniform integer in [0, <paramref name="bound"/>) (Lemire's multiply-shift; bias below 2⁻³²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int bound) => (int)(((NextUInt64() >> 32) * (ulong)(uint)bound) >> 32);

    /// <summary>Uniform double in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal draw (Box–Muller).</summary>
    public double NextGaussian()
    {
        double u = 1.0 - NextDouble(), v = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>A well-mixed 64-bit hash of three words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ulong a, ulong b, ulong c) =>
        Mix(Mix(Mix(a + 0x9E3779B97F4A7C15UL) ^ (b + 0xC2B2AE3D27D4EB4FUL)) ^ (c + 0x165667B19E3779F9UL));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
