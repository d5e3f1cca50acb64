using System.Text.Json.Nodes;

namespace Agrupa.Data.Scaling;

/// <summary>
/// A <see cref="FittedScaler"/> as the JSON object stored under "scaler" in model-file headers (docs/formats.md):
/// <c>{"kind": "min-max", "offsets": [...], "scales": [...]}</c>, one offset and one scale per feature, applied as
/// x' = (x − offset) / scale. Floats are written in their shortest round-trip form, so reading gives the same map.
/// </summary>
public static class ScalerJson
{
    /// <summary>The JSON object describing <paramref name="scaler"/>.</summary>
    public static JsonObject ToJson(FittedScaler scaler)
    {
        ArgumentNullException.ThrowIfNull(scaler);
        return new JsonObject
        {
            ["kind"] = scaler.Kind,
            ["offsets"] = new JsonArray(scaler.Offsets.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            ["scales"] = new JsonArray(scaler.Scales.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        };
    }

    /// <summary>The scaler described by <paramref name="json"/>; malformed content is a <see cref="DataFormatException"/> naming <paramref name="path"/>.</summary>
    public static FittedScaler FromJson(JsonObject json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            string kind = (string?)json["kind"] ?? throw new DataFormatException(path, "the scaler has no \"kind\".");
            float[] offsets = (json["offsets"] as JsonArray ?? throw new DataFormatException(path, "the scaler has no \"offsets\" array.")).Select(v => (float)v!).ToArray();
            float[] scales = (json["scales"] as JsonArray ?? throw new DataFormatException(path, "the scaler has no \"scales\" array.")).Select(v => (float)v!).ToArray();
            return new FittedScaler(kind, offsets, scales);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new DataFormatException(path, $"the stored scaler is invalid: {exception.Message}", inner: exception);
        }
    }
}
