using System.Text.Json.Nodes;
using TeamsEscalationBot.TestHarness.Recording;

namespace TeamsEscalationBot.TestHarness.Graph;

/// <summary>A user the fake Graph knows, by id and by user principal name.</summary>
public sealed record FakeGraphUser(string Id, string DisplayName, string? Mail = null, string? JobTitle = null, string? UserPrincipalName = null);

/// <summary>One request made to the fake Graph, with what it answered.</summary>
public sealed record GraphRequest(string Method, string Path, string Query, string Body, string? Authorization, int Status, DateTimeOffset At)
{
    public JsonNode? Json => string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body);

    public bool Succeeded => Status is >= 200 and < 300;

    public bool IsUserGet => Method == "GET" && Path.Count(c => c == '/') == 3 && Path.StartsWith("/v1.0/users/", StringComparison.Ordinal);

    public bool IsCheckMemberGroups => Method == "POST" && Path.EndsWith("/checkMemberGroups", StringComparison.Ordinal);

    public bool IsInstallApp => Method == "POST" && Path.EndsWith("/teamwork/installedApps", StringComparison.Ordinal);

    public bool IsActivityNotification => Method == "POST" && Path.EndsWith("/teamwork/sendActivityNotification", StringComparison.Ordinal);
}

/// <summary>
/// A failure the fake Graph answers instead of success, for the next <see cref="Count"/> matching requests, with a
/// Graph-shaped body <c>{"error":{"code","message"}}</c>.
/// </summary>
public sealed record GraphFault(int Status, int Count = 1) : IInjectedFault<GraphRequest>
{
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The Graph error code; null means the usual one for the status.</summary>
    public string? Code { get; init; }

    public string? Message { get; init; }

    /// <summary>Which requests this fault applies to; null means any request.</summary>
    public Func<GraphRequest, bool>? Match { get; init; }
}
