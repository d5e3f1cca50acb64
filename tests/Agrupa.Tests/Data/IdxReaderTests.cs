using Agrupa.Data;

namespace Agrupa.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static byte[] Pixels(int n) => Enumerable.Range(0, n).Select(i => (byte)(i * 7 % 256)).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ImagesAndLabelsArePaired(bool gzip)
    {
        byte[] images = TestFiles.IdxBytes([3, 2, 4], Pixels(24));
        byte[] labels = TestFiles.IdxBytes([3], [9, 0, 4]);
        string ext = gzip ? ".gz" : "";
        string imagesPath = _files.Bytes($"train-images-idx3-ubyte{ext}", gzip ? TestFiles.Gzip(images) : images);
        string labelsPath = _files.Bytes($"train-labels-idx1-ubyte{ext}", gzip ? TestFiles.Gzip(labels) : labels);
        Dataset data = IdxReader.Read(imagesPath, labelsPath);
        Assert.Equal(3, data.Count);
        Assert.Equal(new ImageShape(1, 2, 4), data.ImageShape);
        Assert.Equal(Pixels(24).Select(b => (float)b).ToArray(), data.Features.ToArray());
        Assert.Equal(new[] { 9, 0, 4 }, data.Labels);
        Assert.Equal("train-images-idx3-ubyte", data.Name);
    }

    [Fact]
    public void FolderConcatenatesTrainThenTest()
    {
        _files.Bytes("m/train-images-idx3-ubyte.gz", TestFiles.Gzip(TestFiles.IdxBytes([2, 2, 2], Pixels(8))));
        _files.Bytes("m/train-labels-idx1-ubyte.gz", TestFiles.Gzip(TestFiles.IdxBytes([2], [1, 2])));
        _files.Bytes("m/t10k-images.idx3-ubyte", TestFiles.IdxBytes([1, 2, 2], [9, 9, 9, 9]));
        _files.Bytes("m/t10k-labels.idx1-ubyte", TestFiles.IdxBytes([1], [3]));
        Dataset data = IdxReader.ReadFolder(_files.PathOf("m"), "m", ["a", "b", "c", "d"]);
        Assert.Equal(3, data.Count);
        Assert.Equal(new[] { 1, 2, 3 }, data.Labels);
        Assert.Equal(9f, data.Row(2)[0]);
        Assert.Equal("d", data.ClassNames![3]);
    }

    [Fact]
    public void OtherElementTypesAreBigEndian()
    {
        byte[] payload = TestFiles.Encode([1.5, -2, 3, 4], 'f', 4, bigEndian: true);
        Dataset floats = IdxReader.Read(_files.Bytes("f.idx", TestFiles.IdxBytes([2, 2], payload, type: 0x0D)));
        Assert.Equal(new[] { 1.5f, -2, 3, 4 }, floats.Features.ToArray());
        byte[] ints = TestFiles.Encode([70000, -1], 'i', 4, bigEndian: true);
        Assert.Equal(new float[] { 70000, -1 }, IdxReader.Read(_files.Bytes("i.idx", TestFiles.IdxBytes([2], ints, type: 0x0C))).Features.ToArray());
    }

    [Fact]
    public void MismatchedCountsAndBadHeadersAreReported()
    {
        string images = _files.Bytes("a-images-idx3-ubyte", TestFiles.IdxBytes([3, 2, 2], Pixels(12)));
        string labels = _files.Bytes("a-labels-idx1-ubyte", TestFiles.IdxBytes([2], [1, 2]));
        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(images, labels));
        Assert.Equal(labels, error.Path);

        string truncated = _files.Bytes("t.idx", TestFiles.IdxBytes([3, 2, 2], Pixels(11)));
        Assert.Contains("only 11 bytes follow", Assert.Throws<DataFormatException>(() => IdxReader.Read(truncated)).Message);

        string huge = _files.Bytes("h.idx", TestFiles.IdxBytes([60000, 28, 28], Pixels(10)));
        Assert.Contains("truncated", Assert.Throws<DataFormatException>(() => IdxReader.Read(huge)).Message);

        string magic = _files.Bytes("m.idx", [1, 2, 8, 1, 0, 0, 0, 1, 5]);
        Assert.Equal(0, Assert.Throws<DataFormatException>(() => IdxReader.Read(magic)).Offset);

        string type = _files.Bytes("ty.idx", [0, 0, 7, 1, 0, 0, 0, 1, 5]);
        Assert.Equal(2, Assert.Throws<DataFormatException>(() => IdxReader.Read(type)).Offset);

        string labels2d = _files.Bytes("l2.idx", TestFiles.IdxBytes([1, 2], [1, 2]));
        Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(labels2d));

        string corruptGzip = _files.Bytes("c.idx.gz", TestFiles.Gzip(TestFiles.IdxBytes([3, 2, 2], Pixels(12)))[..20]);
        Assert.Throws<DataFormatException>(() => IdxReader.Read(corruptGzip));
    }
}
