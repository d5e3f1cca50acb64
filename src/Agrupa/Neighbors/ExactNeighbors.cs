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
        var indices = new int[(long)queryCount * neighborCount];
        var distances = new float[(long)queryCount * neighborCount];
        using var scope = torch.NewDisposeScope();
        TorchTensor y = TorchMatrix.FromRows(data, count, dimensions);
        TorchTensor x = ReferenceEquals(data, queries) ? y : TorchMatrix.FromRows(queries, queryCount, dimensions);
        PairwiseDistances.ForEachBlock(x, y, (start, block) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (values, positions) = block.topk(neighborCount, dim: 1, largest: false, sorted: true);
            using (values) using (positions)
            using (var roots = values.sqrt_())
            using (var positions32 = positions.to_type(torch.int32))
            {
                int length = (int)block.shape[0];
                TorchMatrix.CopyTo(roots, distances.AsSpan(start * neighborCount, length * neighborCount));
                positions32.data<int>().CopyTo(indices.AsSpan(start * neighborCount, length * neighborCount));
            }
        });
        RefineDistances(data, dimensions, queries, queryCount, neighborCount, indices, distances, ReferenceEquals(data, queries));
        return new NeighborGraph(indices, distances, neighborCount);
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
