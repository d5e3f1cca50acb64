using System.Text.Json.Serialization;

namespace Agrupa.Neural;

/// <summary>
/// The architecture of an autoencoder: a serialisable description from which <see cref="Build"/> makes the network.
/// Model files store it (as JSON with a <c>"type"</c> of dense, conv, vae, dense-tied or contrastive) to rebuild the network before loading
/// its weights.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DenseAutoencoderOptions), "dense")]
[JsonDerivedType(typeof(ConvolutionalAutoencoderOptions), "conv")]
[JsonDerivedType(typeof(VariationalAutoencoderOptions), "vae")]
[JsonDerivedType(typeof(TiedDenseAutoencoderOptions), "dense-tied")]
[JsonDerivedType(typeof(ContrastiveEncoderOptions), "contrastive")]
public abstract record AutoencoderOptions
{
    /// <summary>Dimension of the embedding; 10 (= the number of clusters) in DEC, IDEC, DCEC, VaDE and N2D.</summary>
    public int EmbeddingSize { get; init; } = 10;

    /// <summary>Initial weights; Keras' Glorot uniform with zero biases by default, as the references (REFERENCES.md §17).</summary>
    public WeightInitialization Initialization { get; init; } = WeightInitialization.GlorotUniform;

    /// <summary>Features per input row the network expects.</summary>
    [JsonIgnore]
    public abstract int InputSize { get; }

    /// <summary>Checks the options, throwing <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public abstract void Validate();

    /// <summary>Builds the network with initial weights drawn from <paramref name="seed"/> (torch's global generator is reseeded).</summary>
    public Autoencoder Build(int seed)
    {
        Validate();
        Runtime.ThreadBudget.ApplyToTorch();
        TorchSharp.torch.manual_seed(seed);
        // Layer construction makes temporary tensors (TorchSharp's Conv2d/ConvTranspose2d leave one each outside any
        // scope); build inside a scope and keep only the parameters and buffers.
        using var scope = TorchSharp.torch.NewDisposeScope();
        Autoencoder network = Create();
        var keep = network.parameters().Cast<IDisposable>().Concat(network.buffers()).ToList();
        foreach (var item in keep)
            if (scope.Contains(item)) scope.Detach(item);
        return network;
    }

    /// <summary>
    /// The checks every fully connected network shares: at least one input and one embedding unit, and hidden layer
    /// widths that exist and are at least 1 (<see cref="ArgumentOutOfRangeException"/> naming the option).
    /// </summary>
    private protected void ValidateLayers(int inputs, IReadOnlyList<int> hiddenSizes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1, "Inputs");
        ArgumentOutOfRangeException.ThrowIfLessThan(EmbeddingSize, 1, nameof(EmbeddingSize));
        ArgumentNullException.ThrowIfNull(hiddenSizes, "HiddenSizes");
        foreach (int size in hiddenSizes) ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, "HiddenSizes");
    }

    /// <summary>Creates the network (the global torch generator has been seeded).</summary>
    private protected abstract Autoencoder Create();
}
