namespace Agrupa.Persistence;

/// <summary>
/// A named n-dimensional array stored in a model file: an element type, a shape and the values in row-major order.
/// Instances are immutable after construction (the arrays are taken over, not copied: do not change them).
/// </summary>
public sealed class ModelArray
{
    private ModelArray(ModelArrayType type, long[] shape, Array values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (long d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count = checked(count * d);
        }
        if (count != values.LongLength)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {count} values, the array has {values.LongLength}.", nameof(shape));
        if (shape.Length > ModelFile.MaximumRank)
            throw new ArgumentException($"Arrays of rank above {ModelFile.MaximumRank} are not supported (got {shape.Length}).", nameof(shape));
        Type = type;
        Shape = shape;
        Values = values;
    }

    /// <summary>Element type.</summary>
    public ModelArrayType Type { get; }

    /// <summary>Dimensions (empty for a scalar).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Number of elements.</summary>
    public long Count => Values.LongLength;

    /// <summary>The values: a <c>float[]</c>, <c>int[]</c> or <c>byte[]</c> according to <see cref="Type"/>.</summary>
    internal Array Values { get; }

    /// <summary>A float32 array of the given shape (default: one dimension).</summary>
    public static ModelArray FromFloats(float[] values, params long[] shape) => new(ModelArrayType.Float32, shape.Length == 0 ? [values.LongLength] : shape, values);

    /// <summary>An int32 array of the given shape (default: one dimension).</summary>
    public static ModelArray FromInts(int[] values, params long[] shape) => new(ModelArrayType.Int32, shape.Length == 0 ? [values.LongLength] : shape, values);

    /// <summary>A one-dimensional byte array.</summary>
    public static ModelArray FromBytes(byte[] values) => new(ModelArrayType.UInt8, [values.LongLength], values);

    internal static ModelArray Create(ModelArrayType type, long[] shape, Array values) => new(type, shape, values);

    /// <summary>The float32 values; throws <see cref="InvalidOperationException"/> for another type.</summary>
    public float[] AsFloats() => Values as float[] ?? throw new InvalidOperationException($"The array holds {Type}, not Float32.");

    /// <summary>The int32 values; throws <see cref="InvalidOperationException"/> for another type.</summary>
    public int[] AsInts() => Values as int[] ?? throw new InvalidOperationException($"The array holds {Type}, not Int32.");

    /// <summary>The bytes; throws <see cref="InvalidOperationException"/> for another type.</summary>
    public byte[] AsBytes() => Values as byte[] ?? throw new InvalidOperationException($"The array holds {Type}, not UInt8.");

    /// <inheritdoc />
    public override string ToString() => $"{Type}[{string.Join("×", Shape)}]";
}
