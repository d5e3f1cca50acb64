using System.Globalization;
using Agrupa.Data;
using SkiaSharp;

namespace Agrupa.Plots;

/// <summary>
/// Grids of images (rows of a data set with an <see cref="ImageShape"/>): reconstructions of an autoencoder (originals
/// above, reconstructions below) and a sample of each cluster. Grey images are drawn black on white; pixel values are
/// mapped to grey levels by the minimum and maximum over all images shown, and enlarged without smoothing.
/// </summary>
public static class ImageGridPlot
{
    /// <summary>Originals above their reconstructions, <paramref name="count"/> pairs, at most 10 per row.</summary>
    public static byte[] Reconstructions(Dataset originals, Dataset reconstructions, string title, int count = 10)
    {
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(reconstructions);
        ImageShape shape = originals.ImageShape ?? throw new ArgumentException($"\"{originals.Name}\" has no image shape.", nameof(originals));
        if (reconstructions.Count != originals.Count || reconstructions.FeatureCount != originals.FeatureCount)
            throw new ArgumentException($"Reconstructions ({reconstructions.Count}×{reconstructions.FeatureCount}) must match the originals ({originals.Count}×{originals.FeatureCount}).", nameof(reconstructions));
        count = Math.Min(count, originals.Count);
        var rows = new List<(string, List<float[]>)>();
        for (int start = 0; start < count; start += 10)
        {
            int[] block = Enumerable.Range(start, Math.Min(10, count - start)).ToArray();
            rows.Add(("original", block.Select(i => originals.Row(i).ToArray()).ToList()));
            rows.Add(("reconstruction", block.Select(i => reconstructions.Row(i).ToArray()).ToList()));
        }
        return Draw(rows, shape, title);
    }

    /// <summary>
    /// Up to <paramref name="perCluster"/> random members (seeded) of every cluster, one row per cluster (largest first,
    /// noise last), each row labelled with the cluster's name and size.
    /// </summary>
    public static byte[] ClusterSamples(Dataset data, IReadOnlyList<int> labels, string title, int perCluster = 8, int seed = 0,
        IReadOnlyList<string>? clusterNames = null, int maxClusters = 30)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        ImageShape shape = data.ImageShape ?? throw new ArgumentException($"\"{data.Name}\" has no image shape.", nameof(data));
        if (labels.Count != data.Count) throw new ArgumentException($"Expected {data.Count} labels, got {labels.Count}.", nameof(labels));
        ArgumentOutOfRangeException.ThrowIfLessThan(perCluster, 1);
        var random = new Random(seed);
        var groups = Enumerable.Range(0, labels.Count).GroupBy(i => labels[i])
            .OrderBy(g => g.Key < 0 ? 1 : 0).ThenByDescending(g => g.Count()).ThenBy(g => g.Key).Take(maxClusters).ToArray();
        var rows = new List<(string, List<float[]>)>();
        foreach (var group in groups)
        {
            int[] members = group.ToArray();
            random.Shuffle(members);
            string name = group.Key < 0 ? "noise" : clusterNames is not null && group.Key < clusterNames.Count ? clusterNames[group.Key] : $"cluster {group.Key}";
            rows.Add(($"{name} (n = {members.Length.ToString("N0", CultureInfo.InvariantCulture)})",
                members.Take(perCluster).Order().Select(i => data.Row(i).ToArray()).ToList()));
        }
        return Draw(rows, shape, title);
    }

    private static byte[] Draw(List<(string Label, List<float[]> Images)> rows, ImageShape shape, string title)
    {
        const int gap = 4, margin = 12, titleHeight = 44;
        int scale = Math.Max(1, 64 / Math.Max(shape.Height, shape.Width));
        int cellWidth = shape.Width * scale, cellHeight = shape.Height * scale;
        int columns = Math.Max(1, rows.Max(r => r.Images.Count));
        using var labelFont = new SKFont(Typeface(), 15);
        using var titleFont = new SKFont(Typeface(bold: true), 20);
        float labelWidth = rows.Max(r => labelFont.MeasureText(r.Label)) + 16;
        int width = (int)Math.Ceiling(margin * 2 + labelWidth + columns * (cellWidth + gap));
        width = Math.Max(width, (int)titleFont.MeasureText(title) + 2 * margin);
        int height = titleHeight + margin + rows.Count * (cellHeight + gap);

        float low = float.PositiveInfinity, high = float.NegativeInfinity;
        foreach (var (_, images) in rows)
            foreach (float[] image in images)
                foreach (float v in image)
                    if (float.IsFinite(v)) { low = Math.Min(low, v); high = Math.Max(high, v); }
        if (!(high > low)) { low = 0; high = 1; }

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(title, margin, 30, SKTextAlign.Left, titleFont, ink);
        using var frame = new SKPaint { Color = new SKColor(180, 180, 180), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        for (int r = 0; r < rows.Count; r++)
        {
            float top = titleHeight + margin + r * (cellHeight + gap);
            canvas.DrawText(rows[r].Label, margin, top + cellHeight / 2f + 5, SKTextAlign.Left, labelFont, ink);
            for (int c = 0; c < rows[r].Images.Count; c++)
            {
                using SKBitmap bitmap = ToBitmap(rows[r].Images[c], shape, low, high);
                using SKImage image = SKImage.FromBitmap(bitmap);
                float left = margin + labelWidth + c * (cellWidth + gap);
                var target = new SKRect(left, top, left + cellWidth, top + cellHeight);
                canvas.DrawImage(image, target, new SKSamplingOptions(SKFilterMode.Nearest, SKMipmapMode.None));
                canvas.DrawRect(target, frame);
            }
        }
        using SKImage snapshot = surface.Snapshot();
        using SKData png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static SKBitmap ToBitmap(float[] pixels, ImageShape shape, float low, float high)
    {
        var bitmap = new SKBitmap(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        int plane = shape.Height * shape.Width;
        float range = high - low;
        byte Level(float v) => (byte)Math.Clamp((int)Math.Round((v - low) / range * 255), 0, 255);
        for (int y = 0; y < shape.Height; y++)
            for (int x = 0; x < shape.Width; x++)
            {
                int p = y * shape.Width + x;
                SKColor color;
                if (shape.Channels >= 3) color = new SKColor(Level(pixels[p]), Level(pixels[plane + p]), Level(pixels[2 * plane + p]));
                else
                {
                    byte ink = (byte)(255 - Level(pixels[p]));   // high values (ink) dark on white
                    color = new SKColor(ink, ink, ink);
                }
                bitmap.SetPixel(x, y, color);
            }
        return bitmap;
    }

    private static SKTypeface Typeface(bool bold = false) =>
        SKTypeface.FromFamilyName(PlotTheme.SansFont ?? "sans-serif", bold ? SKFontStyle.Bold : SKFontStyle.Normal) ?? SKTypeface.Default;
}
