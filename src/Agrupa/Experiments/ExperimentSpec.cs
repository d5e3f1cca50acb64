using System.Text.Json;

namespace Agrupa.Experiments;

/// <summary>
/// An experiment: one data set, a list of pipelines, seeds and metrics. Every pipeline runs once per seed.
/// Read from JSON by <see cref="ExperimentSpecReader"/>; the schema is documented in <c>docs/experiments.md</c>.
/// </summary>
public sealed record ExperimentSpec
{
    /// <summary>Short name used for the report title and file names (letters, digits, '-', '_', '.').</summary>
    public required string Name { get; init; }

    /// <summary>Free text shown at the top of the report.</summary>
    public string? Description { get; init; }

    /// <summary>The data set and its scaling.</summary>
    public required DataSpec Data { get; init; }

    /// <summary>Clusters asked of every pipeline, unless a pipeline overrides it; null = the number of classes.</summary>
    public int? Clusters { get; init; }

    /// <summary>Pipelines in report order; labels are unique.</summary>
    public required IReadOnlyList<PipelineSpec> Pipelines { get; init; }

    /// <summary>Seeds; every pipeline runs once per seed.</summary>
    public required IReadOnlyList<int> Seeds { get; init; }

    /// <summary>Metric names in table order (e.g. "acc", "nmi", "ami", "ari", "silhouette").</summary>
    public required IReadOnlyList<string> Metrics { get; init; }

    /// <summary>Output folder (relative paths are relative to the working directory); null = "./&lt;name&gt;".</summary>
    public string? Output { get; init; }

    /// <summary>Plot settings for the report.</summary>
    public PlotSpec Plots { get; init; } = new();

    /// <summary>The JSON text the spec was read from (canonical, indented), shown in the report.</summary>
    public string? SourceJson { get; init; }

    /// <summary>The spec as indented JSON, in the schema <see cref="ExperimentSpecReader"/> reads.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("name", Name);
            if (Description is not null) writer.WriteString("description", Description);
            writer.WritePropertyName("data");
            Data.WriteTo(writer);
            if (Clusters is { } clusters) writer.WriteNumber("clusters", clusters);
            writer.WriteStartArray("pipelines");
            foreach (PipelineSpec pipeline in Pipelines) pipeline.WriteTo(writer);
            writer.WriteEndArray();
            writer.WriteStartArray("seeds");
            foreach (int seed in Seeds) writer.WriteNumberValue(seed);
            writer.WriteEndArray();
            writer.WriteStartArray("metrics");
            foreach (string metric in Metrics) writer.WriteStringValue(metric);
            writer.WriteEndArray();
            if (Output is not null) writer.WriteString("output", Output);
            writer.WritePropertyName("plots");
            Plots.WriteTo(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
