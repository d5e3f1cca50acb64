using System.Text.Json.Nodes;

namespace Agrupa.Persistence;

/// <summary>
/// What a model file holds: a JSON header (model kind, options, data shape, scaler, versions) and named arrays
/// (network weights by state-dict name, cluster centres, …). See <see cref="ModelFile"/> for the byte layout.
/// </summary>
public sealed class ModelFileContent
{
    /// <summary>Creates the content; <paramref name="kind"/> is stored as the header's <c>"kind"</c>.</summary>
    public ModelFileContent(string kind, JsonObject? header = null, IReadOnlyDictionary<string, ModelArray>? arrays = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        Header = header ?? new JsonObject();
        Header["kind"] = kind;
        Arrays = arrays ?? new Dictionary<string, ModelArray>();
    }

    /// <summary>The model kind, e.g. "autoencoder", "kmeans", "training-checkpoint".</summary>
    public string Kind => (string)Header["kind"]!;

    /// <summary>The JSON header; the writer adds <c>"agrupaVersion"</c>.</summary>
    public JsonObject Header { get; }

    /// <summary>Named arrays, written in key order.</summary>
    public IReadOnlyDictionary<string, ModelArray> Arrays { get; }

    /// <summary>The array named <paramref name="name"/>; a missing one is a <see cref="Data.DataFormatException"/> against <paramref name="path"/>.</summary>
    public ModelArray Require(string name, string path) =>
        Arrays.TryGetValue(name, out var array) ? array : throw new Data.DataFormatException(path, $"the model file has no array named '{name}'.");
}
