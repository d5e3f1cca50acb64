using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Agrupa.Runtime;

namespace Agrupa.Reduction;

/// <summary>
/// UMAP's layout optimisation (umap-learn <c>layouts.py</c>, <c>optimize_layout_euclidean</c>): stochastic gradient
/// descent on the fuzzy-set cross entropy with edge sampling and negative sampling.
/// </summary>
/// <remarks>
/// <para>Schedule as umap-learn: edge e is sampled every <c>epochs_per_sample[e] = w_max / w_e</c> epochs (first at
/// epoch epochs_per_sample[e]); each sample moves the head (and, while fitting, the tail) by the clipped attractive
/// gradient −2ab d^(2(b−1)) / (1 + a d^(2b)) · (y_i − y_j), then draws (epoch − next_negative)/epochs_per_negative_sample
/// random vertices and moves the head by the clipped repulsive gradient 2γb / ((0.001 + d²)(1 + a d^(2b))) · (y_i − y_k).
/// Each gradient component is clipped to [−4, 4]; the step is α = lr · (1 − epoch/epochs), updated after each epoch.</para>
/// <para>Parallel and deterministic: edges are grouped by head vertex (CSR); fixed blocks of head vertices run in
/// parallel, each head moving in place. Tails and negative samples are read from a snapshot of the embedding taken at
/// the start of the epoch, and the tail moves (<c>move_other</c>) are queued per block and applied after the epoch in
/// block order. Negative samples come from a per-vertex SplitMix64 stream (umap-learn's current code also keeps a
/// per-vertex state). So the result depends on the seed alone, not on the thread count. umap-learn instead either runs
/// one thread (random_state set) or races (Hogwild) in place; the one-epoch delay of tail moves and snapshot reads is
/// the only difference in the arithmetic.</para>
/// </remarks>
internal static class UmapLayout
{
    private const int Block = 512;
    private const double Clip = 4.0;

    /// <summary>Negative samples drawn (and prefetched) together before their updates run in draw order.</summary>
    private const int NegativeBatch = 8;

    /// <summary>umap-learn's <c>make_epochs_per_sample</c>: w_max / w per edge (−1 for zero weights).</summary>
    public static double[] EpochsPerSample(float[] weights, int epochs)
    {
        var result = new double[weights.Length];
        float max = weights.Length == 0 ? 0 : weights.Max();
        for (int e = 0; e < weights.Length; e++)
        {
            double samples = epochs * (weights[e] / (double)max);
            result[e] = samples > 0 ? epochs / samples : -1;
        }
        return result;
    }

