using System.Globalization;
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

    /// <summary>
    /// An autoencoder model file (<c>agrupa pretrain --out</c>) that the pipeline's deep clusterer starts from instead
    /// of pretraining — how a paper-length pretraining, run in resumable pieces, enters a table. "{seed}" in the path
    /// stands for the run's seed (one file per seed); a relative path is resolved against the spec file's folder.
    /// Null: the clusterer pretrains as its preset says.
    /// </summary>
    public string? Pretrained { get; init; }

    /// <summary><see cref="Pretrained"/> for <paramref name="seed"/>, or null.</summary>
    public string? PretrainedPath(int seed) => Pretrained?.Replace("{seed}", seed.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>The label used in tables: <see cref="Label"/> or <see cref="Name"/>.</summary>
    public string DisplayName => Label ?? Name;

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        if (Label is not null) writer.WriteString("label", Label);
        if (Clusters is { } clusters) writer.WriteNumber("clusters", clusters);
        if (Preset is not null) writer.WriteString("preset", Preset);
        if (Pretrained is not null) writer.WriteString("pretrained", Pretrained);
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
