namespace Agrupa.Data;

/// <summary>Where <see cref="DatasetCatalog"/> looks for the data sets that are not embedded.</summary>
public sealed record DatasetCatalogOptions
{
    /// <summary>Debian's install folder of package dataset-fashion-mnist.</summary>
    public const string DebianFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>
    /// Root folder holding one sub-folder per data set (<c>mnist/</c>, <c>usps/</c>, <c>cifar-10/</c>,
    /// <c>fashion-mnist/</c>). Default: the AGRUPA_DATA environment variable, else ~/.local/share/agrupa/datasets.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Folder with the four Fashion-MNIST IDX .gz files; default: the Debian folder, then DataDirectory/fashion-mnist.</summary>
    public string? FashionMnistDirectory { get; init; }

    /// <summary>Folder for the checksum cache; default: XDG_CACHE_HOME/agrupa or ~/.cache/agrupa.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Verify Fashion-MNIST's SHA-256 sums on first use (cached by path, size and modification time). Default true.</summary>
    public bool VerifyChecksums { get; init; } = true;

    internal string ResolveDataDirectory() =>
        DataDirectory ?? (Environment.GetEnvironmentVariable("AGRUPA_DATA") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "agrupa", "datasets"));

    internal string ResolveCacheDirectory() =>
        CacheDirectory ?? (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? Path.Combine(xdg, "agrupa")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "agrupa"));
}
