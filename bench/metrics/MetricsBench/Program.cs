// Times Agrupa's metrics on the files written by bench/metrics/run.py; one line per measurement:
//   <name> <best wall seconds over repeats> <value> <CPU seconds of that run, all threads>
// The first call of each metric is a warm-up (JIT, torch start-up) and is not timed.
using System.Diagnostics;
using Agrupa.Evaluation;
using Agrupa.Runtime;

string folder = args.Length > 0 ? args[0] : "/tmp/agrupa-bench-metrics";
int repeats = args.Length > 1 ? int.Parse(args[1]) : 3;
if (args.Length > 2) ThreadBudget.Threads = int.Parse(args[2]);

int[] ReadInts(string name) => ToArray<int>(File.ReadAllBytes(Path.Combine(folder, name)));
float[] ReadFloats(string name) => ToArray<float>(File.ReadAllBytes(Path.Combine(folder, name)));
static T[] ToArray<T>(byte[] bytes) where T : struct => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(bytes).ToArray();

void Time(string name, Func<double> run)
{
    double value = run();
    double best = double.PositiveInfinity, bestCpu = 0;
    for (int r = 0; r < repeats; r++)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        value = run();
        double wall = watch.Elapsed.TotalSeconds;
        if (wall < best) (best, bestCpu) = (wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }
    Console.WriteLine($"{name} {best:R} {value:R} {bestCpu:R}");
}

string? only = Environment.GetEnvironmentVariable("ONLY");
void TimeIf(string name, Func<double> run) { if (only is null || name.StartsWith(only)) Time(name, run); }

int[] truth70k = ReadInts("truth70k.i32");
int[] predicted70k = ReadInts("pred70k.i32");
TimeIf("acc_70k", () => ClusterMetrics.Accuracy(truth70k, predicted70k));
TimeIf("nmi_70k", () => ClusterMetrics.NormalizedMutualInformation(truth70k, predicted70k));
TimeIf("ami_70k", () => ClusterMetrics.AdjustedMutualInformation(truth70k, predicted70k));
TimeIf("ari_70k", () => ClusterMetrics.AdjustedRandIndex(truth70k, predicted70k));
TimeIf("vmeasure_70k", () => ClusterMetrics.HomogeneityCompletenessVMeasure(truth70k, predicted70k).VMeasure);
TimeIf("all_label_scores_70k", () => ClusterMetrics.Compute(truth70k, predicted70k).Ami);

float[] x10k = ReadFloats("x10k.f32");
int[] labels10k = ReadInts("labels10k.i32");
int n10k = labels10k.Length, d = x10k.Length / n10k;
TimeIf("silhouette_10k", () => Silhouette.Score(x10k, n10k, d, labels10k));
TimeIf("silhouette_10k_float64", () => Silhouette.Score(x10k, n10k, d, labels10k, new SilhouetteOptions { Precision = DistancePrecision.Double }));
TimeIf("silhouette_10k_float32", () => Silhouette.Score(x10k, n10k, d, labels10k, new SilhouetteOptions { Precision = DistancePrecision.Single }));

float[] x70k = ReadFloats("x70k.f32");
int n70k = truth70k.Length;
TimeIf("calinski_harabasz_70k", () => CalinskiHarabasz.Score(x70k, n70k, d, predicted70k));
TimeIf("davies_bouldin_70k", () => DaviesBouldin.Score(x70k, n70k, d, predicted70k));

float[] embedding = ReadFloats("embedding5k.f32");
int n5k = embedding.Length / 2;
TimeIf("trustworthiness_5k", () => Trustworthiness.Score(x10k[..(n5k * d)], n5k, d, embedding, 2));
