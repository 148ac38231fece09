using System.Reflection;

namespace TeamsEscalationBot.UnitTests.Architecture;

/// <summary>
/// The shape of the code: the host's folders (each feature under <c>Features/</c>, and the shared top-level folders)
/// refer to one another without a cycle, the domain needs nothing but .NET, and the protocol layer knows neither the
/// domain nor the host.
/// </summary>
[TestClass]
public sealed class LayoutTests
{
    private const string Root = "TeamsEscalationBot";
    private static readonly Assembly Host = typeof(Program).Assembly;
    private static readonly Assembly Domain = Assembly.Load(new AssemblyName($"{Root}.Domain"));
    private static readonly Assembly BotFramework = Assembly.Load(new AssemblyName($"{Root}.BotFramework"));

    [TestMethod]
    public void HostFolders_References_NoCycle()
    {
        var graph = DependencyGraph.Of(Host, HostFolder);

        var cycles = DependencyGraph.FindCycles(graph.Edges);

        Assert.IsEmpty(cycles, "Folders of the host that depend on each other:" + Environment.NewLine + string.Join(
            Environment.NewLine,
            cycles.Select(c => $"{string.Join(" -> ", c)} ({string.Join("; ", c.Zip(c.Skip(1), graph.Why))})")));
    }

    [TestMethod]
    public void HostFolders_Graph_HasEveryFolderOfTheHost()
    {
        // Guards the test above against passing on a graph that lost its nodes or edges (a renamed root namespace, say).
        var graph = DependencyGraph.Of(Host, HostFolder).Edges;
        var folders = Host.GetTypes().Select(HostFolder).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

        var linked = graph.Keys.Concat(graph.Values.SelectMany(t => t)).Distinct().Order(StringComparer.Ordinal).ToList();

        CollectionAssert.AreEqual(folders, linked);
        CollectionAssert.IsSubsetOf(new[] { "Features.Bot", "Features.Complaints", "Features.Workflow", "Cards", "Contracts", "Storage", "Localization" }, folders);
    }

    [TestMethod]
    public void Domain_References_OnlyTheBaseClassLibrary()
    {
        var others = Domain.GetReferencedAssemblies().Select(a => a.Name!).Where(name => !IsBaseClassLibrary(name)).ToList();

        Assert.IsEmpty(others, $"{Root}.Domain refers to {string.Join(", ", others)}");
    }

    [TestMethod]
    public void BotFramework_References_NeitherDomainNorHost()
    {
        var forbidden = new[] { Host.GetName().Name, Domain.GetName().Name };

        var found = BotFramework.GetReferencedAssemblies().Select(a => a.Name).Where(forbidden.Contains).ToList();

        Assert.IsEmpty(found, $"{Root}.BotFramework refers to {string.Join(", ", found)}");
    }

    /// <summary>
    /// The folder a host type lives in: <c>Features.X</c> for namespace <c>TeamsEscalationBot.Features.X…</c>, else the
    /// first part after the root (<c>Storage</c>, <c>Cards</c>, <c>Contracts</c>, <c>Infrastructure</c>,
    /// <c>Localization</c>). Null for types of other assemblies and for <c>Program</c>, which composes them all.
    /// </summary>
    private static string? HostFolder(Type type)
    {
        if (type.Assembly != Host || type.Namespace is not { } ns || !ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = ns[(Root.Length + 1)..].Split('.');
        return parts[0] != "Features" ? parts[0] : parts.Length > 1 ? $"Features.{parts[1]}" : null;
    }

    private static bool IsBaseClassLibrary(string name) =>
        name is "System" or "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal);
}
