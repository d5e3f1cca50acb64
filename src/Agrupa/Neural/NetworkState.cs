using Agrupa.Data;
using Agrupa.Persistence;
using TorchSharp;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// Copies a module's state dictionary (parameters and buffers, keyed by their state-dict names) to managed
/// <see cref="ModelArray"/>s and back. Used for model files, checkpoints and "restore best weights".
/// </summary>
internal static class NetworkState
{
    /// <summary>The module's state as managed arrays, keys prefixed with <paramref name="prefix"/>.</summary>
    public static Dictionary<string, ModelArray> Capture(nn.Module module, string prefix = "")
    {
        var arrays = new Dictionary<string, ModelArray>(StringComparer.Ordinal);
        using var scope = torch.NewDisposeScope();
        foreach (var (name, tensor) in module.state_dict())
        {
            long[] shape = tensor.shape;
            using var cpu = tensor.detach().cpu().contiguous();
            arrays[prefix + name] = cpu.dtype switch
            {
                // The exact shape, [] for a scalar such as batch normalisation's num_batches_tracked (FromFloats/FromInts
                // would store an empty shape as one dimension).
                ScalarType.Float32 => ModelArray.Create(ModelArrayType.Float32, shape, cpu.data<float>().ToArray()),
                ScalarType.Int64 or ScalarType.Int32 => ModelArray.Create(ModelArrayType.Int32, shape, cpu.to_type(ScalarType.Int32).data<int>().ToArray()),
                _ => throw new NotSupportedException($"Tensor '{name}' has type {cpu.dtype}; only float32 and integer state can be saved."),
            };
        }
        return arrays;
    }

    /// <summary>
    /// Loads <paramref name="arrays"/> (keys prefixed with <paramref name="prefix"/>) into the module; every state entry
    /// must be present with the same shape, else a <see cref="DataFormatException"/> against <paramref name="path"/>.
    /// </summary>
    public static void Restore(nn.Module module, IReadOnlyDictionary<string, ModelArray> arrays, string path, string prefix = "")
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in module.state_dict())
        {
            if (!arrays.TryGetValue(prefix + name, out var array))
                throw new DataFormatException(path, $"the network state has no array '{prefix + name}'.");
            if (!array.Shape.SequenceEqual(tensor.shape))
                throw new DataFormatException(path, $"array '{prefix + name}' has shape [{string.Join(", ", array.Shape)}], the network expects [{string.Join(", ", tensor.shape)}].");
            bool floating = tensor.dtype is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16;
            TorchTensor source = (array.Type, floating) switch
            {
                (ModelArrayType.Float32, true) => torch.tensor(array.AsFloats()).reshape(tensor.shape),
                (ModelArrayType.Int32, false) => torch.tensor(array.AsInts()).reshape(tensor.shape),
                _ => throw new DataFormatException(path, $"array '{prefix + name}' holds {array.Type}, but the network state '{name}' is {tensor.dtype}."),
            };
            tensor.copy_(source.to(tensor.dtype).to(tensor.device));
        }
    }
}
