using System.IO.Compression;
using System.Security.Cryptography;

namespace Agrupa.Data;

/// <summary>
/// Every data set Agrupa knows by name: the four embedded sets, Fashion-MNIST (Debian package
/// dataset-fashion-mnist, checked by SHA-256), and MNIST, USPS and CIFAR-10 read from a folder the user provides
/// in their usual distribution formats (IDX .gz; USPS HDF5 as usps.h5; CIFAR-10 binary batches).
/// </summary>
public sealed class DatasetCatalog
{
    /// <summary>Fashion-MNIST class names (Xiao, Rasul &amp; Vollgraf 2017, arXiv:1708.07747).</summary>
    public static IReadOnlyList<string> FashionMnistClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>SHA-256 of Debian's .gz files and of their uncompressed IDX contents (../shared/data/fashion-mnist/README.md).</summary>
    internal static readonly IReadOnlyList<(string File, string GzipSha256, string ContentSha256)> FashionMnistFiles =
    [
        ("train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
        ("train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
        ("t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
        ("t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
    ];

    /// <summary>The message for a missing Fashion-MNIST.</summary>
    public const string FashionMnistInstallHint =
        "install it with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu; files in /usr/share/datasets/fashion-mnist/), or give a folder holding train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz";

    private readonly DatasetCatalogOptions _options;

    /// <summary>Creates a catalogue that looks in the folders of <paramref name="options"/>.</summary>
    public DatasetCatalog(DatasetCatalogOptions? options = null) => _options = options ?? new DatasetCatalogOptions();

    /// <summary>All catalogue names, in table order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. EmbeddedDatasets.Names, "fashion-mnist", "mnist", "usps", "cifar-10"];

    /// <summary>True when <paramref name="name"/> is a catalogue name (case-insensitive).</summary>
    public static bool Contains(string name) => Names.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every entry with its present/absent state (folders are checked, nothing is read).</summary>
    public IReadOnlyList<DatasetInfo> Entries => Names.Select(Describe).ToList();

    /// <summary>The entry for <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public DatasetInfo Describe(string name)
    {
        string root = _options.ResolveDataDirectory();
        switch (name.ToLowerInvariant())
        {
            case "iris":
                return Embedded("iris", "Fisher's iris flowers, 4 measurements in cm (Fisher 1936; UCI)", 150, 4, 3, null);
            case "wine":
                return Embedded("wine", "Chemical analysis of Italian wines from 3 cultivars (Forina et al.; UCI)", 178, 13, 3, null);
            case "synthetic-control":
                return Embedded("synthetic-control", "Control-chart time series of 60 steps, 6 patterns (Alcock & Manolopoulos 1999; UCI)", 600, 60, 6, null);
            case "digits":
                return Embedded("digits", "Handwritten digits as 8×8 counts 0–16 (Alpaydin & Kaynak 1998; UCI optdigits test set)", 1797, 64, 10, new ImageShape(1, 8, 8));
            case "fashion-mnist":
            {
                string? folder = FashionMnistFolder();
                return new DatasetInfo("fashion-mnist", "Zalando article photos, 28×28 grey, train + test (Xiao et al. 2017)",
                    "Debian package dataset-fashion-mnist or a folder", 70_000, 784, 10, new ImageShape(1, 28, 28), folder, folder is not null, FashionMnistInstallHint);
            }
            case "mnist":
            {
                string folder = Path.Combine(root, "mnist");
                bool present = Directory.Exists(folder) && IdxReader.FindPairs(folder).Count > 0;
                return new DatasetInfo("mnist", "Handwritten digits, 28×28 grey, train + test (LeCun et al. 1998)", "user folder (IDX .gz)",
                    70_000, 784, 10, new ImageShape(1, 28, 28), present ? folder : null, present,
                    $"put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in {folder} (or pass that folder as DATA)");
            }
            case "usps":
            {
                string file = Path.Combine(root, "usps", "usps.h5");
                bool present = File.Exists(file);
                return new DatasetInfo("usps", "US postal service digits, 16×16 grey in [0, 1], train + test (Hull 1994)", "user folder (HDF5 usps.h5)",
                    9_298, 256, 10, new ImageShape(1, 16, 16), present ? file : null, present,
                    $"put usps.h5 (groups /train and /test with data and target) in {Path.GetDirectoryName(file)}");
            }
            case "cifar-10":
            {
                string folder = Path.Combine(root, "cifar-10");
                bool present = CifarReader.IsCifarFolder(folder);
                return new DatasetInfo("cifar-10", "Tiny colour photos 32×32, 10 classes, train + test (Krizhevsky 2009)", "user folder (binary batches)",
                    60_000, 3072, 10, new ImageShape(3, 32, 32), present ? folder : null, present,
                    $"unpack cifar-10-binary.tar.gz into {folder} (data_batch_1.bin … data_batch_5.bin, test_batch.bin)");
            }
            default:
                throw new ArgumentException($"'{name}' is not a catalogue data set; known: {string.Join(", ", Names)}.", nameof(name));
        }
    }

    /// <summary>Loads the data set <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    /// <exception cref="FileNotFoundException">The set is not installed; the message says how to get it.</exception>
    /// <exception cref="DataFormatException">Its files are corrupt or fail the checksum.</exception>
    public Dataset Load(string name)
    {
        DatasetInfo info = Describe(name);
        if (EmbeddedDatasets.Contains(info.Name)) return EmbeddedDatasets.Load(info.Name);
        if (!info.IsPresent) throw new FileNotFoundException($"data set '{info.Name}' is not available: {info.HowToGet}.");
        string location = info.Location!;
        switch (info.Name)
        {
            case "fashion-mnist":
                if (_options.VerifyChecksums) VerifyFashionMnist(location);
                return IdxReader.ReadFolder(location, "fashion-mnist", FashionMnistClassNames);
            case "mnist":
                return IdxReader.ReadFolder(location, "mnist", Digits);
            case "usps":
                return ReadUsps(location);
            default:
                return CifarReader.ReadFolder(location, "cifar-10");
        }
    }

    /// <summary>
    /// Checks each Fashion-MNIST file against the SHA-256 of Debian's .gz file, or failing that against the SHA-256
    /// of the uncompressed IDX contents (upstream's .gz files differ from Debian's only in the gzip header). Hashes
    /// of the files on disk are cached by path, size and modification time.
    /// </summary>
    /// <exception cref="DataFormatException">A file is missing or its contents differ.</exception>
    public void VerifyFashionMnist(string folder)
    {
        var cache = new ChecksumCache(_options.ResolveCacheDirectory());
        foreach ((string fileName, string gzipSha, string contentSha) in FashionMnistFiles)
        {
            string path = Path.Combine(folder, fileName);
            if (!File.Exists(path))
                throw new DataFormatException(path, $"Fashion-MNIST file missing; {FashionMnistInstallHint}.");
            if (cache.Sha256(path) == gzipSha) continue;
            string content;
            try
            {
                using FileStream stream = File.OpenRead(path);
                using var gzip = new GZipStream(stream, CompressionMode.Decompress);
                content = Convert.ToHexStringLower(SHA256.HashData(gzip));
            }
            catch (InvalidDataException exception)
            {
                throw new DataFormatException(path, $"corrupt gzip stream ({exception.Message}); reinstall with `sudo apt-get install --reinstall dataset-fashion-mnist`.", inner: exception);
            }
            if (content != contentSha)
                throw new DataFormatException(path, $"SHA-256 of the contents is {content}, expected {contentSha}: the file is damaged or not Fashion-MNIST; reinstall with `sudo apt-get install --reinstall dataset-fashion-mnist`.");
        }
    }

    private string? FashionMnistFolder()
    {
        IEnumerable<string> candidates = _options.FashionMnistDirectory is { } given
            ? [given]
            : [DatasetCatalogOptions.DebianFashionMnistDirectory, Path.Combine(_options.ResolveDataDirectory(), "fashion-mnist")];
        return candidates.FirstOrDefault(folder => FashionMnistFiles.All(f => File.Exists(Path.Combine(folder, f.File))));
    }

    private static DatasetInfo Embedded(string name, string description, int rows, int features, int classes, ImageShape? image) =>
        new(name, description, "embedded (UCI)", rows, features, classes, image, null, true, "built in");

    private static Dataset ReadUsps(string file)
    {
        Dataset train = Hdf5Reader.Read(file, "/train/data", "/train/target");
        Dataset test = Hdf5Reader.Read(file, "/test/data", "/test/target");
        if (train.FeatureCount != 256 || test.FeatureCount != 256)
            throw new DataFormatException(file, $"USPS images must have 256 values (16×16), found {train.FeatureCount} and {test.FeatureCount}.");
        float[] features = [.. train.FeatureArray, .. test.FeatureArray];
        int[] labels = [.. train.LabelArray!, .. test.LabelArray!];
        if (labels.Any(l => l is < 0 or > 9)) throw new DataFormatException(file, "USPS labels must be digits 0–9.");
        return new Dataset("usps", features, 256, labels, Digits, new ImageShape(1, 16, 16));
    }
}
