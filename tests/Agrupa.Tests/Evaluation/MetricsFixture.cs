using System.Text.Json;

namespace Agrupa.Tests.Evaluation;

/// <summary>The scikit-learn reference values written by Fixtures/metrics/generate.py.</summary>
internal static class MetricsFixture
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "metrics", "metrics.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static IEnumerable<JsonElement> LabelCases => Root.GetProperty("label_cases").EnumerateArray();

    public static IEnumerable<JsonElement> FeatureCases => Root.GetProperty("feature_cases").EnumerateArray();

    public static JsonElement LabelCase(string name) => LabelCases.Single(c => c.GetProperty("name").GetString() == name);

    public static JsonElement FeatureCase(string name) => FeatureCases.Single(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> LabelCaseNames() => Names(LabelCases);

    public static TheoryData<string> FeatureCaseNames() => Names(FeatureCases);

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();

    private static TheoryData<string> Names(IEnumerable<JsonElement> cases)
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in cases) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }
}
