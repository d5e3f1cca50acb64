using System.Numerics.Tensors;
using Agrupa.Runtime;

namespace Agrupa.Neighbors;

/// <summary>
/// Random-projection trees as pynndescent's <c>rp_trees.py</c> (Dasgupta &amp; Freund, STOC 2008): each node splits its
/// points by the hyperplane through the midpoint of two random points of the node, perpendicular to their difference;
/// points within 1e-8 of the plane, and every point when a split puts all on one side, go to a random side. Splitting
/// stops at <c>leafSize</c> points (or depth 200). Only the leaves are kept: they seed the NN-descent graph.
/// </summary>
internal static class RandomProjectionForest
{
    private const float Epsilon = 1e-8f;
    private const int MaxDepth = 200;

    /// <summary>
    /// For each tree (built in parallel, tree t seeded by (seed, t)), the leaves as a permutation of 0..n−1 plus leaf
    /// start offsets (leaf j holds order[starts[j]..starts[j+1])).
    /// </summary>
    public static (int[] Order, int[] Starts)[] Build(float[] data, int count, int dimensions, int trees, int leafSize, int seed,
        CancellationToken cancellationToken)
    {
        if (dimensions > SketchAbove)
        {
            data = Sketch(data, count, dimensions, seed);
            dimensions = SketchDimensions;
        }
        var result = new (int[] Order, int[] Starts)[trees];
        Parallel.For(0, trees, ThreadBudget.Options, t =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var random = FastRandom.Create(seed, 0x7EE, t);
            int[] order = new int[count];
            for (int i = 0; i < count; i++) order[i] = i;
            var starts = new List<int>();
            var normal = new float[dimensions];
            var side = new bool[count];
            Split(data, dimensions, order, 0, count, leafSize, 0, ref random, normal, side, starts);
            starts.Add(count);
            result[t] = (order, starts.ToArray());
        });
        return result;
    }

    /// <summary>Above this many features the trees split a Gaussian sketch of the data instead of the data.</summary>
    public const int SketchAbove = 128;

    /// <summary>Columns of the sketch.</summary>
    public const int SketchDimensions = 64;

    /// <summary>
    /// x R with R a seeded d×64 Gaussian matrix (Johnson–Lindenstrauss): distances, hence midpoint hyperplanes, are
    /// kept approximately, and each split then reads 64 values per point instead of d (for 784-pixel images the trees
    /// cost 12× less memory traffic). Only the initial leaves depend on it; NN-descent compares exact distances. Each
    /// sketch value is one dot product of a row with a column of R, so the sketch does not depend on the thread count
    /// (a torch matmul did: its rounding changed with the threads, and with it the leaves and the whole graph).
    /// </summary>
    private static float[] Sketch(float[] data, int count, int dimensions, int seed)
    {
        float[] columns;   // R's columns, one after the other (64 × d)
        using (var scope = TorchSharp.torch.NewDisposeScope())
        {
            var generator = new TorchSharp.torch.Generator((ulong)(uint)seed ^ 0x5EEDUL);
            var projection = TorchSharp.torch.randn(new long[] { dimensions, SketchDimensions }, generator: generator);
            columns = projection.t().contiguous().data<float>().ToArray();
        }
        var sketch = new float[(long)count * SketchDimensions];
        Parallel.For(0, count, ThreadBudget.Options, i =>
        {
            var row = new ReadOnlySpan<float>(data, i * dimensions, dimensions);
            for (int j = 0; j < SketchDimensions; j++)
                sketch[(long)i * SketchDimensions + j] = TensorPrimitives.Dot(row, new ReadOnlySpan<float>(columns, j * dimensions, dimensions));
        });
        return sketch;
    }

    private static void Split(float[] data, int d, int[] order, int start, int end, int leafSize, int depth, ref FastRandom random,
        float[] normal, bool[] side, List<int> starts)
    {
        int size = end - start;
        if (size <= leafSize || depth >= MaxDepth)
        {
            starts.Add(start);
            return;
        }
        int a = random.NextInt(size), b = random.NextInt(size - 1);
        if (b >= a) b++;
        int left = order[start + a], right = order[start + b];
        var l = data.AsSpan(left * d, d);
        var r = data.AsSpan(right * d, d);
        TensorPrimitives.Subtract(l, r, normal);
        // offset = −n·(l + r)/2 = −(‖l‖² − ‖r‖²)/2 computed as −(n·l + n·r)/2
        float offset = -0.5f * (TensorPrimitives.Dot<float>(normal, l) + TensorPrimitives.Dot<float>(normal, r));
        int leftCount = 0;
        for (int i = start; i < end; i++)
        {
            float margin = TensorPrimitives.Dot<float>(normal, data.AsSpan(order[i] * d, d)) + offset;
            bool goesLeft = Math.Abs(margin) < Epsilon ? (random.NextUInt64() & 1) == 0 : margin > 0;
            side[i] = goesLeft;
            if (goesLeft) leftCount++;
        }
        if (leftCount == 0 || leftCount == size)
        {
            leftCount = 0;
            for (int i = start; i < end; i++)
            {
                side[i] = (random.NextUInt64() & 1) == 0;
                if (side[i]) leftCount++;
            }
            if (leftCount == 0 || leftCount == size)
            {
                starts.Add(start);   // degenerate (e.g. two points): keep as one leaf
                return;
            }
        }
        // stable partition: left points first, in their current order
        var buffer = new int[size];
        int li = 0, ri = leftCount;
        for (int i = start; i < end; i++) buffer[side[i] ? li++ : ri++] = order[i];
        buffer.CopyTo(order, start);
        Split(data, d, order, start, start + leftCount, leafSize, depth + 1, ref random, normal, side, starts);
        Split(data, d, order, start + leftCount, end, leafSize, depth + 1, ref random, normal, side, starts);
    }
}