    /// <summary>
    /// Optimises <paramref name="head"/> (row-major, <paramref name="dim"/> columns) in place. Edges: CSR
    /// (<paramref name="rowStarts"/>, <paramref name="tails"/>) with <paramref name="epochsPerSample"/>. When
    /// <paramref name="tail"/> is null the graph is on the head points themselves and both ends move (fit); otherwise
    /// tails index the fixed <paramref name="tail"/> embedding and only heads move (transform).
    /// </summary>
    public static void Optimize(float[] head, float[]? tail, int dim, int[] rowStarts, int[] tails, double[] epochsPerSample,
        double a, double b, double gamma, double initialAlpha, int negativeSampleRate, int epochs, int seed,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        int heads = rowStarts.Length - 1;
        bool moveOther = tail is null;
        int vertices = (tail ?? head).Length / dim;
        int edges = tails.Length;
        var epochsPerNegative = new double[edges];
        var nextSample = new double[edges];
        var nextNegative = new double[edges];
        for (int e = 0; e < edges; e++)
        {
            epochsPerNegative[e] = negativeSampleRate > 0 ? epochsPerSample[e] / negativeSampleRate : double.PositiveInfinity;
            nextSample[e] = epochsPerSample[e];
            nextNegative[e] = epochsPerNegative[e];
        }
        var states = new ulong[heads];
        for (int i = 0; i < heads; i++) states[i] = FastRandom.Hash((ulong)(uint)seed, 0x5A9D, (ulong)i);
        int blocks = (heads + Block - 1) / Block;
        float[] snapshot = moveOther ? new float[head.Length] : tail!;
        var queuedIndex = moveOther ? Enumerable.Range(0, blocks).Select(_ => new List<int>()).ToArray() : null;
        var queuedDelta = moveOther ? Enumerable.Range(0, blocks).Select(_ => new List<float>()).ToArray() : null;
        double alpha = initialAlpha;
        var parameters = new Parameters((float)a, (float)b, (float)gamma, dim, vertices, moveOther, new PowerTable((float)b));
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (moveOther) Array.Copy(head, snapshot, head.Length);
            float step = (float)alpha;
            int n = epoch;
            Parallel.For(0, blocks, ThreadBudget.Options, block =>
            {
                List<int>? index = queuedIndex?[block];
                List<float>? delta = queuedDelta?[block];
                index?.Clear();
                delta?.Clear();
                int start = block * Block, end = Math.Min(heads, start + Block);
                if (dim == 2)
                {
                    Block2D(head, snapshot, start, end, rowStarts, tails, nextSample, epochsPerSample, nextNegative, epochsPerNegative,
                        states, n, step, parameters, index, delta);
                    return;
                }
                Span<int> drawn = stackalloc int[NegativeBatch];
                for (int i = start; i < end; i++)
                {
                    var random = new FastRandom(states[i]);
                    for (int e = rowStarts[i]; e < rowStarts[i + 1]; e++)
                    {
                        if (nextSample[e] > n) continue;
                        // The first negatives are drawn and prefetched before the attraction, so their loads overlap it.
                        int negatives = (int)((n - nextNegative[e]) / epochsPerNegative[e]);
                        DrawNegatives(ref random, drawn, Math.Min(NegativeBatch, negatives), snapshot, dim, vertices);
                        Attract(head, snapshot, i, tails[e], step, parameters, index, delta);
                        nextSample[e] += epochsPerSample[e];
                        for (int first = 0; first < negatives; first += NegativeBatch)
                        {
                            int count = Math.Min(NegativeBatch, negatives - first);
                            if (first > 0) DrawNegatives(ref random, drawn, count, snapshot, dim, vertices);
                            for (int q = 0; q < count; q++)
                                if (!(moveOther && drawn[q] == i)) Repel(head, snapshot, i, drawn[q], step, parameters);
                        }
                        nextNegative[e] += negatives * epochsPerNegative[e];
                    }
                    states[i] = random.State;
                }
            });
            if (moveOther)
                for (int block = 0; block < blocks; block++)
                {
                    var index = queuedIndex![block];
                    var delta = queuedDelta![block];
                    for (int u = 0; u < index.Count; u++)
                        for (int d = 0; d < dim; d++) head[index[u] * dim + d] += delta[u * dim + d];
                }
            alpha = initialAlpha * (1.0 - (double)epoch / epochs);
            if (progress is not null && ((epoch + 1) % 10 == 0 || epoch + 1 == epochs))
                progress.Report(new TrainingProgress { Stage = moveOther ? "UMAP layout" : "UMAP transform", Epoch = epoch + 1, TotalEpochs = epochs });
        }
    }

    private readonly record struct Parameters(float A, float B, float Gamma, int Dim, int Vertices, bool MoveOther, PowerTable Power);

    /// <summary>
    /// One block of heads for a 2-D layout: the same arithmetic, in the same order, as <see cref="Attract"/> and
    /// <see cref="Repel"/>, with the head's two coordinates held in registers across all its edges (only this block
    /// writes them during an epoch) and no bounds checks; most of UMAP's time is here.
    /// </summary>
    private static void Block2D(float[] head, float[] other, int start, int end, int[] rowStarts, int[] tails, double[] nextSample,
        double[] epochsPerSample, double[] nextNegative, double[] epochsPerNegative, ulong[] states, int epoch, float alpha,
        in Parameters p, List<int>? index, List<float>? delta)
    {
        ref float heads = ref MemoryMarshal.GetArrayDataReference(head);
        ref float points = ref MemoryMarshal.GetArrayDataReference(other);
        float a = p.A, attract = -2f * p.A * p.B, repel = 2f * p.Gamma * p.B, clip = (float)Clip;
        int vertices = p.Vertices;
        bool moveOther = p.MoveOther;
        PowerTable table = p.Power;
        Span<int> drawn = stackalloc int[NegativeBatch];
        for (int i = start; i < end; i++)
        {
            var random = new FastRandom(states[i]);
            float x = Unsafe.Add(ref heads, 2 * i), y = Unsafe.Add(ref heads, 2 * i + 1);
            for (int e = rowStarts[i]; e < rowStarts[i + 1]; e++)
            {
                if (nextSample[e] > epoch) continue;
                int negatives = (int)((epoch - nextNegative[e]) / epochsPerNegative[e]);
                DrawNegatives(ref random, drawn, Math.Min(NegativeBatch, negatives), other, 2, vertices);
                int j = tails[e];
                float dx = x - Unsafe.Add(ref points, 2 * j), dy = y - Unsafe.Add(ref points, 2 * j + 1);
                float d2 = dx * dx + dy * dy, coefficient = 0;
                if (d2 > 0)
                {
                    float power = table.Pow(d2);
                    coefficient = attract * (power / d2) / (a * power + 1f);
                }
                float gx = Math.Clamp(coefficient * dx, -clip, clip) * alpha, gy = Math.Clamp(coefficient * dy, -clip, clip) * alpha;
                x += gx;
                y += gy;
                if (index is not null)
                {
                    index.Add(j);
                    delta!.Add(-gx);
                    delta.Add(-gy);
                }
                nextSample[e] += epochsPerSample[e];
                for (int first = 0; first < negatives; first += NegativeBatch)
                {
                    int count = Math.Min(NegativeBatch, negatives - first);
                    if (first > 0) DrawNegatives(ref random, drawn, count, other, 2, vertices);
                    for (int q = 0; q < count; q++)
                    {
                        int k = drawn[q];
                        if (moveOther && k == i) continue;
                        dx = x - Unsafe.Add(ref points, 2 * k);
                        dy = y - Unsafe.Add(ref points, 2 * k + 1);
                        d2 = dx * dx + dy * dy;
                        if (!(d2 > 0)) continue;
                        coefficient = repel / ((0.001f + d2) * (a * table.Pow(d2) + 1f));
                        if (!(coefficient > 0)) continue;
                        x += Math.Clamp(coefficient * dx, -clip, clip) * alpha;
                        y += Math.Clamp(coefficient * dy, -clip, clip) * alpha;
                    }
                }
                nextNegative[e] += negatives * epochsPerNegative[e];
            }
            Unsafe.Add(ref heads, 2 * i) = x;
            Unsafe.Add(ref heads, 2 * i + 1) = y;
            states[i] = random.State;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Attract(float[] head, float[] other, int i, int j, float alpha, in Parameters p, List<int>? index, List<float>? delta)
    {
        int dim = p.Dim;
        var current = head.AsSpan(i * dim, dim);
        var target = new ReadOnlySpan<float>(other, j * dim, dim);
        float d2 = SquaredDistance(current, target);
        float coefficient = 0;
        if (d2 > 0)
        {
            float power = p.Power.Pow(d2);
            coefficient = -2f * p.A * p.B * (power / d2) / (p.A * power + 1f);
        }
        index?.Add(j);
        Span<float> moved = default;
        if (delta is not null)
        {
            int count = delta.Count;
            CollectionsMarshal.SetCount(delta, count + dim);
            moved = CollectionsMarshal.AsSpan(delta).Slice(count, dim);
        }
        Step(current, target, coefficient, alpha, moved);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Repel(float[] head, float[] other, int i, int k, float alpha, in Parameters p)
    {
        int dim = p.Dim;
        var current = head.AsSpan(i * dim, dim);
        var target = new ReadOnlySpan<float>(other, k * dim, dim);
        float d2 = SquaredDistance(current, target);
        if (!(d2 > 0)) return;
        float coefficient = 2f * p.Gamma * p.B / ((0.001f + d2) * (p.A * p.Power.Pow(d2) + 1f));
        if (!(coefficient > 0)) return;
        Step(current, target, coefficient, alpha, default);
    }

    /// <summary>
    /// Draws the next <paramref name="count"/> negative samples into <paramref name="drawn"/> (the same draws, in the
    /// same order, as one at a time) and asks the cache for their rows (one prefetch per 64-byte line), so the random
    /// loads overlap the updates that run before them. A prefetch never faults, so an unpinned address (stale if the GC
    /// moved the array) is harmless.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void DrawNegatives(ref FastRandom random, Span<int> drawn, int count, float[] rows, int dim, int vertices)
    {
        ref float data = ref MemoryMarshal.GetArrayDataReference(rows);
        for (int q = 0; q < count; q++)
        {
            int k = drawn[q] = random.NextInt(vertices);
            if (!Sse.IsSupported) continue;
            ref float start = ref Unsafe.Add(ref data, k * dim);
            for (int o = 0; o < dim; o += 16) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref start, o)));
            if (dim > 1) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref start, dim - 1)));
        }
    }

    /// <summary>‖x − y‖² in float32, SIMD-wide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int d = 0, width = Vector<float>.Count;
        float sum = 0;
        if (x.Length >= width)
        {
            var acc = Vector<float>.Zero;
            for (; d <= x.Length - width; d += width)
            {
                var diff = new Vector<float>(x.Slice(d)) - new Vector<float>(y.Slice(d));
                acc += diff * diff;
            }
            sum = Vector.Sum(acc);
        }
        for (; d < x.Length; d++) { float diff = x[d] - y[d]; sum += diff * diff; }
        return sum;
    }

    /// <summary>
    /// x += clip(c · (x − y), ±4) · α, SIMD-wide; when <paramref name="moved"/> is not empty it receives the negated
    /// moves (the tail's <c>move_other</c> update).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(Span<float> x, ReadOnlySpan<float> y, float coefficient, float alpha, Span<float> moved)
    {
        int d = 0, width = Vector<float>.Count;
        if (x.Length >= width)
        {
            var c = new Vector<float>(coefficient);
            var a = new Vector<float>(alpha);
            var high = new Vector<float>((float)Clip);
            var low = -high;
            for (; d <= x.Length - width; d += width)
            {
                var current = new Vector<float>(x.Slice(d));
                var move = Vector.Min(Vector.Max(c * (current - new Vector<float>(y.Slice(d))), low), high) * a;
                (current + move).CopyTo(x.Slice(d));
                if (!moved.IsEmpty) (-move).CopyTo(moved.Slice(d));
            }
        }
        for (; d < x.Length; d++)
        {
            float move = Math.Clamp(coefficient * (x[d] - y[d]), (float)-Clip, (float)Clip) * alpha;
            x[d] += move;
            if (!moved.IsEmpty) moved[d] = -move;
        }
    }
}
