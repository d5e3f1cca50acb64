using System.Diagnostics;
using System.Globalization;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Runtime;

// Usage: NeuralBench cae|dense|train-all|dense-step [--threads 2] [--malloc on|off] [--epochs N] [--rows N]
// Prints one line per epoch: "<task> epoch <e> <seconds> s loss <train> [val <validation>]"; dense-step prints the
// time of one batch-256 step of the dense autoencoder split into forward, forward+backward and full Adam/SGD steps
// (random data; compare with peer_step.py); simclr-step prints the forward time of each layer of the contrastive
// encoder on one 256-image view of random images, its backward, and a whole NT-Xent step (two augmented views, Adam).
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
    case "dense-step":
        DenseStep();
        break;
    case "simclr-step":
        SimclrStep();
        break;
    default:
        Console.Error.WriteLine("tasks: cae, dense, train-all, dense-step, simclr-step");
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

static void DenseStep()
{
    const int batch = 256;
    using var net = new DenseAutoencoderOptions { Inputs = 784 }.Build(1);
    using var rows = TorchSharp.torch.rand(4096, 784);
    using var adam = TorchSharp.torch.optim.Adam(net.parameters(), 0.001);
    using var sgd = TorchSharp.torch.optim.SGD(net.parameters(), 0.001, momentum: 0.9);
    var random = new Random(1);
    TorchSharp.torch.Tensor Batch() => rows.index_select(0, TorchSharp.torch.tensor(Enumerable.Range(0, batch).Select(_ => (long)random.Next(4096)).ToArray()));
    void Time(string name, Action<TorchSharp.torch.Tensor> step)
    {
        for (int i = 0; i < 5; i++) { using var scope = TorchSharp.torch.NewDisposeScope(); step(Batch()); }
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 40; i++) { using var scope = TorchSharp.torch.NewDisposeScope(); step(Batch()); }
        double ms = clock.Elapsed.TotalMilliseconds / 40;
        Console.WriteLine($"{name,-20} {ms,8:F2} ms/step {batch * 1000 / ms,7:F0} images/s, 70k epoch {ms * 274 / 1000,5:F1} s");
    }
    using (TorchSharp.torch.no_grad()) Time("forward", x => net.forward(x));
    Time("forward+backward", x => TorchSharp.torch.nn.functional.mse_loss(net.forward(x), x).backward());
    Time("step adam", x => { adam.zero_grad(); TorchSharp.torch.nn.functional.mse_loss(net.forward(x), x).backward(); adam.step(); });
    Time("step sgd", x => { sgd.zero_grad(); TorchSharp.torch.nn.functional.mse_loss(net.forward(x), x).backward(); sgd.step(); });
}

static void SimclrStep()
{
    const int batch = 256, warm = 3, steps = 20;
    using var net = (ContrastiveEncoder)new ContrastiveEncoderOptions { Image = new ImageShape(1, 28, 28) }.Build(1);
    using var images = TorchSharp.torch.rand(batch, 1, 28, 28);
    using var adam = TorchSharp.torch.optim.Adam(net.parameters(), 0.001);
    var body = net.named_children().Single(c => c.name == "body").module;
    var layers = body.named_children().Select(c => (c.name, module: (TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>)c.module)).ToList();
    var forward = new double[layers.Count];
    double backward = 0, step = 0;
    var clock = new Stopwatch();
    for (int i = 0; i < warm + steps; i++)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        if (i == warm) { Array.Clear(forward); backward = 0; step = 0; }
        var h = images;
        for (int l = 0; l < layers.Count; l++)
        {
            clock.Restart();
            h = layers[l].module.forward(h);
            forward[l] += clock.Elapsed.TotalMilliseconds;
        }
        clock.Restart();
        h.pow(2).mean().backward();
        backward += clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        adam.zero_grad();
        net.PretrainingLoss(images.view(batch, -1)).backward();
        adam.step();
        step += clock.Elapsed.TotalMilliseconds;
    }
    for (int l = 0; l < layers.Count; l++) Console.WriteLine($"forward {layers[l].name,-10} {forward[l] / steps,7:F1} ms (one view of {batch})");
    Console.WriteLine($"backward of the body {backward / steps,7:F1} ms (one view)");
    Console.WriteLine($"NT-Xent step, two views + Adam {step / steps,7:F1} ms, 70k epoch {step / steps * 274 / 1000,5:F1} s (its augmentations included)");
}

int Option(string name, int fallback) => OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
string? OptionText(string name) { int i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
