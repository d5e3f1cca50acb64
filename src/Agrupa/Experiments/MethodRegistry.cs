using System.Globalization;
using System.Text.RegularExpressions;
using Agrupa.Clustering;
using Agrupa.Reduction;

namespace Agrupa.Experiments;

/// <summary>
/// Maps pipeline names to estimator factories: clusterers ("kmeans", "gmm", "hdbscan", "dcec") and reducers ("pca", "umap",
/// "tsne", "cae"). A name "reducerN+clusterer" builds a two-stage pipeline whose reducer has N output dimensions
/// ("pca50+hdbscan", "umap2+kmeans"); a reducer registered under a name with digits ("n2d") is matched whole first.
/// </summary>
public sealed partial class MethodRegistry
{
    private readonly Dictionary<string, (Func<MethodContext, IClusterer> Factory, string Description)> _clusterers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Func<MethodContext, IReducer> Factory, string Description)> _reducers = new(StringComparer.Ordinal);

    /// <summary>Registers a clusterer under <paramref name="name"/> (lower case); returns this registry for chaining.</summary>
    public MethodRegistry AddClusterer(string name, Func<MethodContext, IClusterer> factory, string description = "")
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_clusterers.TryAdd(name, (factory, description))) throw new ArgumentException($"A clusterer named \"{name}\" is already registered.", nameof(name));
        return this;
    }

    /// <summary>Registers a reducer under <paramref name="name"/> (lower case, no trailing digits unless the name is always used whole).</summary>
    public MethodRegistry AddReducer(string name, Func<MethodContext, IReducer> factory, string description = "")
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_reducers.TryAdd(name, (factory, description))) throw new ArgumentException($"A reducer named \"{name}\" is already registered.", nameof(name));
        return this;
    }

    /// <summary>Registered clusterer names with their descriptions, sorted.</summary>
    public IReadOnlyList<(string Name, string Description)> Clusterers => _clusterers.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.Description)).ToArray();

    /// <summary>Registered reducer names with their descriptions, sorted.</summary>
    public IReadOnlyList<(string Name, string Description)> Reducers => _reducers.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.Description)).ToArray();

    /// <summary>Whether <paramref name="name"/> ("kmeans", "umap2+kmeans") can be built; <paramref name="reason"/> says why not.</summary>
    public bool CanBuild(string name, out string reason)
    {
        string[] stages = name.Split('+');
        if (stages.Length > 2) { reason = $"\"{name}\" has {stages.Length} stages; a pipeline is a clusterer or reducer+clusterer"; return false; }
        string clusterer = stages[^1];
        if (!_clusterers.ContainsKey(clusterer))
        {
            reason = $"no clusterer named \"{clusterer}\" is registered (known: {Known(_clusterers.Keys)})";
            return false;
        }
        if (stages.Length == 2 && ResolveReducer(stages[0]) is null)
        {
            reason = $"no reducer matches \"{stages[0]}\" (known: {Known(_reducers.Keys)}; add the output dimension, e.g. \"pca50\")";
            return false;
        }
        reason = "";
        return true;
    }

    /// <summary>Builds the estimators of one run of <paramref name="pipeline"/>.</summary>
    /// <param name="pipeline">The pipeline spec.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="clusters">Clusters asked (already resolved from the pipeline, the experiment or the class count).</param>
    /// <param name="specPath">JSON path of the pipeline in the spec, for error messages.</param>
    /// <exception cref="ArgumentException">The name is not registered, or the options do not fit the method.</exception>
    public Pipeline Build(PipelineSpec pipeline, int seed, int clusters, string specPath = "pipeline")
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (!CanBuild(pipeline.Name, out string reason)) throw new ArgumentException($"{specPath}.name: {reason}.");
        string[] stages = pipeline.Name.Split('+');
        IReducer? reducer = null;
        if (stages.Length == 2)
        {
            (string reducerName, int? dimensions) = ResolveReducer(stages[0])!.Value;
            var context = new MethodContext
            {
                Seed = seed, Clusters = clusters, Dimensions = dimensions, Preset = pipeline.Preset,
                Options = pipeline.ReducerOptions, OptionsPath = $"{specPath}.reducer",
            };
            reducer = _reducers[reducerName].Factory(context);
        }
        var clustererContext = new MethodContext
        {
            Seed = seed, Clusters = clusters, Preset = pipeline.Preset, Options = pipeline.ClustererOptions, OptionsPath = $"{specPath}.clusterer",
        };
        IClusterer clusterer = _clusterers[stages[^1]].Factory(clustererContext);
        return new Pipeline(pipeline.DisplayName, reducer, clusterer);
    }

    /// <summary>Builds a reducer alone from a name with its dimension ("pca2"), e.g. the report's shared 2-D view.</summary>
    public IReducer BuildReducer(string name, int seed, int clusters)
    {
        if (ResolveReducer(name) is not { } resolved)
            throw new ArgumentException($"No reducer matches \"{name}\" (known: {Known(_reducers.Keys)}).", nameof(name));
        return _reducers[resolved.Name].Factory(new MethodContext { Seed = seed, Clusters = clusters, Dimensions = resolved.Dimensions });
    }

    /// <summary>Whether a reducer matches <paramref name="name"/> (e.g. "pca2").</summary>
    public bool HasReducer(string name) => ResolveReducer(name) is not null;

    private (string Name, int? Dimensions)? ResolveReducer(string stage)
    {
        if (_reducers.ContainsKey(stage)) return (stage, null);
        Match match = TrailingDigits().Match(stage);
        if (!match.Success || !_reducers.ContainsKey(match.Groups[1].Value)) return null;
        if (!int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int dimensions) || dimensions < 1) return null;
        return (match.Groups[1].Value, dimensions);
    }

    private static string Known(IEnumerable<string> names)
    {
        string list = string.Join(", ", names.Order());
        return list.Length == 0 ? "none registered" : list;
    }

    private static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!StageName().IsMatch(name)) throw new ArgumentException($"Method names are lower-case letters, digits, '-' and '_', starting with a letter; got \"{name}\".", nameof(name));
    }

    [GeneratedRegex("^([a-z][a-z0-9_-]*?)([0-9]+)$")]
    private static partial Regex TrailingDigits();

    [GeneratedRegex("^[a-z][a-z0-9_-]*$")]
    private static partial Regex StageName();
}
