namespace Agrupa.Data;

/// <summary>
/// Reads CIFAR-10 binary batches (Krizhevsky, 2009, "Learning Multiple Layers of Features from Tiny Images"): each
/// record is one label byte (0–9) and 3,072 pixel bytes, the red, green and blue 32×32 planes in turn, so rows are
/// images 3×32×32 with raw values 0–255. Malformed content throws only <see cref="DataFormatException"/>.
/// </summary>
public static class CifarReader
{
    /// <summary>Bytes of one record: 1 label + 3 × 32 × 32 pixels.</summary>
    public const int RecordSize = 1 + 3 * 32 * 32;

    /// <summary>The ten CIFAR-10 class names, in label order (as in batches.meta.txt).</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>The batch files in the order read: data_batch_1…5, then test_batch.</summary>
    public static IReadOnlyList<string> BatchFiles { get; } =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"];

    /// <summary>True when <paramref name="folder"/> (or its cifar-10-batches-bin sub-folder) holds a batch file.</summary>
    public static bool IsCifarFolder(string folder) => FindBatches(folder).Count > 0;

    /// <summary>Reads every batch file present in <paramref name="folder"/> (or its cifar-10-batches-bin sub-folder).</summary>
    public static Dataset ReadFolder(string folder, string name = "cifar-10")
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"No such folder: {folder}");
        IReadOnlyList<string> files = FindBatches(folder);
        if (files.Count == 0)
            throw new DataFormatException(folder, $"no CIFAR-10 batch files found; expected {string.Join(", ", BatchFiles)} (or a cifar-10-batches-bin sub-folder).");
        return ReadBatches(files, name);
    }

    /// <summary>Reads the given batch files, concatenated in order.</summary>
    public static Dataset ReadBatches(IReadOnlyList<string> files, string name = "cifar-10")
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new ArgumentException("At least one batch file is needed.", nameof(files));
        var parts = new List<byte[]>();
        long records = 0;
        foreach (string file in files)
        {
            using BinaryInput input = BinaryInput.Open(file);
            long length = input.IsCompressed ? -1 : input.FileLength;
            if (length == 0) throw new DataFormatException(file, "the file is empty; expected records of 3,073 bytes.", offset: 0);
            if (length > 0 && length % RecordSize != 0)
                throw new DataFormatException(file, $"length {length:N0} is not a multiple of the CIFAR-10 record size {RecordSize:N0} (1 label byte + 3,072 pixels): truncated or not a CIFAR-10 batch.", offset: length - length % RecordSize);
            byte[] data = length > 0 ? input.ReadPayload(length, "CIFAR-10 records") : input.ReadToEnd(ReaderChecks.MaxValues, "CIFAR-10 batch");
            if (data.Length == 0 || data.Length % RecordSize != 0)
                throw new DataFormatException(file, $"decompressed length {data.Length:N0} is not a positive multiple of the record size {RecordSize:N0}.", offset: data.Length - data.Length % RecordSize);
            for (long at = 0; at < data.Length; at += RecordSize)
                if (data[at] > 9)
                    throw new DataFormatException(file, $"record {at / RecordSize} has label {data[at]}; CIFAR-10 labels are 0–9.", offset: at);
            records += data.Length / RecordSize;
            if (records * (RecordSize - 1) > ReaderChecks.MaxValues)
                throw new DataFormatException(file, $"together the batches hold more than {ReaderChecks.MaxValues:N0} values.");
            parts.Add(data);
        }
        const int pixels = RecordSize - 1;
        var features = new float[records * pixels];
        var labels = new int[records];
        long row = 0;
        foreach (byte[] data in parts)
            for (long at = 0; at < data.Length; at += RecordSize, row++)
            {
                labels[row] = data[at];
                for (int p = 0; p < pixels; p++) features[row * pixels + p] = data[at + 1 + p];
            }
        return new Dataset(name, features, pixels, labels, ClassNames, new ImageShape(3, 32, 32));
    }

    private static IReadOnlyList<string> FindBatches(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        string nested = System.IO.Path.Combine(folder, "cifar-10-batches-bin");
        string root = Directory.Exists(nested) ? nested : folder;
        return BatchFiles.Select(f => System.IO.Path.Combine(root, f)).Where(File.Exists).ToList();
    }
}
