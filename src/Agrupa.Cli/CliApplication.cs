using System.CommandLine;
using Agrupa.Cli.Commands;
using Agrupa.Data;

namespace Agrupa.Cli;

/// <summary>
/// Builds the <c>agrupa</c> command tree and runs it with the project's exit-code contract:
/// 0 success; 1 a file is missing or unreadable, or the work failed; 2 wrong, missing or conflicting arguments;
/// 130 cancelled (Ctrl+C or SIGTERM; see <see cref="CancellableAction"/>). Errors are one line on stderr; a stack trace only with <c>--verbose</c>.
/// </summary>
internal static class CliApplication
{
    /// <summary>Prints stack traces of failures (all commands).</summary>
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Print full error details (stack traces) on failure.", Recursive = true };

    /// <summary>Threads for torch and the CPU kernels together (all commands).</summary>
    public static readonly Option<int?> Threads = new("--threads") { Description = "Threads for all computation (torch and CPU kernels share one budget). Default: the number of cores.", Recursive = true };

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("agrupa — clustering of high-dimensional data: classical, two-stage (reduce, then cluster) and deep clustering, with honest evaluation and reports.");
        root.Options.Add(Verbose);
        root.Options.Add(Threads);
        foreach (Command command in CommandCatalog.All()) root.Subcommands.Add(command);
        return root;
    }

    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        RootCommand root = BuildRoot();
        ParseResult parse = root.Parse(args);
        bool verbose = parse.Errors.Count == 0 && parse.GetValue(Verbose);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine($"agrupa: {parse.Errors[0].Message.ReplaceLineEndings(" ")} (see 'agrupa --help')");
            return ExitCodes.Usage;
        }
        if (OptionLikeArgument(parse) is { } unknown)
        {
            error.WriteLine($"agrupa: unknown option '{unknown}' for '{parse.CommandResult.Command.Name}' (see 'agrupa {parse.CommandResult.Command.Name} --help'; a file whose name starts with '-' can be given as ./{unknown})");
            return ExitCodes.Usage;
        }
        try
        {
            if (parse.GetValue(Threads) is { } threads)
            {
                if (threads < 1) throw new UsageException($"--threads must be at least 1, got {threads}.");
                Runtime.ThreadBudget.Threads = threads;
            }
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = CancellableAction.GracePeriod, Output = output, Error = error });
        }
        catch (Exception exception)
        {
            return Report(exception, error, verbose);
        }
    }

    /// <summary>
    /// A positional argument value that looks like an option ("--no-such-option", "-x"): System.CommandLine hands an
    /// unknown option to a command's positional argument (inspect DATA, experiment SPEC) instead of reporting it.
    /// Negative numbers are values, not options.
    /// </summary>
    private static string? OptionLikeArgument(ParseResult parse) =>
        parse.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>()
            .SelectMany(argument => argument.Tokens)
            .Select(token => token.Value)
            .FirstOrDefault(value => value.Length > 1 && value[0] == '-' && !double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _));

    /// <summary>Maps an exception to one stderr line and an exit code.</summary>
    internal static int Report(Exception exception, TextWriter error, bool verbose)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerExceptions[0];
        (int code, string message) = exception switch
        {
            UsageException usage => (ExitCodes.Usage, usage.Message),
            ArgumentException argument => (ExitCodes.Usage, argument.Message),
            DataFormatException data => (ExitCodes.Failure, data.Message),
            FileNotFoundException missing => (ExitCodes.Failure, $"file not found: {missing.FileName ?? missing.Message}"),
            DirectoryNotFoundException missing => (ExitCodes.Failure, missing.Message),
            UnauthorizedAccessException denied => (ExitCodes.Failure, denied.Message),
            IOException io => (ExitCodes.Failure, io.Message),
            OperationCanceledException => (ExitCodes.Cancelled, "cancelled."),
            Runtime.MemoryLimitException limit => (ExitCodes.Failure, limit.Message),   // refused up front: estimate and available memory
            InvalidOperationException invalid => (ExitCodes.Failure, invalid.Message),
            _ => (ExitCodes.Failure, $"{exception.GetType().Name}: {exception.Message}"),
        };
        error.WriteLine($"agrupa: {message.ReplaceLineEndings(" ")}");
        if (verbose) error.WriteLine(exception.ToString());
        return code;
    }
}
