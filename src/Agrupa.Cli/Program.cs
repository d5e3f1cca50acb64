using System.CommandLine;
using Agrupa.Cli;
using Agrupa.Cli.Commands;

return CliApplication.Run(args);
