using System.Text.Json;
using System.Text.Json.Nodes;
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

    private static readonly JsonSerializerOptions Defaults = new()
    {
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// <paramref name="overrides"/> laid over a copy of <paramref name="defaults"/>: nested objects merge member by member
    /// (names case-insensitive), anything else replaces; so <c>{ "pretraining": { "epochs": 10 } }</c> keeps the
    /// preset's other pretraining settings. With the options' <paramref name="type"/> known, an array of option objects
    /// (N2D's <c>views</c>) replaces the default array, but each of its objects is laid over a new element's defaults,
    /// so <c>{ "views": [ { "pretraining": { "epochs": 20 } } ] }</c> keeps the view's own pretraining schedule.
    /// </summary>
    internal static JsonNode Merge(JsonNode defaults, JsonNode overrides, Type? type = null)
    {
        if (overrides is JsonArray items && OptionsElementType(type) is { } element)
            return new JsonArray(items.Select(item => item is JsonObject
                ? Merge(JsonSerializer.SerializeToNode(Activator.CreateInstance(element), element, Defaults)!, item, element)
                : item?.DeepClone()).ToArray());
        if (defaults is not JsonObject target || overrides is not JsonObject source) return overrides.DeepClone();
        var result = (JsonObject)target.DeepClone();
        foreach ((string name, JsonNode? value) in source)
        {
            string? existing = result.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            Type? member = Property(type, name)?.PropertyType;
            if (existing is not null && result[existing] is { } current && value is not null)
                result[existing] = Merge(current, value, member);
            else
            {
                if (existing is not null) result.Remove(existing);
                result[name] = value is null ? null : Merge(new JsonObject(), value, member);
            }
        }
        return result;
    }

    /// <summary>The element type of an array or list of option objects (a class with a parameterless constructor), else null.</summary>
    private static Type? OptionsElementType(Type? type) =>
        ElementType(type) is { IsClass: true } element && element != typeof(string) && element.GetConstructor(Type.EmptyTypes) is not null ? element : null;

    /// <summary>The element type of an array or of a one-argument generic collection ("views[0]": the list's element), else null.</summary>
    private static Type? ElementType(Type? type) =>
        type is null ? null : type.IsArray ? type.GetElementType() : type.IsGenericType && type.GetGenericArguments() is [var only] ? only : null;

    /// <summary>The options record's property named <paramref name="name"/> (case-insensitive, as the JSON names), or null.</summary>
    private static System.Reflection.PropertyInfo? Property(Type? type, string name) =>
        type?.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

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
        if (Options is not { } given) return defaults ?? new T();
        // Written out again, the element loses the comments and trailing commas its lenient reader (specs, --options) kept.
        JsonElement options = JsonSerializer.SerializeToElement(given);
        try
        {
            JsonNode baseline = defaults is null ? new JsonObject() : JsonSerializer.SerializeToNode(defaults, Defaults)!;
            JsonNode merged = Merge(baseline, JsonNode.Parse(options.GetRawText())!, typeof(T));
            return merged.Deserialize<T>(Strict) ?? defaults ?? new T();
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"{OptionsPath}: not valid options for {typeof(T).Name}: {Describe(exception, typeof(T))}", exception);
        }
    }

    /// <summary>
    /// The serializer's message without its line and byte position (they count in the rewritten text, not the user's),
    /// or, for a value that is not a name of the option's enum, the option and the names it accepts.
    /// </summary>
    private static string Describe(JsonException exception, Type options)
    {
        Type? type = options;
        var path = new List<string>();
        foreach (string segment in (exception.Path ?? "").TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            int bracket = segment.IndexOf('[');
            string name = bracket < 0 ? segment : segment[..bracket], index = bracket < 0 ? "" : segment[bracket..];
            System.Reflection.PropertyInfo? property = Property(type, name);
            type = property?.PropertyType;
            if (index.Length > 0) type = ElementType(type);
            path.Add((property is null ? name : JsonNamingPolicy.CamelCase.ConvertName(property.Name)) + index);
        }
        if (path.Count > 0 && type is not null && (Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } kind)
            return $"{string.Join('.', path)} must be one of {string.Join(", ", Enum.GetNames(kind))}.";
        int position = exception.Message.IndexOf(" | LineNumber:", StringComparison.Ordinal);
        return position < 0 ? exception.Message : exception.Message[..position] + ".";
    }
}
