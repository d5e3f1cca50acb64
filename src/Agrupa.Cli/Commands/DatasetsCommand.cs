using System.CommandLine;
using Agrupa.Data;

namespace Agrupa.Cli.Commands;

/// <summary><c>agrupa datasets</c>: the catalogue — name, source, rows × features, classes, present or not.</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var command = new Command("datasets", "List the data sets Agrupa knows by name: source, size, classes, and whether each is present.");
        var dataDirectory = new Option<string?>("--data-dir")
        {
            Description = "Folder holding mnist/, usps/, cifar-10/ and fashion-mnist/. Default: $AGRUPA_DATA or ~/.local/share/agrupa/datasets.",
        };
        command.Options.Add(dataDirectory);
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            var catalog = new DatasetCatalog(new DatasetCatalogOptions { DataDirectory = parse.GetValue(dataDirectory) });
            IReadOnlyList<DatasetInfo> entries = catalog.Entries;
            string[] header = ["name", "source", "rows×features", "classes", "image", "present"];
            var rows = entries.Select(e => new[]
            {
                e.Name, e.Source, $"{e.Rows:N0}×{e.Features:N0}", e.Classes.ToString(), e.ImageShape?.ToString() ?? "-",
                e.IsPresent ? (e.Location is null ? "yes" : $"yes ({e.Location})") : "no",
            }).ToList();
            var widths = Enumerable.Range(0, header.Length).Select(c => Math.Max(header[c].Length, rows.Max(r => r[c].Length))).ToArray();
            output.WriteLine(string.Join("  ", header.Select((h, c) => h.PadRight(widths[c]))).TrimEnd());
            foreach (string[] row in rows) output.WriteLine(string.Join("  ", row.Select((v, c) => v.PadRight(widths[c]))).TrimEnd());
            foreach (DatasetInfo missing in entries.Where(e => !e.IsPresent))
                output.WriteLine($"{missing.Name}: {missing.HowToGet}");
            return ExitCodes.Success;
        });
        return command;
    }
}
