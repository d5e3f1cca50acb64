using SkiaSharp;

namespace Agrupa.Data;

/// <summary>
/// Reads a folder of PNG/JPEG images (decoded by SkiaSharp) into one data set of images C×H×W with raw values
/// 0–255, all resized (bilinear with mipmaps) to one size. When the folder has sub-folders holding images, each
/// sub-folder is a class (names sorted ordinally → label ids) and images directly in the root are not allowed;
/// otherwise the root's images are read without labels. Files are read in ordinal path order.
/// An undecodable or truncated image throws a <see cref="DataFormatException"/> naming that image.
/// </summary>
public static class ImageFolderReader
{
    /// <summary>File extensions read (case-insensitive).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg"];

    /// <summary>True when <paramref name="folder"/> or one of its direct sub-folders holds an image file.</summary>
    public static bool HasImages(string folder) =>
        Directory.Exists(folder) && (ImagesIn(folder).Any() || Directory.EnumerateDirectories(folder).Any(d => ImagesIn(d).Any()));

    /// <summary>Reads the folder.</summary>
    public static Dataset Read(string folder, ImageFolderOptions? options = null)
    {
        options ??= new ImageFolderOptions();
        Validate(options);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"No such folder: {folder}");
        var rootImages = ImagesIn(folder).ToList();
        var classFolders = Directory.EnumerateDirectories(folder).Where(d => ImagesIn(d).Any()).Order(StringComparer.Ordinal).ToList();
        if (classFolders.Count > 0 && rootImages.Count > 0)
            throw new DataFormatException(folder, $"holds both images ({Path.GetFileName(rootImages[0])}) and class sub-folders ({Path.GetFileName(classFolders[0])}); put every image in a class sub-folder, or none.");
        var files = new List<(string Path, int Label)>();
        if (classFolders.Count > 0)
            for (int c = 0; c < classFolders.Count; c++) files.AddRange(ImagesIn(classFolders[c]).Select(f => (f, c)));
        else files.AddRange(rootImages.Select(f => (f, -1)));
        if (files.Count == 0)
            throw new DataFormatException(folder, $"holds no images ({string.Join(", ", Extensions)}), directly or in sub-folders.");

        int? width = options.Width, height = options.Height;
        var planes = new List<byte[]>(files.Count);
        bool allGrey = true;
        foreach ((string file, _) in files)
        {
            byte[] rgb = Decode(file, options, ref width, ref height, out bool grey);
            allGrey &= grey;
            planes.Add(rgb);
        }
        int channels = options.Channels ?? (allGrey ? 1 : 3);
        int pixels = width!.Value * height!.Value;
        if ((long)files.Count * pixels * channels > ReaderChecks.MaxValues)
            throw new DataFormatException(folder, $"{files.Count:N0} images of {channels}×{height}×{width} are more values than one data set can hold; choose a smaller size.");
        int featureCount = channels * pixels;
        var features = new float[(long)files.Count * featureCount];
        for (int i = 0; i < planes.Count; i++)
        {
            byte[] rgb = planes[i];
            long row = (long)i * featureCount;
            for (int p = 0; p < pixels; p++)
            {
                if (channels == 1)
                    features[row + p] = MathF.Round(0.299f * rgb[p] + 0.587f * rgb[pixels + p] + 0.114f * rgb[2 * pixels + p]);
                else
                    for (int c = 0; c < 3; c++) features[row + c * pixels + p] = rgb[c * pixels + p];
            }
        }
        int[]? labels = classFolders.Count > 0 ? files.Select(f => f.Label).ToArray() : null;
        IReadOnlyList<string>? classNames = classFolders.Count > 0 ? classFolders.Select(d => Path.GetFileName(d)!).ToArray() : null;
        string name = options.Name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        return new Dataset(name, features, featureCount, labels, classNames, new ImageShape(channels, height.Value, width.Value));
    }

    private static void Validate(ImageFolderOptions options)
    {
        if (options.Width is < 1 or > 4096) throw new ArgumentOutOfRangeException(nameof(options), options.Width, "Width must be in [1, 4096].");
        if (options.Height is < 1 or > 4096) throw new ArgumentOutOfRangeException(nameof(options), options.Height, "Height must be in [1, 4096].");
        if (options.Channels is not (null or 1 or 3)) throw new ArgumentOutOfRangeException(nameof(options), options.Channels, "Channels must be 1 or 3.");
        if (options.MaxPixels < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxPixels, "MaxPixels must be at least 1.");
    }

    private static IEnumerable<string> ImagesIn(string folder) =>
        Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    /// <summary>Decodes one image, resizes it and returns its R, G and B planes (each height × width).</summary>
    private static byte[] Decode(string file, ImageFolderOptions options, ref int? width, ref int? height, out bool grey)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length == 0) throw new DataFormatException(file, "the image file is empty.", offset: 0);
        using var managed = new SKManagedStream(stream);
        using SKCodec? codec = SKCodec.Create(managed, out SKCodecResult result);
        if (codec is null)
            throw new DataFormatException(file, $"not a decodable PNG/JPEG image ({result}).", offset: 0);
        SKImageInfo info = codec.Info;
        if (info.Width < 1 || info.Height < 1 || (long)info.Width * info.Height > options.MaxPixels)
            throw new DataFormatException(file, $"declared size {info.Width}×{info.Height} is outside 1 to {options.MaxPixels:N0} pixels.", offset: 0);
        var full = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(full);
        SKCodecResult decoded = codec.GetPixels(full, bitmap.GetPixels());
        if (decoded != SKCodecResult.Success)
            throw new DataFormatException(file, $"the image could not be decoded completely ({decoded}): truncated or corrupt.");
        width ??= info.Width;
        height ??= info.Height;
        SKBitmap source = bitmap;
        SKBitmap? resized = null;
        if (info.Width != width || info.Height != height)
        {
            resized = bitmap.Resize(new SKImageInfo(width.Value, height.Value, SKColorType.Rgba8888, SKAlphaType.Unpremul),
                new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            source = resized ?? throw new DataFormatException(file, $"could not resize {info.Width}×{info.Height} to {width}×{height}.");
        }
        try
        {
            ReadOnlySpan<byte> rgba = source.GetPixelSpan();
            int pixels = width.Value * height.Value;
            var planes = new byte[3 * pixels];
            grey = true;
            for (int p = 0; p < pixels; p++)
            {
                byte r = rgba[4 * p], g = rgba[4 * p + 1], b = rgba[4 * p + 2];
                planes[p] = r;
                planes[pixels + p] = g;
                planes[2 * pixels + p] = b;
                grey &= r == g && g == b;
            }
            return planes;
        }
        finally
        {
            resized?.Dispose();
        }
    }
}
