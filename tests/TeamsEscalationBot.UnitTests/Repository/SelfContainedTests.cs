using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.Repository;

/// <summary>A clone is all a maintainer has: nothing in it may read or point at a folder beside the repository.</summary>
[TestClass]
public sealed class SelfContainedTests
{
    // Built from parts so that this file does not match itself.
    private static readonly string[] OutsidePaths = [string.Concat("..", "/shared"), string.Concat("shared", "/reference")];
    private static readonly string[] Folders = ["src", "tests", "docs", "scripts", "manifest", "infra", "playground"];
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", "TestResults"];
    private static readonly string[] TextExtensions = [".cs", ".csproj", ".md", ".mjs", ".cjs", ".js", ".json", ".sh", ".bicep", ".bicepparam", ".yml", ".yaml", ".props"];

    [TestMethod]
    public void RepositoryFiles_AnyText_NeverPointOutsideTheRepository()
    {
        var offenders = RepositoryFiles()
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(x => OutsidePaths.Any(p => x.line.Contains(p, StringComparison.OrdinalIgnoreCase)))
            .Select(x => $"{Path.GetRelativePath(RepositoryPaths.Root, x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();

        Assert.IsEmpty(offenders, string.Join(Environment.NewLine, offenders));
    }

    [TestMethod]
    public void Payloads_InRepository_InboundAndConnectorSamplesPresent()
    {
        Assert.IsTrue(File.Exists(RepositoryPaths.Payload("README.md")), "tests/payloads/README.md records where each sample came from");
        Assert.IsGreaterThanOrEqualTo(10, Directory.GetFiles(RepositoryPaths.Payload("inbound"), "*.json").Length);
    }

    private static IEnumerable<string> RepositoryFiles() =>
        Folders.Select(f => Path.Combine(RepositoryPaths.Root, f))
            .Where(Directory.Exists)
            .SelectMany(root => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            .Where(f => TextExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f => !Path.GetRelativePath(RepositoryPaths.Root, f).Split(Path.DirectorySeparatorChar).Any(SkippedFolders.Contains))
            .Append(Path.Combine(RepositoryPaths.Root, "README.md"));
}
