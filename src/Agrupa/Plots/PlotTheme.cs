using ScottPlot;

namespace Agrupa.Plots;

/// <summary>
/// The look shared by every Agrupa figure: font sizes readable at 100 % zoom in a 1000-pixel-wide figure, a
/// colour-blind-friendly categorical palette (Tableau 10, then distinct hues), and PNG encoding.
/// </summary>
internal static class PlotTheme
{
    public const float TitleSize = 20;
    public const float AxisLabelSize = 16;
    public const float TickLabelSize = 13;
    public const float LegendSize = 13;

    private static readonly Color[] Tableau10 = Color.FromHex(
        ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]);

    /// <summary>Colour of noise points (label -1).</summary>
    public static Color Noise { get; } = Color.FromHex("#c8c8c8");

    /// <summary>Colour of category <paramref name="index"/> out of <paramref name="count"/>.</summary>
    public static Color Category(int index, int count)
    {
        if (count <= Tableau10.Length) return Tableau10[index % Tableau10.Length];
        // Evenly spaced hues with alternating lightness so neighbours differ.
        float hue = (float)index / count;
        float lightness = index % 2 == 0 ? 0.45f : 0.62f;
        return Color.FromHSL(hue, 0.65f, lightness);
    }

    /// <summary>A sans-serif family present on this machine (DejaVu Sans, Liberation Sans, Lato), or null for ScottPlot's choice.</summary>
    public static string? SansFont { get; } = new[] { "DejaVu Sans", "Liberation Sans", "Lato", "Arial" }
        .FirstOrDefault(name => SkiaSharp.SKFontManager.Default.GetFontFamilies().Contains(name));

    /// <summary>
    /// The title's font size: <see cref="TitleSize"/> up to 60 characters, then shrinking with the length (not below 12)
    /// so that long run names do not run off the image.
    /// </summary>
    public static float TitleSizeFor(string title) =>
        title.Length <= 60 ? TitleSize : Math.Max(12f, TitleSize * 60f / title.Length);

    /// <summary>A plot with the shared fonts, title and axis labels.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (SansFont is { } font) plot.Font.Set(font);
        plot.Title(title, TitleSizeFor(title));
        plot.XLabel(xLabel, AxisLabelSize);
        plot.YLabel(yLabel, AxisLabelSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickLabelSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickLabelSize;
        plot.Legend.FontSize = LegendSize;
        return plot;
    }

    /// <summary>Renders <paramref name="plot"/> to PNG bytes of the given size.</summary>
    public static byte[] Png(Plot plot, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>A "name (n = 123)" legend label.</summary>
    public static string WithCount(string name, int count) => $"{name} (n = {count:N0})";
}
