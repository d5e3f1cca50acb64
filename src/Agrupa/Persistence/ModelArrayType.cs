namespace Agrupa.Persistence;

/// <summary>Element type of a <see cref="ModelArray"/>; the numeric value is the type code stored in model files.</summary>
public enum ModelArrayType : byte
{
    /// <summary>IEEE 754 single precision, little-endian (network weights, centres).</summary>
    Float32 = 1,

    /// <summary>32-bit signed integer, little-endian (labels, counts).</summary>
    Int32 = 2,

    /// <summary>Raw bytes (opaque state such as an optimizer's).</summary>
    UInt8 = 3,
}
