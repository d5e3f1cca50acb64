// Speed benchmark of Agrupa's k-means and Gaussian mixture, run by run.sh beside scikit-learn in the same script.
// Usage:
//   ClusteringBench kmeans      --fashion DIR --seed S [--restarts R] --out labels.txt
//   ClusteringBench minibatch   --fashion DIR --seed S --out labels.txt
//   ClusteringBench torch-lloyd --fashion DIR --iterations N            (the TorchSharp alternative, for the record)
//   ClusteringBench gmm         --f32 FILE --rows N --cols D --clusters K --covariance full --seed S --out labels.txt
// Each mode prints one JSON line of timings; labels go to --out (one per line) for run.sh to score with scikit-learn.
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Runtime;
using TorchSharp;

var arguments = ParseArguments(args[1..]);
if (arguments.TryGetValue("threads", out string? threadText)) ThreadBudget.Threads = int.Parse(threadText);
string mode = args[0];
switch (mode)
{
    case "kmeans":
    {
        Dataset data = LoadFashion(arguments["fashion"]);
        if (arguments.TryGetValue("rows", out string? rowText)) data = data.Select(Enumerable.Range(0, int.Parse(rowText)).ToArray());
        var options = new KMeansOptions { Clusters = 10, Seed = int.Parse(arguments["seed"]), Restarts = int.Parse(arguments.GetValueOrDefault("restarts", "1")),
            MaxIterations = int.Parse(arguments.GetValueOrDefault("max-iterations", "300")) };
        if (arguments.TryGetValue("init", out string? initPath))
        {
            byte[] initBytes = File.ReadAllBytes(initPath);
            var initial = new float[initBytes.Length / 4];
            Buffer.BlockCopy(initBytes, 0, initial, 0, initBytes.Length);
            options = options with { InitialCenters = initial };
        }
        var iterationTimes = new List<double>();
        var iterationCpu = new List<double>();
        var clock = Stopwatch.StartNew();
        double last = 0, lastCpu = CpuMilliseconds();
        var progress = new SynchronousProgress(p =>
        {
            double cpu = CpuMilliseconds();
            if (p.Epoch > 0) { iterationTimes.Add(clock.Elapsed.TotalMilliseconds - last); iterationCpu.Add(cpu - lastCpu); }
            last = clock.Elapsed.TotalMilliseconds;
            lastCpu = cpu;
        });
        double cpuStart = CpuMilliseconds();
        clock.Restart();
        KMeansModel model = new KMeans(options).Fit(data.WithoutLabels(), progress);
        double seconds = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (CpuMilliseconds() - cpuStart) / 1000;
        File.WriteAllLines(arguments["out"], model.Labels.Select(l => l.ToString()));
        // The first progress report comes after the seeding and the first iteration; the median is a clean per-iteration time.
        var sorted = iterationTimes.Skip(1).OrderBy(t => t).ToArray();
        double median = sorted.Length > 0 ? sorted[sorted.Length / 2] : double.NaN;
        var sortedCpu = iterationCpu.Skip(1).OrderBy(t => t).ToArray();
        double medianCpu = sortedCpu.Length > 0 ? sortedCpu[sortedCpu.Length / 2] : double.NaN;
        Print(new { method = "agrupa-kmeans", seconds, cpu_seconds = cpuSeconds, cpu_ms_per_iteration = medianCpu, iterations = model.Iterations, ms_per_iteration = median, inertia = model.Inertia, threads = ThreadBudget.Threads });
        break;
    }
    case "minibatch":
    {
        Dataset data = LoadFashion(arguments["fashion"]);
        var options = new MiniBatchKMeansOptions { Clusters = 10, Seed = int.Parse(arguments["seed"]) };
        double cpuStart = CpuMilliseconds();
        var clock = Stopwatch.StartNew();
        KMeansModel model = new MiniBatchKMeans(options).Fit(data.WithoutLabels());
        double seconds = clock.Elapsed.TotalSeconds;
        File.WriteAllLines(arguments["out"], model.Labels.Select(l => l.ToString()));
        Print(new { method = "agrupa-minibatch-kmeans", seconds, cpu_seconds = (CpuMilliseconds() - cpuStart) / 1000, passes = model.Iterations, inertia = model.Inertia, threads = ThreadBudget.Threads });
        break;
    }
    case "torch-lloyd":
    {
        Dataset data = LoadFashion(arguments["fashion"]);
        int iterations = int.Parse(arguments.GetValueOrDefault("iterations", "20"));
        double wall = TorchLloyd(data, 10, iterations, out double cpuMedian);
        Print(new { method = "torch-lloyd", ms_per_iteration = wall, cpu_ms_per_iteration = cpuMedian, threads = ThreadBudget.Threads });
        break;
    }
    case "gmm":
    {
        int rows = int.Parse(arguments["rows"]), cols = int.Parse(arguments["cols"]);
        byte[] bytes = File.ReadAllBytes(arguments["f32"]);
        var values = new float[rows * cols];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        var data = new Dataset("embedding", values, cols);
        var covariance = Enum.Parse<CovarianceType>(arguments.GetValueOrDefault("covariance", "full"), ignoreCase: true);
        var options = new GaussianMixtureOptions { Components = int.Parse(arguments["clusters"]), Covariance = covariance, Seed = int.Parse(arguments["seed"]),
            MaxIterations = int.Parse(arguments.GetValueOrDefault("max-iterations", "100")) };
        double cpuStart = CpuMilliseconds();
        var clock = Stopwatch.StartNew();
        GaussianMixtureModel model = new GaussianMixture(options).Fit(data);
        double seconds = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (CpuMilliseconds() - cpuStart) / 1000;
        File.WriteAllLines(arguments["out"], model.Labels.Select(l => l.ToString()));
        Print(new { method = "agrupa-gmm-" + covariance.ToString().ToLowerInvariant(), seconds, cpu_seconds = cpuSeconds, iterations = model.Iterations, converged = model.Converged, lower_bound = model.LowerBound, threads = ThreadBudget.Threads });
        break;
    }
    default:
        throw new ArgumentException($"unknown mode {mode}");
}

