using System.Runtime.CompilerServices;
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
        var parameters = new Parameters((float)a, (float)b, (float)gamma, dim, vertices, moveOther);
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
                for (int i = block * Block, end = Math.Min(heads, i + Block); i < end; i++)
                {
                    var random = new FastRandom(states[i]);
                    for (int e = rowStarts[i]; e < rowStarts[i + 1]; e++)
                    {
                        if (nextSample[e] > n) continue;
                        Attract(head, snapshot, i, tails[e], step, parameters, index, delta);
                        nextSample[e] += epochsPerSample[e];
                        int negatives = (int)((n - nextNegative[e]) / epochsPerNegative[e]);
                        for (int p = 0; p < negatives; p++)
                        {
                            int k = random.NextInt(vertices);
                            if (moveOther && k == i) continue;
                            Repel(head, snapshot, i, k, step, parameters);
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

    private readonly record struct Parameters(float A, float B, float Gamma, int Dim, int Vertices, bool MoveOther);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Attract(float[] head, float[] other, int i, int j, float alpha, in Parameters p, List<int>? index, List<float>? delta)
    {
        int dim = p.Dim;
        var current = head.AsSpan(i * dim, dim);
        var target = new ReadOnlySpan<float>(other, j * dim, dim);
        float d2 = 0;
        for (int d = 0; d < dim; d++) { float diff = current[d] - target[d]; d2 += diff * diff; }
        float coefficient = 0;
        if (d2 > 0)
        {
            float power = MathF.Pow(d2, p.B);
            coefficient = -2f * p.A * p.B * (power / d2) / (p.A * power + 1f);
        }
        index?.Add(j);
        for (int d = 0; d < dim; d++)
        {
            float gradient = Math.Clamp(coefficient * (current[d] - target[d]), (float)-Clip, (float)Clip);
            current[d] += gradient * alpha;
            delta?.Add(-gradient * alpha);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Repel(float[] head, float[] other, int i, int k, float alpha, in Parameters p)
    {
        int dim = p.Dim;
        var current = head.AsSpan(i * dim, dim);
        var target = new ReadOnlySpan<float>(other, k * dim, dim);
        float d2 = 0;
        for (int d = 0; d < dim; d++) { float diff = current[d] - target[d]; d2 += diff * diff; }
        if (!(d2 > 0)) return;
        float coefficient = 2f * p.Gamma * p.B / ((0.001f + d2) * (p.A * MathF.Pow(d2, p.B) + 1f));
        if (!(coefficient > 0)) return;
        for (int d = 0; d < dim; d++)
            current[d] += Math.Clamp(coefficient * (current[d] - target[d]), (float)-Clip, (float)Clip) * alpha;
    }
}
