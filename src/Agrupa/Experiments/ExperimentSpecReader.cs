using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agrupa.Data;

namespace Agrupa.Experiments;

/// <summary>
/// Reads and validates experiment specs (JSON; schema in <c>docs/experiments.md</c>). Every error is a
/// <see cref="DataFormatException"/> naming the file, the JSON path (e.g. <c>$.pipelines[2].name</c>) and what was expected.
/// </summary>
public static partial class ExperimentSpecReader
{
    /// <summary>Metric names a spec may ask for.</summary>
    public static IReadOnlyList<string> KnownMetrics { get; } =
        ["acc", "nmi", "ami", "ari", "silhouette", "homogeneity", "completeness", "v-measure", "purity", "calinski-harabasz", "davies-bouldin"];

    /// <summary>Metrics used when a spec names none: the four external indices of the deep clustering literature.</summary>
    public static IReadOnlyList<string> DefaultMetrics { get; } = ["acc", "nmi", "ami", "ari"];

    private static readonly string[] RootProperties = ["name", "description", "data", "clusters", "pipelines", "seeds", "metrics", "output", "plots"];
    private static readonly string[] DataProperties = ["name", "path", "scaling", "subsample", "subsampleSeed"];
    private static readonly string[] PipelineProperties = ["name", "label", "clusters", "preset", "reducer", "clusterer", "pretrained"];
    private static readonly string[] PlotProperties = ["view", "maxPoints", "samplesPerCluster"];

    /// <summary>Reads a spec file; a relative data path is resolved against the file's folder.</summary>
    public static ExperimentSpec ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = File.ReadAllText(path);
        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>
    /// Reads a file holding one spec (an object) or several (an array, e.g. one experiment on several data sets); a
    /// relative data path is resolved against the file's folder.
    /// </summary>
    public static IReadOnlyList<ExperimentSpec> ReadFileMany(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = File.ReadAllText(path);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        using JsonDocument document = Open(text, path);
        return document.RootElement.ValueKind == JsonValueKind.Array ? ParseMany(text, path, folder) : [Parse(text, path, folder)];
    }

    /// <summary>Parses one spec from JSON text; <paramref name="source"/> names it in errors.</summary>
    public static ExperimentSpec Parse(string json, string source = "spec", string? baseDirectory = null)
    {
        using JsonDocument document = Open(json, source);
        return ReadSpec(document.RootElement, "$", source, baseDirectory);
    }

    /// <summary>Parses a JSON array of specs (e.g. the default comparison of <c>agrupa run</c>).</summary>
    public static IReadOnlyList<ExperimentSpec> ParseMany(string json, string source = "specs", string? baseDirectory = null)
    {
        using JsonDocument document = Open(json, source);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
            throw Error(source, "$", "expected a non-empty array of experiment specs", root);
        return root.EnumerateArray().Select((element, index) => ReadSpec(element, $"$[{index}]", source, baseDirectory)).ToArray();
    }

