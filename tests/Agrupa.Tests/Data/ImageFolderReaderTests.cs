using Agrupa.Data;
using SkiaSharp;

namespace Agrupa.Tests.Data;

public sealed class ImageFolderReaderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ClassSubFoldersBecomeLabelsAndGreyIsDetected()
    {
        _files.Bytes("imgs/zeta/a.png", TestFiles.Image(4, 3, (x, y) => new SKColor((byte)(x * 10 + y), (byte)(x * 10 + y), (byte)(x * 10 + y))));
        _files.Bytes("imgs/alpha/b.PNG", TestFiles.Image(4, 3, (x, y) => new SKColor(200, 200, 200)));
        _files.Bytes("imgs/alpha/c.png", TestFiles.Image(4, 3, (x, y) => new SKColor(0, 0, 0)));
        _files.Text("imgs/alpha/readme.txt", "ignored");
        Dataset data = ImageFolderReader.Read(_files.PathOf("imgs"));
        Assert.Equal(3, data.Count);
        Assert.Equal(new ImageShape(1, 3, 4), data.ImageShape);
        Assert.Equal(new[] { "alpha", "zeta" }, data.ClassNames);
        Assert.Equal(new[] { 0, 0, 1 }, data.Labels);
        Assert.Equal(200f, data.Row(0)[0]);
        Assert.Equal(21f, data.Row(2)[1 * 4 + 2]);   // pixel (x=2, y=1) of zeta/a.png
        Assert.Equal("imgs", data.Name);
    }

    [Fact]
    public void ColourImagesAreResizedToOneShape()
    {
        _files.Bytes("rgb/a.png", TestFiles.Image(8, 8, (x, y) => new SKColor(255, 0, 0)));
        _files.Bytes("rgb/b.jpg", TestFiles.Image(16, 12, (x, y) => new SKColor(0, 0, 255), SKEncodedImageFormat.Jpeg));
        Dataset data = ImageFolderReader.Read(_files.PathOf("rgb"));
        Assert.Null(data.Labels);
        Assert.Equal(new ImageShape(3, 8, 8), data.ImageShape);
        Assert.Equal(255f, data.Row(0)[0]);
        Assert.Equal(0f, data.Row(0)[64]);
        Assert.InRange(data.Row(1)[2 * 64 + 10], 240f, 255f);   // blue plane of the JPEG
        Dataset grey = ImageFolderReader.Read(_files.PathOf("rgb"), new ImageFolderOptions { Channels = 1, Width = 4, Height = 2 });
        Assert.Equal(new ImageShape(1, 2, 4), grey.ImageShape);
        Assert.InRange(grey.Row(0)[0], 75f, 77f);   // 0.299 × 255
    }

    [Fact]
    public void CorruptImagesAndMixedLayoutsAreReported()
    {
        byte[] png = TestFiles.Image(4, 4, (x, y) => SKColors.White);
        string bad = _files.Bytes("bad/x.png", png[..(png.Length / 2)]);
        var error = Assert.Throws<DataFormatException>(() => ImageFolderReader.Read(_files.PathOf("bad")));
        Assert.Equal(bad, error.Path);
        _files.Bytes("mixed/a.png", png);
        _files.Bytes("mixed/c/b.png", png);
        Assert.Contains("both images", Assert.Throws<DataFormatException>(() => ImageFolderReader.Read(_files.PathOf("mixed"))).Message);
        Directory.CreateDirectory(_files.PathOf("empty"));
        Assert.Throws<DataFormatException>(() => ImageFolderReader.Read(_files.PathOf("empty")));
        _files.Bytes("notimg/a.png", "hello"u8.ToArray());
        Assert.Contains("not a decodable", Assert.Throws<DataFormatException>(() => ImageFolderReader.Read(_files.PathOf("notimg"))).Message);
    }
}
