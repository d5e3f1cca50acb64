using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agrupa.Experiments;

/// <summary>What a method factory of <see cref="MethodRegistry"/> gets to build one stage of one run.</summary>
public sealed record MethodContext
{
    /// <summary>The run's seed: every random component of the stage must use it.</summary>
    public required int Seed { get; init; }

    /// <summary>Clusters asked of the pipeline (the experiment's, the pipeline's override, or the class count).</summary>
    public required int Clusters { get; init; }

    /// <summary>The reducer's output dimension from the name ("pca50" → 50), or null when the name has none.</summary>
    public int? Dimensions { get; init; }

    /// <summary>The pipeline's preset name ("quick", "paper"), or null for the method's defaults.</summary>
    public string? Preset { get; init; }

    /// <summary>The stage's options object from the spec, or null.</summary>
    public JsonElement? Options { get; init; }

    /// <summary>Where the options came from, for error messages (e.g. "$.pipelines[2].clusterer").</summary>
    public string OptionsPath { get; init; } = "options";

    private static readonly JsonSerializerOptions Strict = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// The stage's options deserialised into <typeparamref name="T"/> (an options record with <c>init</c> properties;
    /// names case-insensitive), or <paramref name="defaults"/> / a new <typeparamref name="T"/> when the spec gives none.
    /// An unknown or mistyped option is an <see cref="ArgumentException"/> naming <see cref="OptionsPath"/>.
    /// </summary>
    public T OptionsAs<T>(T? defaults = null) where T : class, new()
    {
        if (Options is not { } options) return defaults ?? new T();
        try
        {
            return options.Deserialize<T>(Strict) ?? defaults ?? new T();
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"{OptionsPath}: not valid options for {typeof(T).Name}: {exception.Message}", exception);
        }
    }
}
