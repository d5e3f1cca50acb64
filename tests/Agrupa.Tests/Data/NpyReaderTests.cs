using Agrupa.Data;

namespace Agrupa.Tests.Data;

public sealed class NpyReaderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<char, int, bool> DTypes()
    {
        var data = new TheoryData<char, int, bool>();
        foreach (bool big in new[] { false, true })
        {
            foreach (int size in new[] { 2, 4, 8 }) data.Add('f', size, big);
            foreach (int size in new[] { 1, 2, 4, 8 })
            {
                data.Add('i', size, big);
                data.Add('u', size, big);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void EveryDTypeAndByteOrderReadsTheSameValues(char kind, int size, bool bigEndian)
    {
        double[] values = [0, 1, 2, 3, 4, 5, 100, 7];
        if (kind != 'u') values[3] = -3;
        string order = size == 1 ? "|" : bigEndian ? ">" : "<";
        string path = _files.Bytes("a.npy", TestFiles.Npy($"{order}{kind}{size}", false, [4, 2], TestFiles.Encode(values, kind, size, bigEndian)));
        Dataset data = NpyReader.Read(path);
        Assert.Equal(4, data.Count);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal(values.Select(v => (float)v).ToArray(), data.Features.ToArray());
    }

    [Fact]
    public void FortranOrderIsTransposedToRowMajor()
    {
        // C-order matrix [[1,2,3],[4,5,6]] stored column-major: 1,4,2,5,3,6.
        string path = _files.Bytes("f.npy", TestFiles.Npy("<f8", true, [2, 3], TestFiles.Encode([1, 4, 2, 5, 3, 6], 'f', 8, false)));
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, NpyReader.Read(path).Features.ToArray());
    }

    [Fact]
    public void FortranOrderThreeDimensional()
    {
        // shape (2, 2, 2); C element (i,j,k) = 100i + 10j + k stored at i + 2j + 4k.
        var fortran = new double[8];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int k = 0; k < 2; k++) fortran[i + 2 * j + 4 * k] = 100 * i + 10 * j + k;
        string path = _files.Bytes("f3.npy", TestFiles.Npy("<f4", true, [2, 2, 2], TestFiles.Encode(fortran, 'f', 4, false)));
        Dataset data = NpyReader.Read(path);
        Assert.Equal(new float[] { 0, 1, 10, 11, 100, 101, 110, 111 }, data.Features.ToArray());
        Assert.Equal(new ImageShape(1, 2, 2), data.ImageShape);
    }

    [Fact]
    public void ShapesMapToRowsFeaturesAndImages()
    {
        double[] v = Enumerable.Range(0, 24).Select(i => (double)i).ToArray();
        Dataset oneD = NpyReader.Read(_files.Bytes("1.npy", TestFiles.Npy("<f4", false, [24], TestFiles.Encode(v, 'f', 4, false))));
        Assert.Equal((24, 1), (oneD.Count, oneD.FeatureCount));
        Dataset fourD = NpyReader.Read(_files.Bytes("4.npy", TestFiles.Npy("<f4", false, [2, 3, 2, 2], TestFiles.Encode(v, 'f', 4, false))));
        Assert.Equal(new ImageShape(3, 2, 2), fourD.ImageShape);
        Dataset fiveD = NpyReader.Read(_files.Bytes("5.npy", TestFiles.Npy("<f4", false, [2, 3, 2, 2, 1], TestFiles.Encode(v, 'f', 4, false))));
        Assert.Equal((2, 12), (fiveD.Count, fiveD.FeatureCount));
        Assert.Null(fiveD.ImageShape);
    }

    [Fact]
    public void FormatVersion2AndGzipAreRead()
    {
        byte[] npy = TestFiles.Npy("<f4", false, [1, 2], TestFiles.Encode([1, 2], 'f', 4, false), major: 2);
        Assert.Equal(new float[] { 1, 2 }, NpyReader.Read(_files.Bytes("v2.npy", npy)).Features.ToArray());
        Assert.Equal(new float[] { 1, 2 }, NpyReader.Read(_files.Bytes("v2.npy.gz", TestFiles.Gzip(npy))).Features.ToArray());
    }

    [Theory]
    [InlineData("<c8", "unsupported NPY dtype")]
    [InlineData("|b1", "unsupported NPY dtype")]
    [InlineData("<U3", "unsupported NPY dtype")]
    [InlineData("<f3", "unsupported NPY dtype")]
    public void UnsupportedDTypesAreNamed(string descr, string expected)
    {
        string path = _files.Bytes("c.npy", TestFiles.Npy(descr, false, [1, 2], new byte[16]));
        var error = Assert.Throws<DataFormatException>(() => NpyReader.Read(path));
        Assert.Contains(expected, error.Message);
        Assert.Contains(descr, error.Message);
    }

    [Fact]
    public void HugeDeclaredShapeIsRejectedBeforeAllocating()
    {
        string path = _files.Bytes("huge.npy", TestFiles.Npy("<f4", false, [100_000, 100_000], new byte[16]));
        var error = Assert.Throws<DataFormatException>(() => NpyReader.Read(path));
        Assert.Contains("holds more than", error.Message);
        string path2 = _files.Bytes("big.npy", TestFiles.Npy("<f4", false, [10_000, 10_000], new byte[16]));
        var error2 = Assert.Throws<DataFormatException>(() => NpyReader.Read(path2));
        Assert.Contains("only 16 bytes follow", error2.Message);
        string gz = _files.Bytes("big.npy.gz", TestFiles.Gzip(TestFiles.Npy("<f4", false, [10_000, 10_000], new byte[16])));
        var error3 = Assert.Throws<DataFormatException>(() => NpyReader.Read(gz));
        Assert.Contains("truncated", error3.Message);
    }

    [Fact]
    public void NaNIsRejectedWithOffsetUnlessAllowed()
    {
        byte[] npy = TestFiles.Npy("<f4", false, [2, 2], TestFiles.Encode([1, 2, double.NaN, 4], 'f', 4, false));
        string path = _files.Bytes("nan.npy", npy);
        var error = Assert.Throws<DataFormatException>(() => NpyReader.Read(path));
        Assert.Equal(128 + 8, error.Offset);
        Assert.Contains("row 1, column 0", error.Message);
        Assert.True(float.IsNaN(NpyReader.Read(path, allowNonFinite: true).Features.Span[2]));
    }

    [Fact]
    public void ZeroRowsAndScalarsAreRejected()
    {
        Assert.Throws<DataFormatException>(() => NpyReader.Read(_files.Bytes("0.npy", TestFiles.Npy("<f4", false, [0, 3], []))));
        Assert.Throws<DataFormatException>(() => NpyReader.Read(_files.Bytes("s.npy", TestFiles.Npy("<f4", false, [], new byte[4]))));
    }

    [Fact]
    public void WriterRoundTripsAndIsAtomic()
    {
        string path = _files.PathOf("out/x.npy");
        float[] values = [1, -2, 3.25f, 4, 5, 6];
        NpyWriter.Write(path, values, [3, 2]);
        Dataset data = NpyReader.Read(path);
        Assert.Equal(values, data.Features.ToArray());
        Assert.Equal(3, data.Count);
        Assert.Equal(0, (new FileInfo(path).Length - 6 * 4) % 64);
        Assert.Single(Directory.GetFiles(_files.PathOf("out")));
        NpyWriter.WriteLabels(_files.PathOf("out/y.npy"), [0, 2, 1]);
        Assert.Equal(new[] { 0, 2, 1 }, NpyReader.ReadLabels(_files.PathOf("out/y.npy")));
        Assert.Throws<ArgumentException>(() => NpyWriter.Write(path, values, [4, 2]));
        Assert.Equal(values, NpyReader.Read(path).Features.ToArray());
    }
}
