using System.CommandLine;
using Agrupa.Data;
using Agrupa.Neighbors;
using Agrupa.Reduction;
using Agrupa.Runtime;

namespace Agrupa.Cli.Commands;

/// <summary><c>agrupa reduce</c>: embeds a data file with PCA, UMAP or t-SNE and writes the embedding (.npy or .csv).</summary>
internal static class ReduceCommand
{
    /// <summary>Settings shared by every method; each method's factory reads what it needs.</summary>
    internal sealed record Settings(int Dimensions, int Neighbors, double MinDist, int Seed, int? Epochs, double Perplexity = 30);

    /// <summary>The reducers by name: adding a method is one entry here.</summary>
    internal static readonly IReadOnlyDictionary<string, Func<Settings, IReducer>> Methods = new Dictionary<string, Func<Settings, IReducer>>
    {
        ["pca"] = s => new Pca(new PcaOptions { Components = s.Dimensions, Seed = s.Seed }),
        ["umap"] = s => new Umap(new UmapOptions { Dimensions = s.Dimensions, NeighborCount = s.Neighbors, MinDist = s.MinDist, Seed = s.Seed, Epochs = s.Epochs }),
        ["tsne"] = s => new Tsne(new TsneOptions { Dimensions = s.Dimensions, Perplexity = s.Perplexity, Seed = s.Seed, Iterations = s.Epochs ?? new TsneOptions().Iterations }),
    };

    public static Command Create()
    {
        var data = new DataArgument(asOption: true, "Data to reduce (labels, if any, are kept beside the embedding, not used).");
        var method = new Option<string>("--method") { Description = $"Reduction method: {string.Join(", ", Methods.Keys)}.", DefaultValueFactory = _ => "umap" };
        method.AcceptOnlyFromAmong([.. Methods.Keys]);
        var dims = new Option<int>("--dims") { Description = "Output dimension.", DefaultValueFactory = _ => 2 };
        var neighbors = new Option<int>("--neighbors") { Description = "UMAP: neighbourhood size, the point itself included (umap-learn's n_neighbors).", DefaultValueFactory = _ => 15 };
        var minDist = new Option<double>("--min-dist") { Description = "UMAP: minimum distance between embedded points (umap-learn's min_dist).", DefaultValueFactory = _ => 0.1 };
        var epochs = new Option<int?>("--epochs") { Description = "UMAP: SGD epochs (default 500 up to 10,000 rows, else 200); t-SNE: gradient-descent iterations (default 1000)." };
        var perplexity = new Option<double>("--perplexity") { Description = "t-SNE: perplexity of the Gaussian neighbourhoods (sklearn's default).", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same embedding.", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo>("--out") { Description = "Output file: .npy (float32, n×dims) or .csv (header dim_1..dim_N, plus 'label' when the input had labels). Written atomically.", Required = true };
        var command = new Command("reduce", "Reduce the dimension of a data set (PCA, UMAP or t-SNE) and write the embedding.")
        {
            method, dims, neighbors, minDist, epochs, perplexity, seed, output,
        };
        data.AddTo(command);
        command.SetAction(CancellableAction.Of((parse, cancellationToken) =>
        {
            TextWriter console = parse.InvocationConfiguration.Output;
            FileInfo target = parse.GetValue(output)!;
            string name = parse.GetValue(method)!;
            int dimensions = parse.GetValue(dims);
            if (dimensions < 1) throw new UsageException($"--dims must be at least 1, got {dimensions}.");
            if (parse.GetValue(neighbors) < 2) throw new UsageException($"--neighbors must be at least 2, got {parse.GetValue(neighbors)}.");
            EmbeddingFile.CheckExtension(target.FullName);
            if (!(parse.GetValue(perplexity) > 0)) throw new UsageException($"--perplexity must be positive, got {parse.GetValue(perplexity)}.");
            if (parse.GetValue(epochs) is < 1) throw new UsageException($"--epochs must be at least 1, got {parse.GetValue(epochs)}.");
            var settings = new Settings(dimensions, parse.GetValue(neighbors), parse.GetValue(minDist), parse.GetValue(seed), parse.GetValue(epochs), parse.GetValue(perplexity));
            IReducer reducer = Methods[name](settings);
            Dataset dataset = data.Load(parse);
            if (dimensions > dataset.FeatureCount && name == "pca")
                throw new UsageException($"--dims {dimensions} is more than the {dataset.FeatureCount} features of the data.");
            console.WriteLine($"{reducer.Name}: {dataset.Count} rows × {dataset.FeatureCount} features → {dimensions} dimensions");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            TextWriter error = parse.InvocationConfiguration.Error ?? Console.Error;
            IReductionModel model = ConsoleProgress.Run(error, progress => reducer.Fit(dataset, progress, cancellationToken));
            EmbeddingFile.Write(model.Embedding, target.FullName);
            console.WriteLine($"wrote {target.FullName} ({model.Embedding.Count}×{model.Embedding.FeatureCount}) in {clock.Elapsed.TotalSeconds:F1} s");
            return ExitCodes.Success;
        }));
        return command;
    }
}
