using Agrupa.LinearAlgebra;
using Agrupa.Runtime;
using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neighbors;

/// <summary>
/// Exact k-nearest-neighbour search by blocked matrix products (‖x‖² − 2x·y + ‖y‖² then top-k per block): memory is
/// one block × n at a time, never n×n.
/// </summary>
public static class ExactNeighbors
{
    /// <summary>
    /// The <paramref name="neighborCount"/> nearest rows of <paramref name="data"/> (n×d, row-major) to each row of
    /// <paramref name="queries"/> (m×d), Euclidean, ascending. When queries are the data themselves, each point is its
    /// own first neighbour.
    /// </summary>
    public static NeighborGraph Search(float[] data, int count, int dimensions, float[] queries, int queryCount, int neighborCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neighborCount, 1);
        if (neighborCount > count)
            throw new ArgumentOutOfRangeException(nameof(neighborCount), neighborCount, $"Asked for {neighborCount} neighbours among {count} points.");
        ThreadBudget.ApplyToTorch();
        // Candidates: a few more than k by the fast matrix-product distances (on centred data, which shrinks the norms
        // and so the cancellation error), then the exact k among them by direct distances.
        int candidates = Math.Min(count, neighborCount + Math.Min(8, neighborCount));
        var indices = new int[(long)queryCount * candidates];
        var distances = new float[(long)queryCount * candidates];
        using var scope = torch.NewDisposeScope();
        TorchTensor raw = TorchMatrix.FromRows(data, count, dimensions);
        TorchTensor mean = raw.to_type(torch.float64).mean([0L], keepdim: true).to_type(torch.float32);
        TorchTensor y = raw - mean;
        TorchTensor x = ReferenceEquals(data, queries) ? y : TorchMatrix.FromRows(queries, queryCount, dimensions) - mean;
        PairwiseDistances.ForEachBlock(x, y, (start, block) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (values, positions) = block.topk(candidates, dim: 1, largest: false, sorted: true);
            using (values) using (positions)
            using (var roots = values.sqrt_())
            using (var positions32 = positions.to_type(torch.int32))
            {
                int length = (int)block.shape[0];
                TorchMatrix.CopyTo(roots, distances.AsSpan(start * candidates, length * candidates));
                positions32.data<int>().CopyTo(indices.AsSpan(start * candidates, length * candidates));
            }
        });
        RefineDistances(data, dimensions, queries, queryCount, candidates, indices, distances, ReferenceEquals(data, queries));
        if (candidates == neighborCount) return new NeighborGraph(indices, distances, neighborCount);
        var keptIndices = new int[(long)queryCount * neighborCount];
        var keptDistances = new float[(long)queryCount * neighborCount];
        for (int i = 0; i < queryCount; i++)
        {
            Array.Copy(indices, (long)i * candidates, keptIndices, (long)i * neighborCount, neighborCount);
            Array.Copy(distances, (long)i * candidates, keptDistances, (long)i * neighborCount, neighborCount);
        }
        return new NeighborGraph(keptIndices, keptDistances, neighborCount);
    }

    /// <summary>
    /// The matrix-product distances ‖x‖² − 2x·y + ‖y‖² lose digits to cancellation (for pixel values 0–255 a point's
    /// distance to itself came out near 1, not 0, which shifts UMAP's ρ). The found neighbours' distances are therefore
    /// recomputed directly and each row re-sorted (distance, then index); a point's own distance is exactly 0.
    /// </summary>
    private static void RefineDistances(float[] data, int d, float[] queries, int queryCount, int k, int[] indices, float[] distances, bool self)
    {
        Parallel.For(0, queryCount, ThreadBudget.Options, () => new (float, int)[k], (i, _, row) =>
        {
            var query = new ReadOnlySpan<float>(queries, i * d, d);
            for (int j = 0; j < k; j++)
            {
                int index = indices[i * k + j];
                float distance = self && index == i ? 0f : System.Numerics.Tensors.TensorPrimitives.Distance(query, new ReadOnlySpan<float>(data, index * d, d));
                row[j] = (distance, self && index == i ? -1 : index);   // the point itself sorts first among ties
            }
            Array.Sort(row);
            for (int j = 0; j < k; j++)
            {
                distances[i * k + j] = row[j].Item1;
                indices[i * k + j] = row[j].Item2 < 0 ? i : row[j].Item2;
            }
            return row;
        }, _ => { });
    }

    /// <summary>The k nearest neighbours of every row of <paramref name="data"/> among its own rows (self first).</summary>
    public static NeighborGraph Search(Data.Dataset data, int neighborCount, CancellationToken cancellationToken = default) =>
        Search(data.FeatureArray, data.Count, data.FeatureCount, data.FeatureArray, data.Count, neighborCount, cancellationToken);
}
