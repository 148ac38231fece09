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

/// <summary>One <c>POST /users/{user}/teamwork/sendActivityNotification</c> the fake Graph answered, read.</summary>
public sealed record GraphActivityNotice(string User, string? ActivityType, JsonNode? Body, int Status)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public string? WebUrl => Body?["topic"]?["webUrl"]?.GetValue<string>();

    public string? Topic => Body?["topic"]?["value"]?.GetValue<string>();

    public string? PreviewText => Body?["previewText"]?["content"]?.GetValue<string>();

    /// <summary>The template parameters by name.</summary>
    public IReadOnlyDictionary<string, string?> TemplateParameters =>
        (Body?["templateParameters"] as JsonArray ?? []).Where(p => p?["name"] is not null)
            .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["value"]?.GetValue<string>(), StringComparer.Ordinal);

    public static GraphActivityNotice From(GraphRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // /v1.0/users/{user}/teamwork/sendActivityNotification
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var user = segments.Length > 2 ? Uri.UnescapeDataString(segments[2]) : string.Empty;
        var body = request.Json;
        return new GraphActivityNotice(user, body?["activityType"]?.GetValue<string>(), body, request.Status);
    }
}