    /// <summary>How specs (and <c>agrupa fit --options</c>) are read: comments and trailing commas allowed.</summary>
    internal static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static JsonDocument Open(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json, Lenient);
        }
        catch (JsonException exception)
        {
            throw new DataFormatException(source, $"not valid JSON: {exception.Message}",
                exception.LineNumber + 1, exception.BytePositionInLine + 1, inner: exception);
        }
    }

    private static ExperimentSpec ReadSpec(JsonElement root, string path, string source, string? baseDirectory)
    {
        RequireObject(root, path, source, RootProperties);
        string name = RequiredString(root, "name", path, source);
        if (!SafeName().IsMatch(name))
            throw Error(source, $"{path}.name", "expected a name of letters, digits, '-', '_' or '.' (it becomes a folder name)", root.GetProperty("name"));
        string? description = OptionalString(root, "description", path, source);
        DataSpec data = ReadData(Required(root, "data", path, source), $"{path}.data", source, baseDirectory);
        int? clusters = OptionalInt(root, "clusters", path, source, minimum: 1);
        IReadOnlyList<PipelineSpec> pipelines = ReadPipelines(Required(root, "pipelines", path, source), $"{path}.pipelines", source, baseDirectory);
        IReadOnlyList<int> seeds = ReadSeeds(Required(root, "seeds", path, source), $"{path}.seeds", source);
        IReadOnlyList<string> metrics = root.TryGetProperty("metrics", out JsonElement m) ? ReadMetrics(m, $"{path}.metrics", source) : DefaultMetrics;
        string? output = OptionalString(root, "output", path, source);
        PlotSpec plots = root.TryGetProperty("plots", out JsonElement p) ? ReadPlots(p, $"{path}.plots", source) : new PlotSpec();
        var spec = new ExperimentSpec
        {
            Name = name, Description = description, Data = data, Clusters = clusters, Pipelines = pipelines, Seeds = seeds,
            Metrics = metrics, Output = output, Plots = plots,
        };
        return spec with { SourceJson = spec.ToJson() };
    }

    private static DataSpec ReadData(JsonElement element, string path, string source, string? baseDirectory)
    {
        RequireObject(element, path, source, DataProperties);
        string? name = OptionalString(element, "name", path, source);
        string? file = OptionalString(element, "path", path, source);
        if ((name is null) == (file is null))
            throw Error(source, path, "expected exactly one of \"name\" (a catalogue data set such as \"digits\") and \"path\" (a data file)", element);
        if (file is not null && baseDirectory is not null && !Path.IsPathRooted(file)) file = Path.GetFullPath(Path.Combine(baseDirectory, file));
        var scaling = DataScaling.None;
        if (element.TryGetProperty("scaling", out JsonElement s))
        {
            if (s.ValueKind != JsonValueKind.String || !DataScalingNames.TryParse(s.GetString()!, out scaling))
                throw Error(source, $"{path}.scaling", $"expected one of {string.Join(", ", DataScalingNames.All.Select(n => $"\"{n}\""))}", s);
        }
        int? subsample = OptionalInt(element, "subsample", path, source, minimum: 2);
        int subsampleSeed = OptionalInt(element, "subsampleSeed", path, source, minimum: int.MinValue) ?? 0;
        return new DataSpec { Name = name, Path = file, Scaling = scaling, Subsample = subsample, SubsampleSeed = subsampleSeed };
    }

    private static IReadOnlyList<PipelineSpec> ReadPipelines(JsonElement element, string path, string source, string? baseDirectory)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
            throw Error(source, path, "expected a non-empty array of pipelines (names such as \"kmeans\" or objects {\"name\": \"umap2+kmeans\", ...})", element);
        var pipelines = new List<PipelineSpec>();
        var labels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int index = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            string itemPath = $"{path}[{index++}]";
            PipelineSpec pipeline = item.ValueKind == JsonValueKind.String
                ? new PipelineSpec { Name = CheckMethodName(item, itemPath, source) }
                : ReadPipeline(item, itemPath, source, baseDirectory);
            if (!labels.Add(pipeline.DisplayName))
                throw Error(source, itemPath, $"expected a unique label: \"{pipeline.DisplayName}\" is used twice (give one of them a \"label\")", item);
            pipelines.Add(pipeline);
        }
        return pipelines;
    }

    private static PipelineSpec ReadPipeline(JsonElement element, string path, string source, string? baseDirectory)
    {
        RequireObject(element, path, source, PipelineProperties);
        string name = CheckMethodName(Required(element, "name", path, source), $"{path}.name", source);
        string? label = OptionalString(element, "label", path, source);
        if (label is not null && (label.Length > 80 || label.Any(char.IsControl)))
            throw Error(source, $"{path}.label", "expected a label of at most 80 printable characters", element.GetProperty("label"));
        JsonElement? reducer = OptionalObject(element, "reducer", path, source);
        if (reducer is not null && !name.Contains('+'))
            throw Error(source, $"{path}.reducer", $"reducer options need a two-stage pipeline (\"reducer+clusterer\"), but \"{name}\" has one stage", element.GetProperty("reducer"));
        string? pretrained = OptionalString(element, "pretrained", path, source);
        if (pretrained is not null && name.Contains('+'))
            throw Error(source, $"{path}.pretrained", $"a pretrained autoencoder starts a deep clusterer, so it needs a one-stage pipeline, but \"{name}\" has two stages", element.GetProperty("pretrained"));
        if (pretrained is not null && baseDirectory is not null && !Path.IsPathRooted(pretrained)) pretrained = Path.GetFullPath(Path.Combine(baseDirectory, pretrained));
        return new PipelineSpec
        {
            Name = name, Label = label, Clusters = OptionalInt(element, "clusters", path, source, minimum: 1),
            Preset = OptionalString(element, "preset", path, source), ReducerOptions = reducer,
            ClustererOptions = OptionalObject(element, "clusterer", path, source), Pretrained = pretrained,
        };
    }

    private static string CheckMethodName(JsonElement element, string path, string source)
    {
        if (element.ValueKind != JsonValueKind.String || !MethodName().IsMatch(element.GetString()!))
            throw Error(source, path, "expected a method name: a clusterer (\"kmeans\") or reducer+clusterer (\"pca50+hdbscan\"), lower-case letters, digits, '-' and '_'", element);
        return element.GetString()!;
    }

    private static IReadOnlyList<int> ReadSeeds(JsonElement element, string path, string source)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (!element.TryGetInt32(out int count) || count < 1 || count > 1000)
                throw Error(source, path, "expected a seed count from 1 to 1000 (seeds 0, 1, …) or an array of integer seeds", element);
            return Enumerable.Range(0, count).ToArray();
        }
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
            throw Error(source, path, "expected a non-empty array of integer seeds or a seed count", element);
        var seeds = new List<int>();
        int index = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out int seed))
                throw Error(source, $"{path}[{index}]", "expected an integer seed", item);
            if (seeds.Contains(seed)) throw Error(source, $"{path}[{index}]", $"expected distinct seeds: {seed} is repeated", item);
            seeds.Add(seed);
            index++;
        }
        return seeds;
    }

    private static IReadOnlyList<string> ReadMetrics(JsonElement element, string path, string source)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
            throw Error(source, path, $"expected a non-empty array of metric names ({string.Join(", ", KnownMetrics)})", element);
        var metrics = new List<string>();
        int index = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            string? metric = item.ValueKind == JsonValueKind.String ? item.GetString()!.ToLowerInvariant() : null;
            if (metric is null || !KnownMetrics.Contains(metric))
                throw Error(source, $"{path}[{index}]", $"expected one of {string.Join(", ", KnownMetrics)}", item);
            if (metrics.Contains(metric)) throw Error(source, $"{path}[{index}]", $"expected distinct metrics: \"{metric}\" is repeated", item);
            metrics.Add(metric);
            index++;
        }
        return metrics;
    }

    private static PlotSpec ReadPlots(JsonElement element, string path, string source)
    {
        RequireObject(element, path, source, PlotProperties);
        var plots = new PlotSpec();
        if (element.TryGetProperty("view", out JsonElement view))
        {
            if (view.ValueKind == JsonValueKind.Null) plots = plots with { View = null };
            else if (view.ValueKind == JsonValueKind.String && MethodName().IsMatch(view.GetString()!) && !view.GetString()!.Contains('+'))
                plots = plots with { View = view.GetString() };
            else throw Error(source, $"{path}.view", "expected a reducer name with its dimension (e.g. \"pca2\", \"umap2\") or null", view);
        }
        return plots with
        {
            MaxPoints = OptionalInt(element, "maxPoints", path, source, minimum: 10) ?? plots.MaxPoints,
            SamplesPerCluster = OptionalInt(element, "samplesPerCluster", path, source, minimum: 0, maximum: 32) ?? plots.SamplesPerCluster,
        };
    }

    private static void RequireObject(JsonElement element, string path, string source, string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Error(source, path, "expected an object", element);
        foreach (JsonProperty property in element.EnumerateObject())
            if (!allowed.Contains(property.Name))
                throw Error(source, $"{path}.{property.Name}", $"unknown property; expected one of {string.Join(", ", allowed)}", property.Value);
    }

    private static JsonElement Required(JsonElement element, string name, string path, string source) =>
        element.TryGetProperty(name, out JsonElement value) ? value : throw Error(source, $"{path}.{name}", "is required but missing", null);

    private static string RequiredString(JsonElement element, string name, string path, string source)
    {
        JsonElement value = Required(element, name, path, source);
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            throw Error(source, $"{path}.{name}", "expected a non-empty string", value);
        return value.GetString()!;
    }

    private static string? OptionalString(JsonElement element, string name, string path, string source)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            throw Error(source, $"{path}.{name}", "expected a non-empty string", value);
        return value.GetString();
    }

    private static JsonElement? OptionalObject(JsonElement element, string name, string path, string source)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) throw Error(source, $"{path}.{name}", "expected an object of options", value);
        return value.Clone();
    }

    private static int? OptionalInt(JsonElement element, string name, string path, string source, int minimum, int maximum = int.MaxValue)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number) || number < minimum || number > maximum)
        {
            string range = maximum == int.MaxValue ? (minimum == int.MinValue ? "an integer" : $"an integer ≥ {minimum}") : $"an integer from {minimum} to {maximum}";
            throw Error(source, $"{path}.{name}", $"expected {range}", value);
        }
        return number;
    }

    private static DataFormatException Error(string source, string path, string expected, JsonElement? found)
    {
        string got = found is { } value ? $", got {Describe(value)}" : "";
        return new DataFormatException(source, $"{path}: {expected}{got}");
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => $"an array of {value.GetArrayLength().ToString(CultureInfo.InvariantCulture)}",
        _ => "an object",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SafeName();

    [GeneratedRegex("^[a-z][a-z0-9_-]*(\\+[a-z][a-z0-9_-]*)?$")]
    private static partial Regex MethodName();
}
