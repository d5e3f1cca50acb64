using System.Text.Json;

namespace Agrupa.Tests.Reduction;

/// <summary>Reference values written by Fixtures/reduction/generate.py (scikit-learn and umap-learn), loaded once.</summary>
internal static class ReductionFixture
{
    private static readonly Lazy<JsonElement> Root = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "reduction", "reduction.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    });

    public static JsonElement Json => Root.Value;

    public static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static int[] Ints(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    /// <summary>The UCI digits (1797 × 64, integer pixels 0–16) with labels.</summary>
    public static Agrupa.Data.Dataset Digits()
    {
        var digits = Json.GetProperty("digits");
        return new Agrupa.Data.Dataset("digits", Floats(digits.GetProperty("x")), 64, Ints(digits.GetProperty("labels")));
    }
}
