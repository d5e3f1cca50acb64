using System.CommandLine;
using Agrupa.Data;
using Agrupa.Neighbors;
using Agrupa.Reduction;
using Agrupa.Runtime;

namespace Agrupa.Cli.Commands;

/// <summary><c>agrupa reduce</c>: embeds a data file with PCA or UMAP and writes the embedding (.npy or .csv).</summary>
internal static class ReduceCommand
{
    /// <summary>Settings shared by every method; each method's factory reads what it needs.</summary>
    internal sealed record Settings(int Dimensions, int Neighbors, double MinDist, int Seed, int? Epochs);

    /// <summary>The reducers by name: adding a method (t-SNE) is one entry here.</summary>
    internal static readonly IReadOnlyDictionary<string, Func<Settings, IReducer>> Methods = new Dictionary<string, Func<Settings, IReducer>>
    {
        ["pca"] = s => new Pca(new PcaOptions { Components = s.Dimensions, Seed = s.Seed }),
        ["umap"] = s => new Umap(new UmapOptions { Dimensions = s.Dimensions, NeighborCount = s.Neighbors, MinDist = s.MinDist, Seed = s.Seed, Epochs = s.Epochs }),
    };

    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "Input data: CSV (header row; a column named 'label' is kept as labels, not used) or .npy (float32/float64/uint8, 2-D).", Required = true };
        var method = new Option<string>("--method") { Description = $"Reduction method: {string.Join(", ", Methods.Keys)}.", DefaultValueFactory = _ => "umap" };
        method.AcceptOnlyFromAmong([.. Methods.Keys]);
        var dims = new Option<int>("--dims") { Description = "Output dimension.", DefaultValueFactory = _ => 2 };
        var neighbors = new Option<int>("--neighbors") { Description = "UMAP: neighbourhood size, the point itself included (umap-learn's n_neighbors).", DefaultValueFactory = _ => 15 };
        var minDist = new Option<double>("--min-dist") { Description = "UMAP: minimum distance between embedded points (umap-learn's min_dist).", DefaultValueFactory = _ => 0.1 };
        var epochs = new Option<int?>("--epochs") { Description = "UMAP: SGD epochs (default 500 up to 10,000 rows, else 200)." };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same embedding.", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo>("--out") { Description = "Output file: .npy (float32, n×dims) or .csv (header dim_1..dim_N, plus 'label' when the input had labels). Written atomically.", Required = true };
        var command = new Command("reduce", "Reduce the dimension of a data set (PCA or UMAP) and write the embedding.")
        {
            data, method, dims, neighbors, minDist, epochs, seed, output,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            TextWriter console = parse.InvocationConfiguration.Output;
            FileInfo input = parse.GetValue(data)!;
            FileInfo target = parse.GetValue(output)!;
            string name = parse.GetValue(method)!;
            int dimensions = parse.GetValue(dims);
            if (dimensions < 1) throw new UsageException($"--dims must be at least 1, got {dimensions}.");
            if (parse.GetValue(neighbors) < 2) throw new UsageException($"--neighbors must be at least 2, got {parse.GetValue(neighbors)}.");
            string extension = target.Extension.ToLowerInvariant();
            if (extension is not (".npy" or ".csv")) throw new UsageException($"--out must end in .npy or .csv, got '{target.Name}'.");
            var settings = new Settings(dimensions, parse.GetValue(neighbors), parse.GetValue(minDist), parse.GetValue(seed), parse.GetValue(epochs));
            IReducer reducer = Methods[name](settings);
            Dataset dataset = ReduceFiles.Read(input.FullName);
            if (dimensions > dataset.FeatureCount && name == "pca")
                throw new UsageException($"--dims {dimensions} is more than the {dataset.FeatureCount} features of '{input.Name}'.");
            console.WriteLine($"{reducer.Name}: {dataset.Count} rows × {dataset.FeatureCount} features → {dimensions} dimensions");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            IReductionModel model = reducer.Fit(dataset, new MessageProgress(console), cancellationToken);
            ReduceFiles.Write(model.Embedding, target.FullName);
            console.WriteLine($"wrote {target.FullName} ({model.Embedding.Count}×{model.Embedding.FeatureCount}) in {clock.Elapsed.TotalSeconds:F1} s");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Prints stage messages (warnings, fallbacks, sizes) as they come, on the reporting thread.</summary>
    private sealed class MessageProgress(TextWriter console) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Message is not null) lock (console) console.WriteLine($"  {value.Stage}: {value.Message}");
        }
    }
}
