using System.Diagnostics;
using System.Globalization;
using Agrupa.Runtime;

namespace Agrupa.Cli;

/// <summary>
/// Draws experiment progress as plain lines (works when output is redirected): a line whenever the run or stage
/// changes, and at most one line every <see cref="Interval"/> for a stage's own epochs, with losses and the ETA.
/// </summary>
internal sealed class ConsoleProgress(TextWriter output) : IProgress<TrainingProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private string _lastStage = "";
    private TimeSpan _lastLine = TimeSpan.MinValue;

    public void Report(TrainingProgress value)
    {
        lock (_gate)
        {
            TimeSpan now = _clock.Elapsed;
            bool newStage = value.Stage != _lastStage;
            if (!newStage && now - _lastLine < Interval) return;
            _lastStage = value.Stage;
            _lastLine = now;
            var line = new List<string> { $"[{Format(now),6}] {value.Stage}" };
            // The runner's own reports count runs in Epoch/TotalEpochs (already in the stage text); a method's reports,
            // forwarded with " · " after the run, count its epochs or iterations.
            bool fromMethod = value.Stage.Contains(" · ", StringComparison.Ordinal);
            if (fromMethod && value.TotalEpochs > 0) line.Add($"epoch {value.Epoch}/{value.TotalEpochs}");
            foreach ((string name, double number) in value.Losses.Take(3)) line.Add($"{name} {number.ToString("G4", CultureInfo.InvariantCulture)}");
            foreach ((string name, double number) in value.Metrics.Take(3)) line.Add($"{name} {number.ToString("F3", CultureInfo.InvariantCulture)}");
            if (value.Remaining is { } remaining) line.Add(fromMethod ? $"stage ETA {Format(remaining)}" : $"ETA {Format(remaining)}");
            output.WriteLine(string.Join(" · ", line));
            output.Flush();
        }
    }

    private static string Format(TimeSpan time) =>
        time.TotalHours >= 1 ? $"{(int)time.TotalHours}h{time.Minutes:00}m" : time.TotalMinutes >= 1 ? $"{(int)time.TotalMinutes}m{time.Seconds:00}s" : $"{time.TotalSeconds:F0}s";
}
