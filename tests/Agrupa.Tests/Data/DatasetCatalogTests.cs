using System.Security.Cryptography;
using Agrupa.Data;

namespace Agrupa.Tests.Data;

public sealed class DatasetCatalogTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private DatasetCatalog Catalog(string? fashion = null) => new(new DatasetCatalogOptions
    {
        DataDirectory = _files.PathOf("root"),
        FashionMnistDirectory = fashion,
        CacheDirectory = _files.PathOf("cache"),
    });

    [Fact]
    public void ListsEveryKnownSetAndWhatIsPresent()
    {
        DatasetCatalog catalog = Catalog(fashion: _files.PathOf("no-fashion"));
        IReadOnlyList<DatasetInfo> entries = catalog.Entries;
        Assert.Equal(new[] { "iris", "wine", "synthetic-control", "digits", "fashion-mnist", "mnist", "usps", "cifar-10" }, entries.Select(e => e.Name));
        Assert.All(entries.Take(4), e => Assert.True(e.IsPresent));
        Assert.All(entries.Skip(4), e => Assert.False(e.IsPresent));
        Assert.Equal(70_000, entries[4].Rows);
        Assert.Equal(new ImageShape(3, 32, 32), entries[7].ImageShape);
        Assert.Equal(178, catalog.Load("wine").Count);
    }

    [Fact]
    public void AbsentFashionMnistSaysHowToInstallIt()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Catalog(fashion: _files.PathOf("no-fashion")).Load("fashion-mnist"));
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
        Assert.Throws<ArgumentException>(() => Catalog().Load("imagenet"));
    }

    [Fact]
    public void FolderSetsArePresentOnceTheirFilesAre()
    {
        _files.Bytes("root/mnist/train-images-idx3-ubyte.gz", TestFiles.Gzip(TestFiles.IdxBytes([2, 2, 2], new byte[8])));
        _files.Bytes("root/mnist/train-labels-idx1-ubyte.gz", TestFiles.Gzip(TestFiles.IdxBytes([2], [3, 7])));
        _files.Bytes("root/cifar-10/test_batch.bin", TestFiles.CifarBatch(2));
        float[,] train = { { 0.5f } }, test = { { 0.25f } };
        Directory.CreateDirectory(_files.PathOf("root/usps"));
        new PureHDF.H5File
        {
            ["train"] = new PureHDF.H5Group { ["data"] = Widen(train), ["target"] = new long[] { 4 } },
            ["test"] = new PureHDF.H5Group { ["data"] = Widen(test), ["target"] = new long[] { 9 } },
        }.Write(_files.PathOf("root/usps/usps.h5"));
        DatasetCatalog catalog = Catalog(fashion: _files.PathOf("no-fashion"));
        Assert.Equal(new[] { 3, 7 }, catalog.Load("mnist").Labels);
        Assert.Equal(2, catalog.Load("cifar-10").Count);
        Dataset usps = catalog.Load("usps");
        Assert.Equal(new[] { 4, 9 }, usps.Labels);
        Assert.Equal(new ImageShape(1, 16, 16), usps.ImageShape);
    }

    private static double[,] Widen(float[,] first)
    {
        var m = new double[1, 256];
        m[0, 0] = first[0, 0];
        return m;
    }

    [Fact]
    public void FashionMnistWithWrongContentsFailsTheChecksum()
    {
        foreach ((string file, _, _) in DatasetCatalog.FashionMnistFiles)
            _files.Bytes($"fake/{file}", TestFiles.Gzip(file.Contains("images") ? TestFiles.IdxBytes([1, 28, 28], new byte[784]) : TestFiles.IdxBytes([1], [0])));
        DatasetCatalog catalog = Catalog(fashion: _files.PathOf("fake"));
        Assert.True(catalog.Describe("fashion-mnist").IsPresent);
        var error = Assert.Throws<DataFormatException>(() => catalog.Load("fashion-mnist"));
        Assert.Contains("SHA-256", error.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", error.Path);
        string cache = File.ReadAllText(_files.PathOf("cache/sha256.tsv"));
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_files.PathOf("fake/train-images-idx3-ubyte.gz")))), cache);
        Dataset unverified = new DatasetCatalog(new DatasetCatalogOptions { FashionMnistDirectory = _files.PathOf("fake"), VerifyChecksums = false }).Load("fashion-mnist");
        Assert.Equal(2, unverified.Count);
        Assert.Equal("Ankle boot", unverified.ClassNames![9]);
    }

    [Fact]
    public void InstalledFashionMnistLoadsAll70000ImagesVerified()
    {
        string debian = DatasetCatalogOptions.DebianFashionMnistDirectory;
        Assert.True(Directory.Exists(debian), $"{debian} is missing: apt-get install dataset-fashion-mnist (the CI installs it)");
        DatasetCatalog catalog = Catalog(fashion: debian);
        Dataset data = catalog.Load("fashion-mnist");
        Assert.Equal(70_000, data.Count);
        Assert.Equal(new ImageShape(1, 28, 28), data.ImageShape);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(7_000, data.Labels!.Count(l => l == c)));
        float max = 0;
        foreach (float v in data.Features.Span) max = Math.Max(max, v);
        Assert.Equal(255f, max);
        Assert.Equal(9, data.Labels![0]);   // the first training image is an ankle boot
        Assert.Equal(4, File.ReadAllLines(_files.PathOf("cache/sha256.tsv")).Length);
    }
}
