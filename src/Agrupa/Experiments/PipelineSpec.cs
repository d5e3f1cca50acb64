using System.Text.Json;

namespace Agrupa.Experiments;

/// <summary>
/// One pipeline of an experiment: a method name as the registry knows it ("kmeans", "pca50+hdbscan", "umap2+kmeans",
/// "cae10+kmeans", "dcec"), with options for each stage.
/// </summary>
public sealed record PipelineSpec
{
    /// <summary>Method name: a clusterer, or a reducer and a clusterer joined by '+'. A reducer's trailing digits are its output dimension.</summary>
    public required string Name { get; init; }

    /// <summary>Name in tables and file names; default <see cref="Name"/>. Unique within an experiment.</summary>
    public string? Label { get; init; }

    /// <summary>Clusters asked of this pipeline; null = the experiment's value.</summary>
    public int? Clusters { get; init; }

    /// <summary>A named preset of the method (e.g. "quick", "paper"), interpreted by the method's factory; null = its defaults.</summary>
    public string? Preset { get; init; }

    /// <summary>Options of the reducer stage (a JSON object deserialised into the reducer's options record), or null.</summary>
    public JsonElement? ReducerOptions { get; init; }

    /// <summary>Options of the clusterer stage (a JSON object deserialised into the clusterer's options record), or null.</summary>
    public JsonElement? ClustererOptions { get; init; }

    /// <summary>The label used in tables: <see cref="Label"/> or <see cref="Name"/>.</summary>
    public string DisplayName => Label ?? Name;

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        if (Label is not null) writer.WriteString("label", Label);
        if (Clusters is { } clusters) writer.WriteNumber("clusters", clusters);
        if (Preset is not null) writer.WriteString("preset", Preset);
        if (ReducerOptions is { } reducer)
        {
            writer.WritePropertyName("reducer");
            reducer.WriteTo(writer);
        }
        if (ClustererOptions is { } clusterer)
        {
            writer.WritePropertyName("clusterer");
            clusterer.WriteTo(writer);
        }
        writer.WriteEndObject();
    }
}
