using System.Reflection;

namespace TeamsEscalationBot.UnitTests.Architecture;

/// <summary>Which node (a folder of an assembly) refers to which other, with one reference per edge that shows why.</summary>
internal sealed class DependencyGraph
{
    private readonly SortedDictionary<string, SortedDictionary<string, string>> _edges = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> Edges =>
        _edges.ToDictionary(e => e.Key, e => (IReadOnlyCollection<string>)[.. e.Value.Keys], StringComparer.Ordinal);

    /// <summary>
    /// The graph of <paramref name="assembly"/>'s types by <paramref name="nodeOf"/> (null: not a node). A nested type,
    /// a lambda's closure or an async state machine included, belongs to the namespace of the type it is declared in.
    /// </summary>
    public static DependencyGraph Of(Assembly assembly, Func<Type, string?> nodeOf)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(nodeOf);
        var graph = new DependencyGraph();
        foreach (var type in assembly.GetTypes())
        {
            if (nodeOf(type) is not { } from)
            {
                continue;
            }

            foreach (var referenced in TypeReferences.Of(type))
            {
                if (nodeOf(referenced) is { } to && to != from)
                {
                    graph.Add(from, to, $"{Outermost(type).Name} uses {Outermost(referenced).Name}");
                }
            }
        }

        return graph;
    }

    /// <summary>The first reference found for the edge, e.g. "EscalationBot uses ChatCommandHandler".</summary>
    public string Why(string from, string to) => _edges[from][to];

    /// <summary>
    /// One cycle for each group of nodes that reach one another (a strongly connected component), as the node names
    /// from the group's first node (ordinal order) round to it again, e.g. <c>["A", "B", "A"]</c>. Empty when the graph
    /// has no cycle; an edge from a node to itself is not a cycle.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> FindCycles(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return [.. StronglyConnected(graph).Where(c => c.Count > 1).Select(c => ShortestCycle(graph, c)).OrderBy(c => c[0], StringComparer.Ordinal)];
    }

    private void Add(string from, string to, string why)
    {
        if (!_edges.TryGetValue(from, out var targets))
        {
            _edges[from] = targets = new SortedDictionary<string, string>(StringComparer.Ordinal);
        }

        targets.TryAdd(to, why);
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } declaring)
        {
            type = declaring;
        }

        return type;
    }

    private static IReadOnlyCollection<string> Targets(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph, string node) =>
        graph.TryGetValue(node, out var targets) ? targets : [];

    /// <summary>Tarjan's algorithm; the graphs here have a handful of nodes, so recursion is fine.</summary>
    private static List<HashSet<string>> StronglyConnected(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<HashSet<string>>();
        var nodes = graph.Keys.Concat(graph.Values.SelectMany(t => t)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return components;

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var next in Targets(graph, node))
            {
                if (!index.TryGetValue(next, out var nextIndex))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (stack.Contains(next))
                {
                    low[node] = Math.Min(low[node], nextIndex);
                }
            }

            if (low[node] == index[node])
            {
                var component = new HashSet<string>(StringComparer.Ordinal);
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);

                components.Add(component);
            }
        }
    }

    /// <summary>The shortest way from the component's first node back to it, staying inside the component.</summary>
    private static List<string> ShortestCycle(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph, HashSet<string> component)
    {
        var start = component.Order(StringComparer.Ordinal).First();
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var node))
        {
            foreach (var next in Targets(graph, node).Where(component.Contains).Order(StringComparer.Ordinal))
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (var at = node; at != start; at = cameFrom[at])
                    {
                        path.Add(at);
                    }

                    path.Add(start);
                    path.Reverse();
                    return path;
                }

                if (cameFrom.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }

        throw new InvalidOperationException("A strongly connected component of more than one node always has a cycle.");
    }
}
