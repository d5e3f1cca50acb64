namespace Agrupa.Data;

/// <summary>The shape of one image row: channels × height × width, stored channel-major (C, H, W) in the feature row.</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Number of features one image occupies: Channels × Height × Width.</summary>
    public int Size => Channels * Height * Width;

    /// <inheritdoc />
    public override string ToString() => $"{Channels}×{Height}×{Width}";
}
