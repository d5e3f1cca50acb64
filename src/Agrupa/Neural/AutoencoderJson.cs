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
}
