// t-SNE speed bench: embeds a raw float32 matrix (written by peers.py) with Agrupa's t-SNE and prints one JSON line.
// Usage: TsneBench <matrix.f32> <rows> <columns> <method: auto|bh|fft|exact> [iterations] [sklearn-embedding.f32]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Agrupa.Data;
using Agrupa.Reduction;

string path = args[0];
int rows = int.Parse(args[1], CultureInfo.InvariantCulture), columns = int.Parse(args[2], CultureInfo.InvariantCulture);
TsneGradientMethod method = args[3] switch
{
    "bh" => TsneGradientMethod.BarnesHut,
    "fft" => TsneGradientMethod.Fft,
    "exact" => TsneGradientMethod.Exact,
    _ => TsneGradientMethod.Auto,
};
int iterations = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1000;
float[] features = ReadFloats(path, (long)rows * columns);
var data = new Dataset(Path.GetFileNameWithoutExtension(path), features, columns);

var tsne = new Tsne(new TsneOptions { Method = method, Iterations = iterations });
var clock = Stopwatch.StartNew();
TsneModel model = tsne.Fit(data);
double seconds = clock.Elapsed.TotalSeconds;
float[] embedding = model.Embedding.Features.ToArray();
File.WriteAllBytes(Path.ChangeExtension(path, $".agrupa-{args[3]}.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(embedding.AsSpan()).ToArray());

var result = new Dictionary<string, object>
{
    ["implementation"] = "agrupa",
    ["method"] = model.Method.ToString(),
    ["rows"] = rows,
    ["iterations"] = iterations,
    ["threads"] = Agrupa.Runtime.ThreadBudget.Threads,
    ["seconds"] = Math.Round(seconds, 2),
    ["kl_reported"] = Math.Round(model.KlDivergence, 4),
};
if (args.Length > 5 && rows <= 20_000)
{
    // Exact KL of both layouts under the same P (Agrupa's), O(n²) once.
    result["kl_exact"] = Math.Round(Tsne.KlDivergence(data, model.Embedding), 4);
    var sklearnLayout = new Dataset("sklearn", ReadFloats(args[5], 2L * rows), 2);
    result["kl_exact_sklearn_layout"] = Math.Round(Tsne.KlDivergence(data, sklearnLayout), 4);
}
Console.WriteLine(JsonSerializer.Serialize(result));

static float[] ReadFloats(string file, long count)
{
    byte[] bytes = File.ReadAllBytes(file);
    if (bytes.Length != count * 4) throw new InvalidDataException($"{file}: expected {count * 4} bytes, found {bytes.Length}.");
    var values = new float[count];
    Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
    return values;
}
