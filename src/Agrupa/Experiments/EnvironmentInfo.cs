using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Agrupa.Runtime;

namespace Agrupa.Experiments;

/// <summary>Versions and machine of a run, for reports: Agrupa, .NET, TorchSharp and libtorch; CPU, cores, threads, memory, OS.</summary>
public sealed record EnvironmentInfo
{
    /// <summary>Agrupa's informational version.</summary>
    public required string Agrupa { get; init; }

    /// <summary>The .NET runtime (".NET 10.0.0").</summary>
    public required string DotNet { get; init; }

    /// <summary>TorchSharp's assembly version and the libtorch version.</summary>
    public required string Torch { get; init; }

    /// <summary>CPU model (from /proc/cpuinfo on Linux), or the architecture.</summary>
    public required string Processor { get; init; }

    /// <summary>Logical cores.</summary>
    public int Cores { get; init; }

    /// <summary>Agrupa's thread budget (<see cref="ThreadBudget.Threads"/>).</summary>
    public int Threads { get; init; }

    /// <summary>Physical memory, GiB.</summary>
    public double MemoryGigabytes { get; init; }

    /// <summary>Operating system description.</summary>
    public required string OperatingSystem { get; init; }

    /// <summary>Reads the current process's environment.</summary>
    public static EnvironmentInfo Current()
    {
        string agrupa = typeof(EnvironmentInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        string torch;
        try
        {
            torch = $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, libtorch {TorchSharp.torch.__version__}";
        }
        catch (Exception exception) when (exception is DllNotFoundException or TypeInitializationException or NotSupportedException)
        {
            torch = $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version} (native library not loaded: {exception.GetType().Name})";
        }
        return new EnvironmentInfo
        {
            Agrupa = agrupa, DotNet = RuntimeInformation.FrameworkDescription, Torch = torch, Processor = ProcessorName(),
            Cores = Environment.ProcessorCount, Threads = ThreadBudget.Threads, MemoryGigabytes = MemoryGigabytesTotal(),
            OperatingSystem = RuntimeInformation.OSDescription,
        };
    }

    private static string ProcessorName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is int colon and > 0)
                        return line[(colon + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static double MemoryGigabytesTotal()
    {
        try
        {
            if (File.Exists("/proc/meminfo"))
                foreach (string line in File.ReadLines("/proc/meminfo"))
                    if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                        return double.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / (1024.0 * 1024.0);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024.0 * 1024.0);
    }
}
