using System.Globalization;
using System.Text;
using Agrupa.Runtime;

namespace Agrupa.Experiments;

/// <summary>
/// The curves of one run: every loss and monitoring metric a method reported through <see cref="IProgress{T}"/>,
/// with its stage and position (epoch + step fraction). Written as <c>history.csv</c> beside the run's labels and
/// drawn by the report's loss and metric plots.
/// </summary>
public sealed class TrainingHistory
{
    private readonly List<TrainingHistoryPoint> _points = [];

    /// <summary>All points, in the order reported.</summary>
    public IReadOnlyList<TrainingHistoryPoint> Points => _points;

    /// <summary>True when nothing was recorded.</summary>
    public bool IsEmpty => _points.Count == 0;

    /// <summary>Records the losses and metrics of one progress report (reports with neither are ignored).</summary>
    public void Add(TrainingProgress report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Losses.Count == 0 && report.Metrics.Count == 0) return;
        double position = report.Epoch > 0
            ? report.Epoch - 1 + (report.Step > 0 && report.TotalSteps > 0 ? (double)report.Step / report.TotalSteps : 1.0)
            : _points.Count(p => p.Stage == report.Stage) + 1;
        foreach ((string name, double value) in report.Losses) _points.Add(new TrainingHistoryPoint(report.Stage, position, TrainingHistoryPoint.LossKind, name, value));
        foreach ((string name, double value) in report.Metrics) _points.Add(new TrainingHistoryPoint(report.Stage, position, TrainingHistoryPoint.MetricKind, name, value));
    }

    /// <summary>Records <paramref name="points"/> as they are (a shared stage's curve, e.g. a pretraining another run did).</summary>
    public void AddRange(IEnumerable<TrainingHistoryPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        _points.AddRange(points);
    }

    /// <summary>Stages in the order they first reported.</summary>
    public IReadOnlyList<string> Stages => _points.Select(p => p.Stage).Distinct().ToArray();

    /// <summary>The points of one stage only.</summary>
    public TrainingHistory OfStage(string stage)
    {
        var history = new TrainingHistory();
        history._points.AddRange(_points.Where(p => p.Stage == stage));
        return history;
    }

    /// <summary>The history as CSV: stage, position, kind, name, value.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder("stage,position,kind,name,value\n");
        foreach (TrainingHistoryPoint p in _points)
            text.Append(Csv.Quote(p.Stage)).Append(',').Append(Csv.Number(p.Position)).Append(',').Append(p.Kind).Append(',')
                .Append(Csv.Quote(p.Name)).Append(',').Append(Csv.Number(p.Value)).Append('\n');
        return text.ToString();
    }

    /// <summary>Reads a history written by <see cref="ToCsv"/>; a missing file gives an empty history.</summary>
    public static TrainingHistory Read(string path)
    {
        var history = new TrainingHistory();
        if (!File.Exists(path)) return history;
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            List<string> cells = Csv.SplitLine(line);
            if (cells.Count != 5) continue;
            if (!double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double position)) continue;
            if (!double.TryParse(cells[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) continue;
            history._points.Add(new TrainingHistoryPoint(cells[0], position, cells[2], cells[3], value));
        }
        return history;
    }
}
