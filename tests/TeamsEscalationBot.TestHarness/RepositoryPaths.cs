namespace TeamsEscalationBot.TestHarness;

/// <summary>Finds the repository (the folder with TeamsEscalationBot.sln) and the folders the tests read.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Real and documented protocol payloads (tests/payloads, provenance in its README).</summary>
    public static string Payloads => Path.Combine(Root, "tests", "payloads");

    public static string Payload(params string[] relative) => Path.Combine([Payloads, .. relative]);

    public static string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>A file under node_modules, with a clear message when <c>npm ci</c> has not run.</summary>
    public static string NodeModule(params string[] relative)
    {
        var path = Path.Combine([NodeModules, .. relative]);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"'{path}' is missing: run 'npm ci' in {Root} first.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TeamsEscalationBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No TeamsEscalationBot.sln above {AppContext.BaseDirectory}.");
    }
}