static double CpuMilliseconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

static void Print(object value) => Console.WriteLine(JsonSerializer.Serialize(value, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));

static Dictionary<string, string> ParseArguments(string[] args)
{
    var result = new Dictionary<string, string>();
    for (int i = 0; i + 1 < args.Length; i += 2) result[args[i].TrimStart('-')] = args[i + 1];
    return result;
}

// Fashion-MNIST train + test (70,000 × 784) scaled to [0, 1] as float32, read from the IDX .gz files.
static Dataset LoadFashion(string directory)
{
    float[] train = ReadImages(Path.Combine(directory, "train-images-idx3-ubyte.gz"), out int trainCount);
    float[] test = ReadImages(Path.Combine(directory, "t10k-images-idx3-ubyte.gz"), out int testCount);
    int[] labels = ReadLabels(Path.Combine(directory, "train-labels-idx1-ubyte.gz")).Concat(ReadLabels(Path.Combine(directory, "t10k-labels-idx1-ubyte.gz"))).ToArray();
    return new Dataset("fashion-mnist", train.Concat(test).ToArray(), 784, labels);

    static byte[] Gunzip(string path)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
    static int BigEndian(byte[] b, int offset) => (b[offset] << 24) | (b[offset + 1] << 16) | (b[offset + 2] << 8) | b[offset + 3];
    static float[] ReadImages(string path, out int count)
    {
        byte[] b = Gunzip(path);
        if (BigEndian(b, 0) != 0x803) throw new InvalidDataException($"{path}: not an IDX image file");
        count = BigEndian(b, 4);
        int size = BigEndian(b, 8) * BigEndian(b, 12);
        var values = new float[count * size];
        for (int i = 0; i < values.Length; i++) values[i] = b[16 + i] / 255f;
        return values;
    }
    static int[] ReadLabels(string path)
    {
        byte[] b = Gunzip(path);
        if (BigEndian(b, 0) != 0x801) throw new InvalidDataException($"{path}: not an IDX label file");
        return b.Skip(8).Take(BigEndian(b, 4)).Select(v => (int)v).ToArray();
    }
}

// The TorchSharp alternative to the fused SIMD kernel: data kept as one tensor for the whole fit, distances by addmm,
// argmin, centre sums by index_add_ (a second pass over the data). Returns the median milliseconds per iteration.
static double TorchLloyd(Dataset data, int k, int iterations, out double cpuMedian)
{
    ThreadBudget.ApplyToTorch();
    using var scope = torch.NewDisposeScope();
    var x = torch.tensor(data.Features.ToArray(), new long[] { data.Count, data.FeatureCount });
    x = x - x.mean(new long[] { 0 });
    var centers = x.narrow(0, 0, k).clone();
    var times = new List<double>();
    var cpuTimes = new List<double>();
    for (int iteration = 0; iteration < iterations; iteration++)
    {
        var clock = Stopwatch.StartNew();
        double cpu = CpuMilliseconds();
        using var step = torch.NewDisposeScope();
        var norms = (centers * centers).sum(1);
        var distances = torch.addmm(norms.unsqueeze(0), x, centers.t(), beta: 1, alpha: -2);
        var labels = distances.argmin(1);
        var sums = torch.zeros(k, data.FeatureCount).index_add_(0, labels, x, 1.0);
        var counts = torch.bincount(labels, minlength: k).to_type(torch.float32).clamp_min(1);
        var next = (sums / counts.unsqueeze(1)).MoveToOuterDisposeScope();
        centers = next;
        times.Add(clock.Elapsed.TotalMilliseconds);
        cpuTimes.Add(CpuMilliseconds() - cpu);
    }
    cpuMedian = cpuTimes.Skip(1).OrderBy(t => t).ElementAt((cpuTimes.Count - 1) / 2);
    return times.Skip(1).OrderBy(t => t).ElementAt((times.Count - 1) / 2);
}

/// <summary>IProgress that runs the callback on the reporting thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
