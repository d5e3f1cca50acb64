using System.Globalization;
using System.Net;
using System.Text;
using Agrupa.Data;
using Agrupa.Experiments;

namespace Agrupa.Plots;

/// <summary>
/// <c>index.html</c> of several experiments (e.g. <c>agrupa run</c>'s one per data set): each experiment's summary table
/// and a link to its own self-contained report. Inline CSS, no images, no script, no external reference.
/// </summary>
public static class ReportIndex
{
    /// <summary>Writes <c>index.html</c> into <paramref name="directory"/>; returns its path.</summary>
    public static string Write(string directory, string title, IReadOnlyList<ExperimentOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(outcomes);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n<style>\n")
            .Append("body { margin: 0; background: #f6f7f9; color: #1d232b; font: 16px/1.5 \"DejaVu Sans\", Arial, sans-serif; }\n")
            .Append("main { max-width: 1120px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }\n")
            .Append("table { border-collapse: collapse; margin: 8px 0 24px; font-size: 15px; }\n")
            .Append("th, td { padding: 5px 10px; border-bottom: 1px solid #dde1e6; text-align: right; }\n")
            .Append("th:first-child, td:first-child { text-align: left; } thead th { background: #eef1f5; }\n</style>\n</head>\n<body>\n<main>\n")
            .Append("<h1>").Append(E(title)).Append("</h1>\n");
        foreach (ExperimentOutcome outcome in outcomes)
        {
            string relative = Path.GetRelativePath(Path.GetFullPath(directory), outcome.Layout.ReportPath).Replace('\\', '/');
            html.Append("<h2>").Append(E(outcome.Spec.Name)).Append("</h2>\n<p>").Append(E(outcome.Data.ToString())).Append(" — <a href=\"")
                .Append(E(relative)).Append("\">full report</a></p>\n<table>\n<thead><tr><th>pipeline</th>");
            foreach (string metric in outcome.Summary.Metrics) html.Append("<th>").Append(E(metric.ToUpperInvariant())).Append("</th>");
            html.Append("<th>time (s)</th></tr></thead>\n<tbody>\n");
            foreach (SummaryRow row in outcome.Summary.Rows)
            {
                html.Append("<tr><td>").Append(E(row.Pipeline)).Append("</td>");
                foreach (string metric in outcome.Summary.Metrics) html.Append("<td>").Append(E(row.Metrics[metric].Format())).Append("</td>");
                html.Append("<td>").Append(E(row.TotalSeconds.Format(2))).Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
        }
        html.Append("<p>Generated ").Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(".</p>\n</main>\n</body>\n</html>\n");
        string path = Path.Combine(directory, "index.html");
        AtomicFile.Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(html.ToString())));
        return path;
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
