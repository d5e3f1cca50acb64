using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.LinearAlgebra;

/// <summary>
/// Moves row-major float matrices between managed arrays and TorchSharp tensors, whose matrix kernels (OpenMP
/// MKL/OneDNN GEMM inside libtorch) are the fastest dense products available on the machine.
/// </summary>
internal static class TorchMatrix
{
    /// <summary>A rows×columns float32 CPU tensor holding a copy of <paramref name="data"/> (row-major).</summary>
    public static TorchTensor FromRows(float[] data, int rows, int columns)
    {
        if ((long)rows * columns != data.Length)
            throw new ArgumentException($"Expected {rows}×{columns} = {(long)rows * columns} values, got {data.Length}.", nameof(data));
        ThreadBudget();
        return torch.tensor(data, new long[] { rows, columns }, torch.float32);
    }

    /// <summary>A rows×columns float32 CPU tensor holding a copy of <paramref name="data"/> (row-major).</summary>
    public static TorchTensor FromRows(ReadOnlySpan<float> data, int rows, int columns) => FromRows(data.ToArray(), rows, columns);

    /// <summary>The values of a float32 tensor, row-major, copied to a new managed array.</summary>
    public static float[] ToArray(TorchTensor tensor)
    {
        using var cpu = tensor.to(torch.CPU).to_type(torch.float32).contiguous();
        return cpu.data<float>().ToArray();
    }

    /// <summary>Copies a float32 tensor's values into <paramref name="destination"/> (length must equal numel).</summary>
    public static void CopyTo(TorchTensor tensor, Span<float> destination)
    {
        using var cpu = tensor.to(torch.CPU).to_type(torch.float32).contiguous();
        var data = cpu.data<float>();
        if ((long)data.Count != destination.Length)
            throw new ArgumentException($"Destination holds {destination.Length} values, tensor has {data.Count}.", nameof(destination));
        data.CopyTo(destination);
    }

    private static void ThreadBudget() => Runtime.ThreadBudget.ApplyToTorch();
}
