using Agrupa.Data;

namespace Agrupa.Tests.Data;

public sealed class CifarReaderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void BatchesAreReadInOrderAsRgbImages()
    {
        _files.Bytes("c/cifar-10-batches-bin/data_batch_1.bin", TestFiles.CifarBatch(3));
        _files.Bytes("c/cifar-10-batches-bin/test_batch.bin", TestFiles.CifarBatch(2, labelOffset: 5));
        Assert.True(CifarReader.IsCifarFolder(_files.PathOf("c")));
        Dataset data = CifarReader.ReadFolder(_files.PathOf("c"));
        Assert.Equal(5, data.Count);
        Assert.Equal(new ImageShape(3, 32, 32), data.ImageShape);
        Assert.Equal(new[] { 0, 1, 2, 5, 6 }, data.Labels);
        Assert.Equal("cat", data.ClassNames![3]);
        Assert.Equal((1 + 1029) % 256, data.Row(1)[1029]);   // pixel p of record i is (i + p) % 256
    }

    [Fact]
    public void WrongLengthAndLabelsAreRejected()
    {
        string truncated = _files.Bytes("t.bin", TestFiles.CifarBatch(2)[..5000]);
        Assert.Contains("not a multiple", Assert.Throws<DataFormatException>(() => CifarReader.ReadBatches([truncated])).Message);
        byte[] badLabel = TestFiles.CifarBatch(2);
        badLabel[3073] = 10;
        string bad = _files.Bytes("b.bin", badLabel);
        Assert.Equal(3073, Assert.Throws<DataFormatException>(() => CifarReader.ReadBatches([bad])).Offset);
        string empty = _files.Bytes("e.bin", []);
        Assert.Throws<DataFormatException>(() => CifarReader.ReadBatches([empty]));
        Directory.CreateDirectory(_files.PathOf("none"));
        Assert.Throws<DataFormatException>(() => CifarReader.ReadFolder(_files.PathOf("none")));
    }
}
