using System.Text.RegularExpressions;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.Repository;

/// <summary>The README stays a five-minute read, and everything moved out of it stays reachable.</summary>
[TestClass]
public sealed partial class DocumentationTests
{
    private static string Docs => Path.Combine(RepositoryPaths.Root, "docs");

    [TestMethod]
    public void Readme_Length_AtMostOneHundredFiftyLines() =>
        Assert.IsLessThanOrEqualTo(150, File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md")).Length);

    [TestMethod]
    public void Readme_NewcomerCommands_StartAndTestNearTheTop()
    {
        var top = string.Join('\n', File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md")).Take(20));
        StringAssert.Contains(top, "dotnet run --project src/TeamsEscalationBot");
        StringAssert.Contains(top, "npm ci && dotnet test --solution TeamsEscalationBot.sln -c Release");
    }

    [TestMethod]
    public void DocsIndex_EveryPage_Listed()
    {
        var index = File.ReadAllText(Path.Combine(Docs, "README.md"));
        var missing = Directory.GetFiles(Docs, "*.md")
            .Select(Path.GetFileName)
            .Where(name => name != "README.md" && !index.Contains($"]({name})", StringComparison.Ordinal))
            .ToList();
        Assert.IsEmpty(missing, "not in docs/README.md: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void Links_RelativeInReadmeAndDocs_PointAtFilesThatExist()
    {
        var pages = Directory.GetFiles(Docs, "*.md").Append(Path.Combine(RepositoryPaths.Root, "README.md"));
        var broken = pages
            .SelectMany(page => RelativeLink().Matches(File.ReadAllText(page)).Select(m => (page, target: m.Groups["target"].Value)))
            .Where(link => !File.Exists(Resolve(link.page, link.target)) && !Directory.Exists(Resolve(link.page, link.target)))
            .Select(link => $"{Path.GetFileName(link.page)} -> {link.target}")
            .ToList();
        Assert.IsEmpty(broken, string.Join(Environment.NewLine, broken));
    }

    private static string Resolve(string page, string target) => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, target));

    [GeneratedRegex(@"\]\((?<target>(?!https?:|mailto:|#)[^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex RelativeLink();
}
