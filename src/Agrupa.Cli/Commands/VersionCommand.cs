using System.CommandLine;
using System.Reflection;

namespace Agrupa.Cli.Commands;

/// <summary><c>agrupa version</c>: the Agrupa, .NET and TorchSharp versions.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the versions of Agrupa, .NET and the torch runtime.");
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            output.WriteLine($"agrupa {typeof(Agrupa.Data.Dataset).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}");
            output.WriteLine($".NET {Environment.Version}");
            output.WriteLine($"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, libtorch {TorchSharp.torch.__version__}");
            return ExitCodes.Success;
        });
        return command;
    }
}
