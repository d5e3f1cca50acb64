using Agrupa.Cli;

namespace Agrupa.Tests.Cli;

/// <summary>Runs the CLI in-process with captured standard output and error.</summary>
internal static class CliHarness
{
    /// <summary>Runs <c>agrupa <paramref name="args"/></c>; returns the exit code and what it printed.</summary>
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApplication.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
