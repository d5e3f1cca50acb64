using System.Diagnostics;
using System.Globalization;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Runtime;

// Usage: NeuralBench cae|dense|train-all [--threads 2] [--malloc on|off] [--epochs N] [--rows N]
// Prints one line per epoch: "<task> epoch <e> <seconds> s loss <train> [val <validation>]".
string task = args.Length > 0 ? args[0] : "cae";
int threads = Option("--threads", 2);
int epochs = Option("--epochs", task == "train-all" ? 5 : 2);
bool malloc = (OptionText("--malloc") ?? "on") == "on";
int? rows = OptionText("--rows") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : null;
if (malloc) Console.WriteLine($"malloc tuning applied: {NativeMemoryTuning.Apply()}");
ThreadBudget.Threads = threads;
ThreadBudget.ApplyToTorch();
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

switch (task)
{
    case "cae":
        Run("cae", new ConvolutionalAutoencoderOptions { Image = new ImageShape(1, 28, 28) }, FashionMnist.Load(rows ?? 10_000), epochs, 0);
        break;
    case "dense":
        Run("dense", new DenseAutoencoderOptions { Inputs = 784 }, FashionMnist.Load(rows), epochs, 0);
        break;
    case "train-all":
        var subset = FashionMnist.Load(rows ?? 10_000);
        Run("dense", new DenseAutoencoderOptions { Inputs = 784 }, subset, epochs, 0.1);
        Run("cae", new ConvolutionalAutoencoderOptions { Image = new ImageShape(1, 28, 28) }, subset, epochs, 0.1);
        Run("vae", new VariationalAutoencoderOptions { Inputs = 784 }, subset, epochs, 0.1);
        break;
    default:
        Console.Error.WriteLine("tasks: cae, dense, train-all");
        return 2;
}
return 0;

static void Run(string name, AutoencoderOptions description, Dataset data, int epochs, double validation)
{
    using var network = description.Build(1);
    var trainer = new Trainer(new TrainerOptions { Epochs = epochs, BatchSize = 256, Seed = 1, ValidationFraction = validation, CheckGradients = true });
    var callbacks = new TrainingCallbacks
    {
        AfterEpoch = e => Console.WriteLine($"{name} epoch {e.Epoch} {e.Seconds:F2} s loss {e.TrainingLoss:G5}" + (e.ValidationLoss is { } v ? $" val {v:G5}" : "")),
    };
    var clock = Stopwatch.StartNew();
    trainer.Fit(network, data, b => network.PretrainingLoss(b.Inputs), callbacks: callbacks);
    Console.WriteLine($"{name} total {clock.Elapsed.TotalSeconds:F2} s, rows {data.Count}, rss {Process.GetCurrentProcess().WorkingSet64 >> 20} MB");
}

int Option(string name, int fallback) => OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
string? OptionText(string name) { int i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
