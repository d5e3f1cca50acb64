using Agrupa.Data;

namespace Agrupa.Tests.Data;

public sealed class Hdf5ReaderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static float[,] Matrix(int n, int d)
    {
        var m = new float[n, d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) m[i, j] = i * 10 + j;
        return m;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DataAndSiblingTargetAreRead(bool chunked)
    {
        string path = _files.Hdf5("u.h5", Matrix(4, 3), [0, 1, 1, 2], chunked);
        Dataset data = Hdf5Reader.Read(path, "/train/data");
        Assert.Equal(4, data.Count);
        Assert.Equal(3, data.FeatureCount);
        Assert.Equal(12f, data.Row(1)[2]);
        Assert.Equal(new[] { 0, 1, 1, 2 }, data.Labels);
        Assert.Null(Hdf5Reader.Read(path, "/train/data", labelsPath: "").Labels);
    }

    [Fact]
    public void ListsDatasetsAndNamesMissingPaths()
    {
        string path = _files.Hdf5("u.h5", Matrix(2, 2), [0, 1]);
        Assert.Contains("/train/data", Hdf5Reader.ListDatasets(path));
        var error = Assert.Throws<DataFormatException>(() => Hdf5Reader.Read(path, "/test/data"));
        Assert.Contains("no data set '/test/data'", error.Message);
        Assert.Contains("/train/target", error.Message);
        Assert.Contains("is a group", Assert.Throws<DataFormatException>(() => Hdf5Reader.Read(path, "/train")).Message);
    }

    [Fact]
    public void UnsupportedTypesAndMismatchedLabelsAreRejected()
    {
        string path = _files.Hdf5("u.h5", Matrix(2, 2), [0, 1, 2]);
        Assert.Contains("labels", Assert.Throws<DataFormatException>(() => Hdf5Reader.Read(path, "/train/data")).Message);
        var error = Assert.Throws<DataFormatException>(() => Hdf5Reader.Read(path, "/note/text", labelsPath: ""));
        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public void NotAnHdf5FileIsADataFormatError()
    {
        string path = _files.Text("x.h5", "just text, not HDF5\n");
        var error = Assert.Throws<DataFormatException>(() => Hdf5Reader.Read(path, "/data"));
        Assert.StartsWith(path, error.Message);
    }
}
