using Agrupa.Data;

namespace Agrupa.Experiments;

/// <summary>What <see cref="ExperimentRunner"/> produced: the runs of the current spec, the summary and notes for the report.</summary>
public sealed record ExperimentOutcome
{
    /// <summary>The spec that was run.</summary>
    public required ExperimentSpec Spec { get; init; }

    /// <summary>The data every pipeline saw (loaded, subsampled, scaled).</summary>
    public required Dataset Data { get; init; }

    /// <summary>The output folder's files.</summary>
    public required ExperimentLayout Layout { get; init; }

    /// <summary>One record per pipeline × seed of the spec (reused from an earlier run when resumed).</summary>
    public required IReadOnlyList<RunRecord> Records { get; init; }

    /// <summary>Mean ± std per pipeline.</summary>
    public required ExperimentSummary Summary { get; init; }

    /// <summary>Runs executed now (the others were finished before and resumed from <c>results.csv</c>).</summary>
    public int RunsExecuted { get; init; }

    /// <summary>Wall time of this invocation, seconds (runs, view and files; not the data loading).</summary>
    public double Seconds { get; init; }

    /// <summary>Remarks for the report (a method that was skipped, a view that could not be drawn).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
