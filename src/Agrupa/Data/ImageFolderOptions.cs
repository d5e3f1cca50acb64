namespace Agrupa.Data;

/// <summary>Options for <see cref="ImageFolderReader"/>.</summary>
public sealed record ImageFolderOptions
{
    /// <summary>Width every image is resized to; null (default) takes the first image's width.</summary>
    public int? Width { get; init; }

    /// <summary>Height every image is resized to; null (default) takes the first image's height.</summary>
    public int? Height { get; init; }

    /// <summary>
    /// 1 (grey: luma 0.299 R + 0.587 G + 0.114 B, ITU-R BT.601) or 3 (RGB planes). Null (default): 1 when every
    /// pixel of every image has R = G = B, else 3.
    /// </summary>
    public int? Channels { get; init; }

    /// <summary>Largest image accepted, in pixels (width × height as declared by the file); larger ones are rejected
    /// before decoding. Default 40 megapixels.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Data set name; default: the folder's name.</summary>
    public string? Name { get; init; }
}
