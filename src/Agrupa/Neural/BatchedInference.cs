using Agrupa.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// Applies a network function to a whole data set in batches: eval mode, no gradients, one dispose scope per batch,
/// results copied straight into one managed array (no tensor outlives its batch).
/// </summary>
public static class BatchedInference
{
    /// <summary>
    /// Runs <paramref name="function"/> on consecutive batches of the row-major <paramref name="rows"/> (n × <paramref name="inputWidth"/>)
    /// and returns the n × <paramref name="outputWidth"/> results row-major. <paramref name="module"/> is put in eval mode
    /// for the call and restored afterwards.
    /// </summary>
    public static float[] Map(nn.Module module, Func<TorchTensor, TorchTensor> function, ReadOnlyMemory<float> rows, int inputWidth, int outputWidth,
        int batchSize = 1024, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (rows.Length % inputWidth != 0)
            throw new ArgumentException($"{rows.Length} values are not a whole number of rows of {inputWidth}.", nameof(rows));
        ThreadBudget.ApplyToTorch();
        int count = rows.Length / inputWidth;
        var output = new float[(long)count * outputWidth];
        Device device = module.parameters().FirstOrDefault()?.device ?? torch.CPU;
        bool wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = torch.no_grad();
            var buffer = new float[(long)Math.Min(batchSize, Math.Max(count, 1)) * inputWidth];
            for (int start = 0; start < count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                int n = Math.Min(batchSize, count - start);
                float[] slice = n * inputWidth == buffer.Length ? buffer : new float[n * inputWidth];
                rows.Span.Slice(start * inputWidth, n * inputWidth).CopyTo(slice);
                TorchTensor input = torch.tensor(slice, [n, inputWidth], ScalarType.Float32, device);
                TorchTensor result = function(input);
                if (result.shape.Length != 2 || result.shape[0] != n || result.shape[1] != outputWidth)
                    throw new InvalidOperationException($"Expected a {n}×{outputWidth} result, got [{string.Join(", ", result.shape)}].");
                using TorchTensor cpu = result.to(ScalarType.Float32).cpu().contiguous();
                cpu.data<float>().CopyTo(output.AsSpan(start * outputWidth, n * outputWidth));
            }
        }
        finally
        {
            module.train(wasTraining);
        }
        return output;
    }

    /// <summary>The embeddings of all rows (n × <see cref="Autoencoder.EmbeddingSize"/>, row-major).</summary>
    public static float[] Encode(Autoencoder network, ReadOnlyMemory<float> rows, int batchSize = 1024, CancellationToken cancellationToken = default) =>
        Map(network, network.Encode, rows, network.InputSize, network.EmbeddingSize, batchSize, cancellationToken);

    /// <summary>The reconstructions of all rows (n × <see cref="Autoencoder.InputSize"/>, row-major).</summary>
    public static float[] Reconstruct(Autoencoder network, ReadOnlyMemory<float> rows, int batchSize = 1024, CancellationToken cancellationToken = default) =>
        Map(network, network.forward, rows, network.InputSize, network.InputSize, batchSize, cancellationToken);
}
