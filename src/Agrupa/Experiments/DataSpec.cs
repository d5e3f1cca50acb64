using System.Text.Json;

namespace Agrupa.Experiments;

/// <summary>The data set of an experiment: a catalogue name or a file path, a scaling, an optional subsample.</summary>
public sealed record DataSpec
{
    /// <summary>Catalogue name (e.g. "digits", "fashion-mnist"); exactly one of <see cref="Name"/> and <see cref="Path"/> is set.</summary>
    public string? Name { get; init; }

    /// <summary>A data file (CSV with a label column); relative paths are relative to the spec file's folder.</summary>
    public string? Path { get; init; }

    /// <summary>Feature scaling applied before every pipeline: none, zscore, minmax or pixel (divide by 255).</summary>
    public DataScaling Scaling { get; init; } = DataScaling.None;

    /// <summary>Use a stratified random subset of this many rows (seeded by <see cref="SubsampleSeed"/>); null = all rows.</summary>
    public int? Subsample { get; init; }

    /// <summary>Seed of the subsample.</summary>
    public int SubsampleSeed { get; init; }

    /// <summary>What the data set is called in tables: the name, or the file name without extension.</summary>
    public string DisplayName => Name ?? System.IO.Path.GetFileNameWithoutExtension(Path ?? "data");

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Name is not null) writer.WriteString("name", Name);
        if (Path is not null) writer.WriteString("path", Path);
        writer.WriteString("scaling", Scaling.ToSpecName());
        if (Subsample is { } count)
        {
            writer.WriteNumber("subsample", count);
            writer.WriteNumber("subsampleSeed", SubsampleSeed);
        }
        writer.WriteEndObject();
    }
}
