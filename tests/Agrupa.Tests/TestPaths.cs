namespace Agrupa.Tests;

/// <summary>Locations the tests read outside their own output folder.</summary>
internal static class TestPaths
{
    /// <summary>The repository root (the folder holding Agrupa.slnx), found from the test assembly's folder.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The project's shared data folder, <c>../shared/data</c> beside the repository (as laid out for CI and sessions).</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Agrupa.slnx"))) return directory.FullName;
        throw new DirectoryNotFoundException($"No Agrupa.slnx above {AppContext.BaseDirectory}.");
    }
}
