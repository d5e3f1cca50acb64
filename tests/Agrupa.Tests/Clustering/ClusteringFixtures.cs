using System.Text.Json;
using Agrupa.Data;

namespace Agrupa.Tests.Clustering;

/// <summary>Reads the scikit-learn reference files written by Fixtures/clustering/generate_kmeans_gmm.py.</summary>
internal static class ClusteringFixtures
{
    public static IEnumerable<JsonElement> Cases(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "clustering", file);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    }

    public static JsonElement Case(string file, string name) => Cases(file).Single(c => c.GetProperty("name").GetString() == name);

    public static Dataset Data(JsonElement item) =>
        new(item.GetProperty("name").GetString()!, Floats(item.GetProperty("data")), item.GetProperty("features").GetInt32());

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    /// <summary>Case names of a fixture file, for [MemberData].</summary>
    public static TheoryData<string> Names(string file)
    {
        var data = new TheoryData<string>();
        foreach (JsonElement item in Cases(file)) data.Add(item.GetProperty("name").GetString()!);
        return data;
    }
}
