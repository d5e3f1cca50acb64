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

    /// <summary>
    /// Copies <paramref name="part"/> (another model's content) into a composite model's <paramref name="header"/> and
    /// <paramref name="arrays"/>: its header under <paramref name="name"/>, its arrays prefixed "<paramref name="name"/>.".
    /// <see cref="Part"/> takes it out again.
    /// </summary>
    internal static void Nest(JsonObject header, IDictionary<string, ModelArray> arrays, string name, ModelFileContent part)
    {
        header[name] = part.Header.DeepClone();
        foreach (var (key, array) in part.Arrays) arrays[name + "." + key] = array;
    }

    /// <summary>
    /// The content nested under <paramref name="name"/> by <see cref="Nest"/>; a missing part is a
    /// <see cref="Data.DataFormatException"/> against <paramref name="path"/>.
    /// </summary>
    internal ModelFileContent Part(string name, string path)
    {
        if (Header[name] is not JsonObject header || header["kind"] is not JsonValue kind || kind.GetValueKind() != System.Text.Json.JsonValueKind.String)
            throw new Data.DataFormatException(path, $"the model file has no '{name}' part.");
        string prefix = name + ".";
        var arrays = Arrays.Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(a => a.Key[prefix.Length..], a => a.Value);
        return new ModelFileContent((string)kind!, (JsonObject)header.DeepClone(), arrays);
    }

    /// <summary>The array named <paramref name="name"/>; a missing one is a <see cref="Data.DataFormatException"/> against <paramref name="path"/>.</summary>
    public ModelArray Require(string name, string path) =>
        Arrays.TryGetValue(name, out var array) ? array : throw new Data.DataFormatException(path, $"the model file has no array named '{name}'.");
}
