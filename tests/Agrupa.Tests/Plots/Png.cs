using System.Buffers.Binary;

namespace Agrupa.Tests.Plots;

/// <summary>Reads the size of a PNG from its IHDR chunk (and checks the signature).</summary>
internal static class Png
{
    public static (int Width, int Height) Size(byte[] png)
    {
        Assert.True(png.Length > 100, $"PNG of {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    /// <summary>Number of distinct colours among the pixels (decoded with SkiaSharp): a blank image has 1.</summary>
    public static int DistinctColours(byte[] png)
    {
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        return bitmap.Pixels.Distinct().Count();
    }
}
