using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agrupa.Neural;

/// <summary>JSON settings for network descriptions in model files (enums as names, camelCase).</summary>
internal static class AutoencoderJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        MaxDepth = 16,
    };

    /// <summary>As <see cref="Options"/> for reading options a user wrote: names case-insensitive, unknown names and mistyped numbers refused.</summary>
    public static readonly JsonSerializerOptions Strict = new(Options)
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };
}
