namespace Agrupa.Data;

/// <summary>Options for <see cref="DatasetLoader"/>; each applies only to the formats it names.</summary>
public sealed record DatasetLoadOptions
{
    /// <summary>CSV options (delimiter, header, label column).</summary>
    public CsvReadOptions Csv { get; init; } = new();

    /// <summary>Path of the features inside an HDF5 file (e.g. "/train/data"); required for .h5/.hdf5 files.</summary>
    public string? Hdf5Dataset { get; init; }

    /// <summary>Path of the labels inside an HDF5 file; null looks for a sibling named target/labels/y.</summary>
    public string? Hdf5Labels { get; init; }

    /// <summary>A separate labels file (.npy or IDX) for NPY/IDX features, one label per row.</summary>
    public string? LabelsPath { get; init; }

    /// <summary>Keep NaN/±∞ in features instead of rejecting the file (all formats). Default false.</summary>
    public bool AllowNonFinite { get; init; }

    /// <summary>Options for folders of images.</summary>
    public ImageFolderOptions Images { get; init; } = new();

    /// <summary>Where catalogue names are looked up.</summary>
    public DatasetCatalogOptions Catalog { get; init; } = new();
}
