using Agrupa.Data;
using SkiaSharp;

namespace Agrupa.Tests.Data;

public sealed class DatasetLoaderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void CatalogueNamesAndPathsAreResolved()
    {
        Assert.Equal(150, DatasetLoader.Load("iris").Count);
        Assert.Equal(2, DatasetLoader.Load(_files.Text("a.tsv", "1\t2\n3\t4\n")).Count);
        string npy = _files.PathOf("x.npy");
        NpyWriter.Write(npy, [1, 2, 3, 4], [2, 2]);
        NpyWriter.WriteLabels(_files.PathOf("y.npy"), [1, 0]);
        Dataset withLabels = DatasetLoader.Load(npy, new DatasetLoadOptions { LabelsPath = _files.PathOf("y.npy") });
        Assert.Equal(new[] { 1, 0 }, withLabels.Labels);
    }

    [Fact]
    public void FileKindsAreSniffedWhenTheExtensionSaysNothing()
    {
        string npy = _files.PathOf("x.npy");
        NpyWriter.Write(npy, [1, 2], [1, 2]);
        File.Copy(npy, _files.PathOf("noext"));
        Assert.Equal(2, DatasetLoader.Load(_files.PathOf("noext")).FeatureCount);
        _files.Bytes("images", TestFiles.IdxBytes([1, 2, 2], [1, 2, 3, 4]));
        Assert.Equal(new ImageShape(1, 2, 2), DatasetLoader.Load(_files.PathOf("images")).ImageShape);
        _files.Text("plain", "5,6,7\n");
        Assert.Equal(3, DatasetLoader.Load(_files.PathOf("plain")).FeatureCount);
    }

    [Fact]
    public void IdxImagesFindTheirLabelsFile()
    {
        string images = _files.Bytes("train-images-idx3-ubyte.gz", TestFiles.Gzip(TestFiles.IdxBytes([2, 1, 1], [5, 6])));
        _files.Bytes("train-labels-idx1-ubyte.gz", TestFiles.Gzip(TestFiles.IdxBytes([2], [1, 0])));
        Assert.Equal(new[] { 1, 0 }, DatasetLoader.Load(images).Labels);
        Assert.Equal(new[] { 1, 0 }, DatasetLoader.Load(_files.Root).Labels);
    }

    [Fact]
    public void FoldersOfEachKind()
    {
        _files.Bytes("cifar/data_batch_1.bin", TestFiles.CifarBatch(1));
        Assert.Equal(new ImageShape(3, 32, 32), DatasetLoader.Load(_files.PathOf("cifar")).ImageShape);
        _files.Bytes("pics/a/1.png", TestFiles.Image(2, 2, (x, y) => SKColors.Gray));
        Assert.Equal(new[] { "a" }, DatasetLoader.Load(_files.PathOf("pics")).ClassNames);
        Directory.CreateDirectory(_files.PathOf("nothing"));
        Assert.Throws<DataFormatException>(() => DatasetLoader.Load(_files.PathOf("nothing")));
    }

    [Fact]
    public void Hdf5NeedsADatasetPathAndListsWhatIsThere()
    {
        string path = _files.Hdf5("u.hdf5", new float[,] { { 1, 2 } }, [0]);
        var error = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(path));
        Assert.Contains("/train/data", error.Message);
        Assert.Equal(new[] { 0 }, DatasetLoader.Load(path, new DatasetLoadOptions { Hdf5Dataset = "/train/data" }).Labels);
    }

    [Fact]
    public void UnknownNamesListTheCatalogue()
    {
        var error = Assert.Throws<FileNotFoundException>(() => DatasetLoader.Load("no-such-thing"));
        Assert.Contains("fashion-mnist", error.Message);
    }

    [Fact]
    public void NonFiniteOptionReachesEveryReader()
    {
        string csv = _files.Text("n.csv", "1,nan\n");
        Assert.Throws<DataFormatException>(() => DatasetLoader.Load(csv));
        Assert.True(float.IsNaN(DatasetLoader.Load(csv, new DatasetLoadOptions { AllowNonFinite = true }).Features.Span[1]));
    }
}
