using System.Globalization;
using Agrupa.Runtime;
using Spectre.Console;

namespace Agrupa.Cli;

/// <summary>
/// Draws <see cref="TrainingProgress"/> reports of a long command on stderr: a Spectre.Console live progress bar
/// (stage, epoch, losses, samples/s, remaining time) when stderr is a terminal, plain lines otherwise (Spectre's live
/// display prints nothing when redirected): the first and last report of each stage, otherwise one at most every 10 s.
/// Every long-running command uses it: <c>ConsoleProgress.Run(error, progress => work(progress))</c>.
/// </summary>
internal sealed class ConsoleProgress : IProgress<TrainingProgress>
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);
    private readonly TextWriter _plain;
    private readonly ProgressContext? _context;
    private readonly Dictionary<string, ProgressTask> _tasks = new();
    private DateTime _lastPlain = DateTime.MinValue;
    private string? _lastStage;

    private ConsoleProgress(TextWriter plain, ProgressContext? context)
    {
        _plain = plain;
        _context = context;
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress sink on <paramref name="error"/>: live bars when it is the real
    /// stderr of a terminal, plain lines otherwise.
    /// </summary>
    public static T Run<T>(TextWriter error, Func<IProgress<TrainingProgress>, T> work)
    {
        bool interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        if (!interactive) return work(new ConsoleProgress(error, null));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context => work(new ConsoleProgress(error, context)));
    }

    /// <summary>One line describing a report (also used for the plain output).</summary>
    public static string Describe(TrainingProgress report)
    {
        var text = new System.Text.StringBuilder(report.Stage);
        if (report.Epoch > 0) text.Append(CultureInfo.InvariantCulture, $" epoch {report.Epoch}").Append(report.TotalEpochs > 0 ? $"/{report.TotalEpochs}" : "");
        if (report.Step > 0 && report.TotalSteps > 0 && report.Step < report.TotalSteps) text.Append(CultureInfo.InvariantCulture, $" step {report.Step}/{report.TotalSteps}");
        foreach (var (name, value) in report.Losses) text.Append(CultureInfo.InvariantCulture, $" {name} {value:G5}");
        foreach (var (name, value) in report.Metrics) text.Append(CultureInfo.InvariantCulture, $" {name} {value:G4}");
        if (report.SamplesPerSecond is { } rate) text.Append(CultureInfo.InvariantCulture, $" {rate:F0} samples/s");
        if (report.Remaining is { } remaining) text.Append(" ETA ").Append(Format(remaining));
        if (report.Message is { } message) text.Append(" — ").Append(message);
        return text.ToString();
    }

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        if (_context is null)
        {
            // Plain lines: the first report of every stage, the last one (epoch = total), and otherwise at most one per
            // interval, so per-iteration reports (k-means, EM) do not flood a log.
            bool newStage = value.Stage != _lastStage;
            bool stageEnd = value.TotalEpochs > 0 && value.Epoch >= value.TotalEpochs && (value.TotalSteps == 0 || value.Step >= value.TotalSteps);
            if (!newStage && !stageEnd && DateTime.UtcNow - _lastPlain < PlainInterval) return;
            _lastPlain = DateTime.UtcNow;
            _lastStage = value.Stage;
            _plain.WriteLine(Describe(value));
            return;
        }
        if (!_tasks.TryGetValue(value.Stage, out var task))
        {
            task = _context.AddTask(Markup.Escape(value.Stage), maxValue: 1);
            _tasks[value.Stage] = task;
        }
        double total = Math.Max(1, value.TotalEpochs) * Math.Max(1, value.TotalSteps);
        double done = (Math.Max(0, value.Epoch - 1) * Math.Max(1, value.TotalSteps)) + value.Step;
        task.Value = Math.Clamp(done / total, 0, 1);
        task.Description = Markup.Escape(Describe(value));
    }

    private static string Format(TimeSpan span) => span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
