using TeamsEscalationBot.UnitTests.Architecture.Samples.Left;

namespace TeamsEscalationBot.UnitTests.Architecture;

/// <summary>The cycle finder on graphs made by hand, and the reference scanner on sample types of this assembly.</summary>
[TestClass]
public sealed class DependencyGraphTests
{
    private const string SamplesPrefix = "TeamsEscalationBot.UnitTests.Architecture.Samples.";

    [TestMethod]
    public void FindCycles_ThreeNodesInARing_NamesTheRing()
    {
        var graph = Graph(("A", "B"), ("B", "C"), ("C", "A"), ("D", "A"));

        var cycles = DependencyGraph.FindCycles(graph);

        Assert.HasCount(1, cycles);
        Assert.AreEqual("A -> B -> C -> A", string.Join(" -> ", cycles[0]));
    }

    [TestMethod]
    public void FindCycles_TwoSeparateCycles_NamesBoth()
    {
        var graph = Graph(
            ("Features.Bot", "Features.TeamsIntake"),
            ("Features.TeamsIntake", "Features.Bot"),
            ("Features.TeamsIntake", "Storage"),
            ("Storage", "Features.Installations"),
            ("Features.Installations", "Storage"));

        var cycles = DependencyGraph.FindCycles(graph).Select(c => string.Join(" -> ", c)).ToList();

        CollectionAssert.AreEqual(
            new[] { "Features.Bot -> Features.TeamsIntake -> Features.Bot", "Features.Installations -> Storage -> Features.Installations" },
            cycles);
    }

    [TestMethod]
    public void FindCycles_ShortcutInsideALargerRing_NamesAShortestCycle()
    {
        var graph = Graph(("A", "B"), ("B", "C"), ("C", "D"), ("D", "A"), ("B", "A"));

        var cycles = DependencyGraph.FindCycles(graph);

        Assert.HasCount(1, cycles);
        Assert.AreEqual("A -> B -> A", string.Join(" -> ", cycles[0]));
    }

    [TestMethod]
    public void FindCycles_AcyclicGraph_None()
    {
        var graph = Graph(("A", "B"), ("A", "C"), ("B", "C"), ("C", "D"), ("A", "D"));

        Assert.IsEmpty(DependencyGraph.FindCycles(graph));
    }

    [TestMethod]
    public void FindCycles_EmptyGraph_None() =>
        Assert.IsEmpty(DependencyGraph.FindCycles(new Dictionary<string, IReadOnlyCollection<string>>()));

    [TestMethod]
    public void Of_ReferencesOnlyInALambdaAndAnAsyncBody_FoundAsACycle()
    {
        // Left refers to Right only inside a lambda, Right to Left only after an await: both live in compiler-generated types.
        Assert.AreEqual(42, Caller.Later()());

        var graph = DependencyGraph.Of(typeof(Caller).Assembly, SampleNode);
        var cycles = DependencyGraph.FindCycles(graph.Edges);

        Assert.HasCount(1, cycles);
        Assert.AreEqual("Left -> Right -> Left", string.Join(" -> ", cycles[0]));
        Assert.AreEqual("Caller uses Callee", graph.Why("Left", "Right"));
        Assert.AreEqual("Awaiter uses Caller", graph.Why("Right", "Left"));
    }

    private static string? SampleNode(Type type) =>
        type.Namespace is { } ns && ns.StartsWith(SamplesPrefix, StringComparison.Ordinal) ? ns[SamplesPrefix.Length..].Split('.')[0] : null;

    private static Dictionary<string, IReadOnlyCollection<string>> Graph(params (string From, string To)[] edges) =>
        edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)[.. g.Select(e => e.To)]);
}
