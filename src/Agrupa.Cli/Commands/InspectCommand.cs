using System.CommandLine;
using System.Globalization;
using Agrupa.Data;

namespace Agrupa.Cli.Commands;

/// <summary><c>agrupa inspect DATA</c>: shape, image shape, value range, NaN count and label counts of a data set.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var command = new Command("inspect", "Read a data set and print its shape, image shape, value range, NaN/Inf count and label counts.");
        var data = new DataArgument();
        data.AddTo(command);
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            Dataset dataset = data.Load(parse);
            foreach (string line in Describe(dataset)) output.WriteLine(line);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The lines printed for <paramref name="data"/>.</summary>
    internal static IEnumerable<string> Describe(Dataset data)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        yield return $"name:        {data.Name}";
        yield return $"rows:        {data.Count:N0}";
        yield return $"features:    {data.FeatureCount:N0}";
        yield return $"image shape: {(data.ImageShape is { } s ? $"{s} (channels×height×width)" : "-")}";
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        long nan = 0, infinite = 0;
        double sum = 0;
        long finite = 0;
        foreach (float v in data.Features.Span)
        {
            if (float.IsNaN(v)) { nan++; continue; }
            if (float.IsInfinity(v)) { infinite++; continue; }
            if (v < min) min = v;
            if (v > max) max = v;
            sum += v;
            finite++;
        }
        yield return finite > 0
            ? $"values:      min {min.ToString("G6", invariant)}, max {max.ToString("G6", invariant)}, mean {(sum / finite).ToString("G6", invariant)}"
            : "values:      no finite values";
        yield return $"NaN:         {nan:N0}" + (infinite > 0 ? $" (and {infinite:N0} infinite)" : "");
        if (data.FeatureNames is { } names)
            yield return $"columns:     {string.Join(", ", names.Take(8))}{(names.Count > 8 ? $", … ({names.Count} in all)" : "")}";
        if (data.Labels is not { } labels)
        {
            yield return "labels:      none";
            yield break;
        }
        yield return $"labels:      {data.ClassCount} classes";
        var counts = labels.GroupBy(l => l).OrderBy(g => g.Key).ToList();
        foreach (var group in counts)
        {
            string name = group.Key >= 0 && data.ClassNames is { } classNames && group.Key < classNames.Count ? $" {classNames[group.Key]}" : group.Key < 0 ? " (unknown)" : "";
            yield return $"  {group.Key,4}{name}: {group.Count():N0}";
        }
    }
}
