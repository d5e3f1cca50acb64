// Benchmark driver for PCA, k-NN and UMAP on Fashion-MNIST 70k (bench/reduction/run.py calls it beside the Python peers).
// Usage: ReductionBench knn|pca|umap [--n N] [--seed S] [--out file.f32]   Prints one JSON line of timings and figures.
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Agrupa.Data;
using Agrupa.Neighbors;
using Agrupa.Reduction;

string mode = args.Length > 0 ? args[0] : "knn";
int n = Option("--n", 70_000);
int seed = Option("--seed", 0);
int dims = Option("--dims", 2);
string? output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
Dataset data = FashionMnist(n);
var result = new Dictionary<string, object> { ["mode"] = mode, ["n"] = data.Count, ["seed"] = seed, ["threads"] = Agrupa.Runtime.ThreadBudget.Threads };
var clock = Stopwatch.StartNew();
var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
switch (mode)
{
    case "knn":
    {
        var graph = NearestNeighborDescent.Build(data, 15, new NearestNeighborDescentOptions { Seed = seed }, new StageTimer(clock));
        Stamp();
        var rows = Enumerable.Range(0, Math.Min(2000, data.Count)).Select(i => (int)((long)i * data.Count / Math.Min(2000, data.Count))).ToArray();
        Dataset queries = data.Select(rows);
        var exact = ExactNeighbors.Search(data.Features.ToArray(), data.Count, data.FeatureCount, queries.Features.ToArray(), rows.Length, 15);
        long hits = 0;
        for (int r = 0; r < rows.Length; r++)
        {
            var mine = graph.NeighborsOf(rows[r]).ToArray();
            foreach (int j in exact.NeighborsOf(r)) if (Array.IndexOf(mine, j) >= 0) hits++;
        }
        result["recall"] = (double)hits / (rows.Length * 15.0);
        break;
    }
    case "pca":
    {
        // libtorch's first call loads and initialises the native library; warm it on 1,000 rows like the peers' JIT.
        new Pca(new PcaOptions { Components = 50, Seed = seed }).Fit(data.Select(Enumerable.Range(0, 1000).ToArray()));
        clock.Restart();
        cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var model = new Pca(new PcaOptions { Components = 50, Seed = seed }).Fit(data);
        Stamp();
        result["solver"] = model.Solver.ToString();
        result["explained_ratio_sum"] = model.ExplainedVarianceRatio.Sum();
        break;
    }
    case "umap":
    {
        var progress = new Progress<Agrupa.Runtime.TrainingProgress>(p => { if (p.Message is not null) Console.Error.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s {p.Stage}: {p.Message}"); });
        var model = new Umap(new UmapOptions { Dimensions = dims, Seed = seed }).Fit(data, new StageTimer(clock));
        Stamp();
        if (output is not null)
        {
            File.WriteAllBytes(output, System.Runtime.InteropServices.MemoryMarshal.AsBytes(model.Embedding.Features.Span).ToArray());
            File.WriteAllBytes(output + ".labels", data.Labels!.Select(l => (byte)l).ToArray());
        }
        break;
    }
}
result["peak_rss_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
Console.WriteLine(JsonSerializer.Serialize(result));

void Stamp()
{
    result["seconds"] = clock.Elapsed.TotalSeconds;
    result["cpu_seconds"] = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
}

int Option(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : fallback;
}

static Dataset FashionMnist(int count)
{
    const string folder = "/usr/share/datasets/fashion-mnist";
    var (trainX, trainY) = (Idx($"{folder}/train-images-idx3-ubyte.gz"), Idx($"{folder}/train-labels-idx1-ubyte.gz"));
    var (testX, testY) = (Idx($"{folder}/t10k-images-idx3-ubyte.gz"), Idx($"{folder}/t10k-labels-idx1-ubyte.gz"));
    byte[] pixels = [.. trainX, .. testX];
    byte[] labels = [.. trainY, .. testY];
    int total = labels.Length;
    var features = new float[(long)total * 784];
    for (long i = 0; i < features.Length; i++) features[i] = pixels[i] / 255f;
    var all = new Dataset("fashion-mnist", features, 784, labels.Select(l => (int)l).ToArray());
    return count >= total ? all : all.Subsample(count, 0);
}

static byte[] Idx(string path)
{
    using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    byte[] bytes = memory.ToArray();
    int dimensions = bytes[3];
    return bytes[(4 + 4 * dimensions)..];
}

/// <summary>Prints each stage's start time to stderr.</summary>
sealed class StageTimer(Stopwatch clock) : IProgress<Agrupa.Runtime.TrainingProgress>
{
    private string? _last;
    public void Report(Agrupa.Runtime.TrainingProgress value)
    {
        if (value.Stage == _last && value.Message is null && !value.Losses.ContainsKey("updates")) return;
        _last = value.Stage;
        string losses = string.Join(" ", value.Losses.Select(kv => $"{kv.Key}={kv.Value}"));
        Console.Error.WriteLine($"{clock.Elapsed.TotalSeconds,7:F2}s cpu {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,6:F1}s {value.Stage} {value.Epoch} {value.Message} {losses}");
    }
}
