using System.Buffers.Binary;
using System.IO.Compression;
using Agrupa.Data;

/// <summary>Minimal IDX .gz reader for the benchmark only (the library's readers come from the data branch).</summary>
internal static class FashionMnist
{
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    /// <summary>All 70,000 images (train then test), scaled to [0, 1], with labels.</summary>
    public static Dataset Load(int? count = null)
    {
        var (trainX, trainY) = (Images($"{Folder}/train-images-idx3-ubyte.gz"), Labels($"{Folder}/train-labels-idx1-ubyte.gz"));
        var (testX, testY) = (Images($"{Folder}/t10k-images-idx3-ubyte.gz"), Labels($"{Folder}/t10k-labels-idx1-ubyte.gz"));
        float[] features = [.. trainX, .. testX];
        int[] labels = [.. trainY, .. testY];
        var data = new Dataset("fashion-mnist", features, 784, labels, imageShape: new ImageShape(1, 28, 28));
        return count is { } n ? data.Select(Enumerable.Range(0, n).ToArray()) : data;
    }

    private static byte[] Read(string path, int magic, int headerInts)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        byte[] bytes = memory.ToArray();
        if (BinaryPrimitives.ReadInt32BigEndian(bytes) != magic) throw new InvalidDataException($"{path}: bad IDX magic");
        return bytes[(4 * headerInts)..];
    }

    private static float[] Images(string path) => Read(path, 0x803, 4).Select(b => b / 255f).ToArray();

    private static int[] Labels(string path) => Read(path, 0x801, 2).Select(b => (int)b).ToArray();
}
