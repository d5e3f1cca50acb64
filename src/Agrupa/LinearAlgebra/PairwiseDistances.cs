using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.LinearAlgebra;

/// <summary>
/// Euclidean distances between row sets through matrix products, ‖x‖² − 2 x·y + ‖y‖², a block of rows at a time so
/// that no n×n matrix is ever held (for n = 70,000 that would be 19.6 GB in float32).
/// </summary>
internal static class PairwiseDistances
{
    /// <summary>Rows per block such that a block × <paramref name="otherRows"/> float32 matrix stays near 64 MB.</summary>
    public static int BlockRows(int otherRows) => Math.Clamp((int)(16_000_000L / Math.Max(1, otherRows)), 1, 65_536);

    /// <summary>
    /// Squared Euclidean distances (clamped at 0) between the rows of <paramref name="x"/> (m×d) and
    /// <paramref name="y"/> (n×d): an m×n tensor. Call it on blocks of x; <paramref name="ySquaredNorms"/> (n) may be
    /// precomputed once with <see cref="SquaredNorms"/>.
    /// </summary>
    public static TorchTensor Squared(TorchTensor x, TorchTensor y, TorchTensor? ySquaredNorms = null)
    {
        using var scope = torch.NewDisposeScope();
        TorchTensor yNorms = ySquaredNorms ?? SquaredNorms(y);
        TorchTensor xNorms = SquaredNorms(x).unsqueeze(1);
        TorchTensor distances = torch.addmm(xNorms + yNorms.unsqueeze(0), x, y.t(), beta: 1, alpha: -2);
        return distances.clamp_min_(0).MoveToOuterDisposeScope();
    }

    /// <summary>Squared Euclidean norm of each row of <paramref name="x"/>: a vector of length rows.</summary>
    public static TorchTensor SquaredNorms(TorchTensor x) => (x * x).sum(1);

    /// <summary>
    /// Calls <paramref name="visit"/> for consecutive blocks of rows of <paramref name="x"/> with the block's first row
    /// index and its squared distances to all rows of <paramref name="y"/>. The block tensor dies after the call.
    /// </summary>
    public static void ForEachBlock(TorchTensor x, TorchTensor y, Action<int, TorchTensor> visit, int? blockRows = null)
    {
        int rows = (int)x.shape[0];
        int block = blockRows ?? BlockRows((int)y.shape[0]);
        using var outer = torch.NewDisposeScope();
        TorchTensor yNorms = SquaredNorms(y);
        for (int start = 0; start < rows; start += block)
        {
            using var scope = torch.NewDisposeScope();
            int length = Math.Min(block, rows - start);
            TorchTensor distances = Squared(x.narrow(0, start, length), y, yNorms);
            visit(start, distances);
        }
    }
}
