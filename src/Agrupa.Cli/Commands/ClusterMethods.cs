using System.CommandLine;
using Agrupa.Clustering;

namespace Agrupa.Cli.Commands;

/// <summary>
/// The clustering methods that <c>agrupa cluster</c> offers: one entry per method (name, description, the options it
/// reads, and how to build it from the parsed command line). A new method (hdbscan, agglomerative) adds its own options
/// and one entry to <see cref="All"/>; the command itself does not change.
/// </summary>
internal static class ClusterMethods
{
    public static readonly Option<int> Clusters = new("--clusters", "-k")
    {
        Description = "Number of clusters k (k-means, mini-batch k-means) or mixture components (gmm).",
        DefaultValueFactory = _ => 8,
    };

    public static readonly Option<int> Seed = new("--seed") { Description = "Random seed (same seed, same result).", DefaultValueFactory = _ => 0 };

    public static readonly Option<int> Restarts = new("--restarts")
    {
        Description = "Independent initialisations; the best is kept (k-means: lowest inertia; gmm: highest likelihood). Deep-clustering papers use 20 for k-means.",
        DefaultValueFactory = _ => 1,
    };

    public static readonly Option<int?> MaxIterations = new("--max-iterations")
    {
        Description = "Iteration limit (default: k-means 300 Lloyd iterations, mini-batch k-means 100 passes, gmm 100 EM iterations).",
    };

    public static readonly Option<string> Covariance = new("--covariance")
    {
        Description = "gmm covariance shape: full, diag, tied or spherical.",
        DefaultValueFactory = _ => "full",
    };

    public static readonly Option<int> BatchSize = new("--batch-size") { Description = "Rows per mini-batch (minibatch-kmeans).", DefaultValueFactory = _ => 1024 };

    static ClusterMethods()
    {
        Covariance.AcceptOnlyFromAmong("full", "diag", "tied", "spherical");
    }

    /// <summary>A method of <c>agrupa cluster</c>.</summary>
    public sealed record Method(string Name, string Description, Func<ParseResult, IClusterer> Create);

    /// <summary>Every method, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<Method> All { get; } =
    [
        new("kmeans", "k-means: Lloyd iterations from greedy k-means++ seeding (scikit-learn's KMeans).", parse =>
            new KMeans(new KMeansOptions
            {
                Clusters = parse.GetValue(Clusters), Seed = parse.GetValue(Seed), Restarts = parse.GetValue(Restarts),
                MaxIterations = parse.GetValue(MaxIterations) ?? 300,
            })),
        new("minibatch-kmeans", "mini-batch k-means (Sculley 2010; scikit-learn's MiniBatchKMeans): for data too large for k-means.", parse =>
            new MiniBatchKMeans(new MiniBatchKMeansOptions
            {
                Clusters = parse.GetValue(Clusters), Seed = parse.GetValue(Seed), Restarts = parse.GetValue(Restarts),
                MaxIterations = parse.GetValue(MaxIterations) ?? 100, BatchSize = parse.GetValue(BatchSize),
            })),
        new("gmm", "Gaussian mixture fitted by EM, k-means initialisation (scikit-learn's GaussianMixture).", parse =>
            new GaussianMixture(new GaussianMixtureOptions
            {
                Components = parse.GetValue(Clusters), Seed = parse.GetValue(Seed), Restarts = parse.GetValue(Restarts),
                MaxIterations = parse.GetValue(MaxIterations) ?? 100, Covariance = ParseCovariance(parse.GetValue(Covariance)!),
            })),
    ];

    /// <summary>The options every method may read (added once to the command).</summary>
    public static IEnumerable<Option> Options => [Clusters, Seed, Restarts, MaxIterations, Covariance, BatchSize];

    /// <summary>The method called <paramref name="name"/>; a usage error listing the methods otherwise.</summary>
    public static Method Find(string name) =>
        All.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"unknown method '{name}'; choose one of {string.Join(", ", All.Select(m => m.Name))}.");

    /// <summary>"full", "diag", "tied", "spherical" → <see cref="CovarianceType"/>.</summary>
    public static CovarianceType ParseCovariance(string text) => text.ToLowerInvariant() switch
    {
        "full" => CovarianceType.Full,
        "diag" or "diagonal" => CovarianceType.Diagonal,
        "tied" => CovarianceType.Tied,
        "spherical" => CovarianceType.Spherical,
        _ => throw new UsageException($"--covariance must be full, diag, tied or spherical, got '{text}'."),
    };
}
