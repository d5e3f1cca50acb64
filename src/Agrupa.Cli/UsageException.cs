namespace Agrupa.Cli;

/// <summary>Wrong, missing or conflicting command-line arguments; reported on one line with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
