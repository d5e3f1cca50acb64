using System.CommandLine;
using Agrupa.Data;

namespace Agrupa.Cli.Commands;

/// <summary>
/// The DATA argument shared by every command that reads a data set: a catalogue name (see <c>agrupa datasets</c>)
/// or a path (CSV, NPY, IDX, HDF5, CIFAR-10 batch, or a folder of IDX pairs, CIFAR-10 batches or images), with the
/// options that steer the readers. Create one per command, <see cref="AddTo"/> it, then <see cref="Load"/>.
/// </summary>
internal sealed class DataArgument
{
    public Argument<string> Data { get; } = new("DATA")
    {
        Description = "A catalogue name (iris, wine, synthetic-control, digits, fashion-mnist, mnist, usps, cifar-10) or a path: .csv/.tsv/.txt, .npy, IDX (.gz), .h5/.hdf5, a CIFAR-10 .bin batch, or a folder (MNIST-style IDX files, CIFAR-10 batches, or PNG/JPEG images with one sub-folder per class).",
    };

    public Option<string?> LabelColumn { get; } = new("--label-column")
    {
        Description = "CSV: the label column, by header name or 0-based index (negative counts from the end), or 'none'. Default: a column named 'label' if present.",
    };

    public Option<string?> Delimiter { get; } = new("--delimiter")
    {
        Description = "CSV: field delimiter: ',', ';', 'tab' or 'space' (runs of spaces/tabs). Default: detected.",
    };

    public Option<bool?> Header { get; } = new("--header")
    {
        Description = "CSV: whether the first line is a header (true/false). Default: detected.",
    };

    public Option<string?> Hdf5Dataset { get; } = new("--hdf5-dataset")
    {
        Description = "HDF5: path of the features inside the file, e.g. /train/data.",
    };

    public Option<string?> Hdf5Labels { get; } = new("--hdf5-labels")
    {
        Description = "HDF5: path of the labels inside the file. Default: a sibling named target, labels or y.",
    };

    public Option<string?> Labels { get; } = new("--labels")
    {
        Description = "NPY/IDX: a separate labels file (.npy or IDX), one integer per row.",
    };

    public Option<bool> AllowNaN { get; } = new("--allow-nan")
    {
        Description = "Keep NaN/Inf feature values instead of rejecting the file.",
    };

    public Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = "Folder holding mnist/, usps/, cifar-10/ and fashion-mnist/ for catalogue names. Default: $AGRUPA_DATA or ~/.local/share/agrupa/datasets.",
    };

    public Option<string?> ImageSize { get; } = new("--image-size")
    {
        Description = "Image folders: resize every image to WIDTHxHEIGHT (e.g. 28x28). Default: the first image's size.",
    };

    /// <summary>Adds the argument and its options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(Data);
        foreach (Option option in new Option[] { LabelColumn, Delimiter, Header, Hdf5Dataset, Hdf5Labels, Labels, AllowNaN, DataDirectory, ImageSize })
            command.Options.Add(option);
    }

    /// <summary>The loader options the parsed arguments ask for (bad values → <see cref="UsageException"/>).</summary>
    public DatasetLoadOptions Options(ParseResult parse)
    {
        var csv = new CsvReadOptions { HasHeader = parse.GetValue(Header), AllowNonFinite = parse.GetValue(AllowNaN) };
        if (parse.GetValue(LabelColumn) is { } label)
        {
            if (label.Equals("none", StringComparison.OrdinalIgnoreCase)) csv = csv with { NoLabels = true };
            else if (int.TryParse(label, out int index)) csv = csv with { LabelColumnIndex = index };
            else csv = csv with { LabelColumn = label };
        }
        if (parse.GetValue(Delimiter) is { } delimiter)
        {
            char value = delimiter.ToLowerInvariant() switch
            {
                "," or "comma" => ',',
                ";" or "semicolon" => ';',
                "tab" or "\\t" or "\t" => '\t',
                "space" or "whitespace" or " " => ' ',
                _ => throw new UsageException($"--delimiter must be ',', ';', 'tab' or 'space', got '{delimiter}'."),
            };
            csv = csv with { Delimiter = value };
        }
        var images = new ImageFolderOptions();
        if (parse.GetValue(ImageSize) is { } size)
        {
            string[] parts = size.ToLowerInvariant().Split('x');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int width) || !int.TryParse(parts[1], out int height) || width is < 1 or > 4096 || height is < 1 or > 4096)
                throw new UsageException($"--image-size must be WIDTHxHEIGHT with sides 1–4096, got '{size}'.");
            images = images with { Width = width, Height = height };
        }
        return new DatasetLoadOptions
        {
            Csv = csv,
            Hdf5Dataset = parse.GetValue(Hdf5Dataset),
            Hdf5Labels = parse.GetValue(Hdf5Labels),
            LabelsPath = parse.GetValue(Labels),
            AllowNonFinite = parse.GetValue(AllowNaN),
            Images = images,
            Catalog = new DatasetCatalogOptions { DataDirectory = parse.GetValue(DataDirectory) },
        };
    }

    /// <summary>Loads the data set the parsed arguments name.</summary>
    public Dataset Load(ParseResult parse) => DatasetLoader.Load(parse.GetValue(Data)!, Options(parse));
}
