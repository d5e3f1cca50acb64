namespace Agrupa.Data;

/// <summary>
/// Opens a data set from what a user types: a catalogue name (<see cref="DatasetCatalog"/>), a file (chosen by
/// extension, else by content: .csv/.tsv/.txt/.data[.gz] → CSV, .npy → NPY, .h5/.hdf5 → HDF5, IDX (.gz) → IDX with
/// its labels file found by name, .bin → a CIFAR-10 batch) or a folder (MNIST-style IDX pairs, CIFAR-10 batches, or
/// images). See docs/formats.md.
/// </summary>
public static class DatasetLoader
{
    /// <summary>Loads <paramref name="spec"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file, folder or catalogue name (or the set is not installed).</exception>
    /// <exception cref="DataFormatException">The file is malformed.</exception>
    public static Dataset Load(string spec, DatasetLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        options ??= new DatasetLoadOptions();
        bool exists = File.Exists(spec) || Directory.Exists(spec);
        if (!exists && DatasetCatalog.Contains(spec)) return new DatasetCatalog(options.Catalog).Load(spec);
        if (!exists)
            throw new FileNotFoundException($"no file, folder or catalogue data set named '{spec}' (catalogue: {string.Join(", ", DatasetCatalog.Names)}).");
        if (Directory.Exists(spec)) return LoadFolder(spec, options);
        return LoadFile(spec, options);
    }

    private static Dataset LoadFolder(string folder, DatasetLoadOptions options)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        if (IdxReader.FindPairs(folder).Count > 0) return IdxReader.ReadFolder(folder, name);
        if (CifarReader.IsCifarFolder(folder)) return CifarReader.ReadFolder(folder, name);
        if (ImageFolderReader.HasImages(folder)) return ImageFolderReader.Read(folder, options.Images);
        throw new DataFormatException(folder, "the folder holds no MNIST-style IDX pair, no CIFAR-10 batches and no PNG/JPEG images.");
    }

    private static Dataset LoadFile(string path, DatasetLoadOptions options)
    {
        string lower = path.ToLowerInvariant();
        string bare = lower.EndsWith(".gz", StringComparison.Ordinal) ? lower[..^3] : lower;
        string extension = Path.GetExtension(bare);
        FileKind kind = extension switch
        {
            ".csv" or ".tsv" or ".txt" or ".data" => FileKind.Csv,
            ".npy" => FileKind.Npy,
            ".h5" or ".hdf5" or ".he5" => FileKind.Hdf5,
            ".bin" => FileKind.Cifar,
            _ when bare.Contains("idx") || bare.EndsWith("ubyte", StringComparison.Ordinal) => FileKind.Idx,
            _ => Sniff(path),
        };
        switch (kind)
        {
            case FileKind.Npy:
            {
                Dataset data = NpyReader.Read(path, options.AllowNonFinite);
                return WithLabels(data, options.LabelsPath);
            }
            case FileKind.Idx:
            {
                string? labels = options.LabelsPath ?? FindIdxLabels(path);
                return IdxReader.Read(path, labels, allowNonFinite: options.AllowNonFinite);
            }
            case FileKind.Hdf5:
                if (options.Hdf5Dataset is null)
                    throw new DataFormatException(path, $"an HDF5 file needs the path of the data set to read (--hdf5-dataset); it holds: {string.Join(", ", Hdf5Reader.ListDatasets(path).Take(20))}.");
                return Hdf5Reader.Read(path, options.Hdf5Dataset, options.Hdf5Labels, options.AllowNonFinite);
            case FileKind.Cifar:
                return CifarReader.ReadBatches([path], Path.GetFileNameWithoutExtension(path));
            default:
                return CsvReader.Read(path, options.Csv with { AllowNonFinite = options.Csv.AllowNonFinite || options.AllowNonFinite });
        }
    }

    private static Dataset WithLabels(Dataset data, string? labelsPath)
    {
        if (labelsPath is null) return data;
        string lower = labelsPath.ToLowerInvariant();
        int[] labels = lower.EndsWith(".npy", StringComparison.Ordinal) || lower.EndsWith(".npy.gz", StringComparison.Ordinal)
            ? NpyReader.ReadLabels(labelsPath)
            : IdxReader.ReadLabels(labelsPath);
        if (labels.Length != data.Count)
            throw new DataFormatException(labelsPath, $"holds {labels.Length:N0} labels but the data has {data.Count:N0} rows.");
        return new Dataset(data.Name, data.FeatureArray, data.FeatureCount, labels, null, data.ImageShape, data.FeatureNames);
    }

    private static string? FindIdxLabels(string imagesPath)
    {
        string file = Path.GetFileName(imagesPath);
        if (!file.Contains("images", StringComparison.OrdinalIgnoreCase)) return null;
        string labels = Path.Combine(Path.GetDirectoryName(imagesPath) ?? ".",
            file.Replace("images", "labels", StringComparison.OrdinalIgnoreCase).Replace("idx3", "idx1", StringComparison.OrdinalIgnoreCase));
        return File.Exists(labels) ? labels : null;
    }

    private static FileKind Sniff(string path)
    {
        using BinaryInput input = BinaryInput.Open(path);
        Span<byte> head = stackalloc byte[8];
        int got = 0;
        try
        {
            input.ReadExactly(head, "a file signature");
            got = head.Length;
        }
        catch (DataFormatException)
        {
            got = (int)input.Position;
        }
        ReadOnlySpan<byte> h = head[..got];
        if (h.Length >= 6 && h[0] == 0x93 && h[1] == (byte)'N' && h[2] == (byte)'U') return FileKind.Npy;
        if (h.Length >= 8 && h[0] == 0x89 && h[1] == (byte)'H' && h[2] == (byte)'D' && h[3] == (byte)'F') return FileKind.Hdf5;
        if (h.Length >= 4 && h[0] == 0 && h[1] == 0 && h[2] is 0x08 or 0x09 or 0x0B or 0x0C or 0x0D or 0x0E) return FileKind.Idx;
        return FileKind.Csv;
    }

    private enum FileKind { Csv, Npy, Idx, Hdf5, Cifar }
}
