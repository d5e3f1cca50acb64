namespace Agrupa.Experiments;

/// <summary>
/// The registry of every method Agrupa ships, as the experiment runner and the CLI see them. Each method is one line
/// here: a pipeline name (see <see cref="MethodRegistry"/>), a factory that turns the spec's options, seed and cluster count
/// into an estimator, and a one-line description shown by <c>agrupa compare --help</c>.
/// </summary>
public static class BuiltInMethods
{
    /// <summary>A new registry holding every built-in method.</summary>
    public static MethodRegistry Create()
    {
        var registry = new MethodRegistry();
        // Methods are registered here as their branches are merged, one line each, e.g.
        // registry.AddClusterer("kmeans", c => new KMeans(c.OptionsAs<KMeansOptions>() with { Clusters = c.Clusters, Seed = c.Seed }), "k-means++ and Lloyd");
        return registry;
    }
}
