// Runs Agrupa's HDBSCAN or agglomerative clustering on a raw float32 matrix (<name>.f32 + <name>.json {rows, cols}) and
// prints one JSON line: seconds, clusters, noise, peak RSS. Used by bench/clustering/hdbscan_bench.sh beside the peers.
// Usage: HdbscanBench hdbscan FILE.f32 MIN_CLUSTER_SIZE [MIN_SAMPLES|-] [kdtree|blocked|auto] [labels-out|-] [self]
//        ("self": count the point as its own neighbour, R's and scikit-learn's convention)
//        HdbscanBench agglomerative FILE.f32 ward|average|complete|single CLUSTERS [connectivity-k]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Agrupa.Clustering;
using Agrupa.Data;

string method = args[0];
string path = args[1];
var header = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(path, ".json"))).RootElement;
int rows = header.GetProperty("rows").GetInt32(), cols = header.GetProperty("cols").GetInt32();
byte[] bytes = File.ReadAllBytes(path);
var features = new float[rows * cols];
Buffer.BlockCopy(bytes, 0, features, 0, bytes.Length);
var data = new Dataset(Path.GetFileNameWithoutExtension(path), features, cols);
// AGRUPA_BENCH_REPEAT=2 fits twice and also reports the second (warm, JIT-compiled) fit.
int repeats = int.TryParse(Environment.GetEnvironmentVariable("AGRUPA_BENCH_REPEAT"), out int r) ? Math.Max(1, r) : 1;
double firstSeconds = 0;
var watch = Stopwatch.StartNew();
IReadOnlyList<int> labels = [];
for (int run = 0; run < repeats; run++)
{
    if (run == 1) { firstSeconds = watch.Elapsed.TotalSeconds; watch.Restart(); }
    labels = Run();
}
double seconds = watch.Elapsed.TotalSeconds;
if (repeats == 1) firstSeconds = seconds;
long peakKb = File.ReadAllLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:")).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
Console.WriteLine(JsonSerializer.Serialize(new
{
    implementation = "agrupa",
    method,
    data = data.Name,
    rows,
    cols,
    seconds = Math.Round(firstSeconds, 3),
    warm_seconds = repeats > 1 ? Math.Round(seconds, 3) : (double?)null,
    clusters = labels.Where(l => l >= 0).Distinct().Count(),
    noise = labels.Count(l => l < 0),
    peak_rss_mb = peakKb / 1024,
}));

IReadOnlyList<int> Run()
{
    if (method == "hdbscan")
    {
        int minClusterSize = int.Parse(args[2], CultureInfo.InvariantCulture);
        int? minSamples = args.Length > 3 && args[3] != "-" ? int.Parse(args[3], CultureInfo.InvariantCulture) : null;
        var algorithm = args.Length > 4 ? args[4] switch
        {
            "kdtree" => HdbscanSpanningTreeAlgorithm.KdTreeBoruvka,
            "blocked" => HdbscanSpanningTreeAlgorithm.BlockedBoruvka,
            _ => HdbscanSpanningTreeAlgorithm.Automatic,
        } : HdbscanSpanningTreeAlgorithm.Automatic;
        var model = new Hdbscan(new HdbscanOptions { MinClusterSize = minClusterSize, MinSamples = minSamples, SpanningTree = algorithm, CountSelfAsNeighbor = args.Length > 6 && args[6] == "self" }).Fit(data, Environment.GetEnvironmentVariable("AGRUPA_BENCH_STAGES") is null ? null : new StageTimer());
        if (args.Length > 5 && args[5] != "-") File.WriteAllLines(args[5], model.Labels.Select(l => l.ToString(CultureInfo.InvariantCulture)));
        if (Environment.GetEnvironmentVariable("AGRUPA_BENCH_DUMP") is string dump)
        {
            using (var w = new StreamWriter(dump + ".linkage.csv")) model.SingleLinkageTree.WriteCsv(w);
            using (var w = new StreamWriter(dump + ".condensed.csv")) model.CondensedTree.WriteCsv(w);
        }
        return model.Labels;
    }
    else
    {
        var linkage = Enum.Parse<AgglomerativeLinkage>(args[2], ignoreCase: true);
        int clusters = int.Parse(args[3], CultureInfo.InvariantCulture);
        int? k = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : null;
        var model = new Agglomerative(new AgglomerativeOptions { Linkage = linkage, Clusters = clusters, ConnectivityNeighbors = k }).Fit(data);
        return model.Labels;
    }
}

/// <summary>Prints wall and process CPU time at each reported stage (AGRUPA_BENCH_STAGES=1), to stderr.</summary>
sealed class StageTimer : IProgress<Agrupa.Runtime.TrainingProgress>
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    public void Report(Agrupa.Runtime.TrainingProgress value) =>
        Console.Error.WriteLine($"{_watch.Elapsed.TotalSeconds,8:F3} s wall {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,8:F3} s cpu  {value.Stage}");
}
