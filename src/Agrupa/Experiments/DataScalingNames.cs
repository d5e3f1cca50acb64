namespace Agrupa.Experiments;

/// <summary>Names of <see cref="DataScaling"/> values in specs.</summary>
public static class DataScalingNames
{
    /// <summary>The names a spec may use, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } = ["none", "zscore", "minmax", "pixel"];

    /// <summary>The spec name of a scaling.</summary>
    public static string ToSpecName(this DataScaling scaling) => scaling switch
    {
        DataScaling.ZScore => "zscore",
        DataScaling.MinMax => "minmax",
        DataScaling.Pixel => "pixel",
        _ => "none",
    };

    /// <summary>Parses a spec name (case-insensitive); false when unknown.</summary>
    public static bool TryParse(string name, out DataScaling scaling)
    {
        scaling = name.ToLowerInvariant() switch
        {
            "none" => DataScaling.None,
            "zscore" or "z-score" => DataScaling.ZScore,
            "minmax" or "min-max" => DataScaling.MinMax,
            "pixel" => DataScaling.Pixel,
            _ => (DataScaling)(-1),
        };
        return (int)scaling >= 0;
    }
}
