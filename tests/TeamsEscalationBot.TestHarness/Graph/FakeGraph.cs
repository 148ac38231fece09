using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using TeamsEscalationBot.TestHarness.Recording;

namespace TeamsEscalationBot.TestHarness.Graph;

/// <summary>
/// A stand-in for Microsoft Graph v1.0 on 127.0.0.1, for the real Graph SDK: users (by id or UPN, honouring
/// <c>$select</c>), transitive group membership (<c>checkMemberGroups</c>, and a group's <c>transitiveMembers</c> in pages
/// with <c>@odata.nextLink</c>), per-user Teams app installations (409 when
/// already installed), activity-feed notifications (204). It records every request with its Authorization header,
/// answers Graph-shaped errors, can inject failures (429 with Retry-After, 503, 403, …) and can hold its answers.
/// </summary>
public sealed class FakeGraph : IAsyncDisposable
{
    private static readonly string[] DefaultUserProperties = ["id", "displayName", "mail", "jobTitle", "userPrincipalName"];

    private readonly ConcurrentDictionary<string, FakeGraphUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _memberOf = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _installedApps = new(StringComparer.OrdinalIgnoreCase);
    private readonly RequestLog<GraphRequest> _requests = new("Graph request");
    private readonly InjectedFaults<GraphRequest, GraphFault> _faults = new();
    private TaskCompletionSource _gate = CompletedGate();
    private GraphOutage? _outage;
    private WebApplication? _app;
    private int _received;

    private FakeGraph()
    {
    }

    /// <summary>The Graph root to configure as <c>Graph:BaseUrl</c>: <c>http://127.0.0.1:PORT/v1.0</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>When true (the default), requests without a bearer token get 401 like Graph.</summary>
    public bool RequireAuthorization { get; set; } = true;

    /// <summary>Requests that arrived, including those still held by <see cref="HoldAnswers"/>.</summary>
    public int ReceivedCount => Volatile.Read(ref _received);

    /// <summary>Answered requests, in order.</summary>
    public IReadOnlyList<GraphRequest> Requests => _requests.Items;

    /// <summary>Activity-feed notifications that were accepted (204).</summary>
    public IReadOnlyList<GraphRequest> Notifications => [.. _requests.Items.Where(r => r.IsActivityNotification && r.Succeeded)];

    /// <summary>Every <c>sendActivityNotification</c> call that was answered (accepted or not), read: user, activity type, body.</summary>
    public IReadOnlyList<GraphActivityNotice> ActivityNotices => [.. _requests.Items.Where(r => r.IsActivityNotification).Select(GraphActivityNotice.From)];

    /// <summary>Waits (bounded) until at least <paramref name="count"/> answered notification calls match; returns them.</summary>
    public async Task<IReadOnlyList<GraphActivityNotice>> WaitForActivityNoticesAsync(
        Func<GraphActivityNotice, bool> predicate, int count = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var requests = await _requests.WaitForAsync(r => r.IsActivityNotification && predicate(GraphActivityNotice.From(r)), count, timeout, cancellationToken);
        return [.. requests.Select(GraphActivityNotice.From)];
    }

    public static async Task<FakeGraph> StartAsync()
    {
        var graph = new FakeGraph();
        await graph.StartServerAsync();
        return graph;
    }

    public FakeGraphUser AddUser(FakeGraphUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _users[user.Id] = user;
        if (user.UserPrincipalName is not null)
        {
            _users[user.UserPrincipalName] = user;
        }

        return user;
    }

    /// <summary>Makes <paramref name="memberId"/> (a user or a group) a direct member of <paramref name="groupId"/>.</summary>
    public void AddMember(string groupId, string memberId) =>
        _memberOf.GetOrAdd(memberId, _ => new(StringComparer.OrdinalIgnoreCase))[groupId] = 0;

    /// <summary>Every group the user or group belongs to, directly or through nested groups (what checkMemberGroups sees).</summary>
    public IReadOnlySet<string> TransitiveGroupsOf(string memberId)
    {
        var groups = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<string>([memberId]);
        while (pending.TryDequeue(out var current))
        {
            foreach (var group in _memberOf.GetValueOrDefault(current)?.Keys ?? Enumerable.Empty<string>())
            {
                if (groups.Add(group))
                {
                    pending.Enqueue(group);
                }
            }
        }

        return groups;
    }

    /// <summary>Members per page of <c>/groups/{id}/transitiveMembers</c> at most (Graph's own limit is 999 with <c>$top</c>).</summary>
    public int MemberPageSize { get; set; } = 100;

    public void MarkInstalled(string userId, string catalogAppId) =>
        _installedApps.GetOrAdd(userId, _ => new(StringComparer.OrdinalIgnoreCase))[catalogAppId] = Guid.NewGuid().ToString("N");

    /// <summary>Catalog app ids installed for the user.</summary>
    public IReadOnlyCollection<string> InstalledApps(string userId) => [.. _installedApps.GetValueOrDefault(userId)?.Keys ?? Enumerable.Empty<string>()];

    public void EnqueueFault(GraphFault fault) => _faults.Add(fault);

    /// <summary>
    /// Answers every request with <paramref name="status"/> (429 or 503, say), with <c>Retry-After</c> when
    /// <paramref name="retryAfter"/> is given, until <see cref="EndOutage"/> or, when <paramref name="period"/> is given,
    /// until that much time has passed on <paramref name="time"/> (the system clock by default). Queued faults come after it.
    /// </summary>
    public void BeginOutage(int status, TimeSpan? retryAfter = null, TimeSpan? period = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        Volatile.Write(ref _outage, new GraphOutage(status, retryAfter, period is { } p ? time.GetUtcNow() + p : null, time));
    }

    public void EndOutage() => Volatile.Write(ref _outage, null);

    /// <summary>True while an outage begun with <see cref="BeginOutage"/> lasts.</summary>
    public bool InOutage => Volatile.Read(ref _outage) is { } outage && outage.Lasts();

    /// <summary>Holds every answer until <see cref="ReleaseAnswers"/> (requests still arrive and are counted).</summary>
    public void HoldAnswers() => Interlocked.Exchange(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void ReleaseAnswers() => Volatile.Read(ref _gate).TrySetResult();

    /// <summary>Waits (bounded) until at least <paramref name="count"/> answered requests match; returns them.</summary>
    public Task<IReadOnlyList<GraphRequest>> WaitForRequestsAsync(
        Func<GraphRequest, bool> predicate, int count = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _requests.WaitForAsync(predicate, count, timeout, cancellationToken);

    /// <summary>Waits (bounded) until at least <paramref name="count"/> requests have arrived, answered or held; returns how many.</summary>
    public Task<int> WaitForReceivedAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Eventually.UntilAsync(
            _ => Task.FromResult(ReceivedCount), received => received >= count, cancellationToken, timeout, $"for {count} Graph request(s) to arrive");

    public async ValueTask DisposeAsync()
    {
        ReleaseAnswers();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }

    private async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        MapUsers(_app);
        _app.MapFallback((Delegate)((HttpContext c) =>
            Handle(c, _ => (400, Error("BadRequest", $"The fake Graph does not serve {c.Request.Method} {c.Request.Path}.")))));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/') + "/v1.0";
    }

    private void MapUsers(WebApplication app)
    {
        app.MapGet("/v1.0/users/{user}", (HttpContext c, string user) => Handle(c, _ => GetUser(user, c.Request.Query["$select"].ToString())));
        app.MapPost("/v1.0/users/{user}/checkMemberGroups", (HttpContext c, string user) => Handle(c, body => CheckMemberGroups(user, body)));
        app.MapGet("/v1.0/groups/{group}/transitiveMembers", (HttpContext c, string group) =>
            Handle(c, _ => TransitiveMembers(group, c.Request.Query["$top"].ToString(), c.Request.Query["$skiptoken"].ToString())));
        app.MapGet("/v1.0/users/{user}/teamwork/installedApps", (HttpContext c, string user) => Handle(c, _ => ListInstalledApps(user)));
        app.MapPost("/v1.0/users/{user}/teamwork/installedApps", (HttpContext c, string user) => Handle(c, body => InstallApp(user, body)));
        app.MapPost("/v1.0/users/{user}/teamwork/sendActivityNotification", (HttpContext c, string user) => Handle(c, body => SendActivityNotification(user, body)));
    }

    /// <summary>
    /// The documented shape (userteamwork-sendactivitynotification, teamworkActivityTopic): <c>topic</c> and
    /// <c>activityType</c> required, a <c>text</c> topic needs a <c>webUrl</c>, template parameters are name/value pairs.
    /// </summary>
    private (int, JsonObject?) SendActivityNotification(string user, JsonNode? body)
    {
        if (body?["topic"] is not JsonObject topic || body["activityType"] is null)
        {
            return (400, Error("BadRequest", "topic and activityType are required."));
        }

        if (topic["source"]?.GetValue<string>() == "text" && string.IsNullOrWhiteSpace(topic["webUrl"]?.GetValue<string>()))
        {
            return (400, Error("BadRequest", "topic.webUrl is required when topic.source is text."));
        }

        if (body["templateParameters"] is JsonArray parameters && parameters.Any(p => p?["name"] is null || p["value"] is null))
        {
            return (400, Error("BadRequest", "templateParameters must be name/value pairs."));
        }

        return _users.ContainsKey(user) ? (204, null) : UserNotFound(user);
    }

    private (int, JsonObject?) GetUser(string key, string select)
    {
        if (!_users.TryGetValue(key, out var user))
        {
            return UserNotFound(key);
        }

        var properties = string.IsNullOrWhiteSpace(select)
            ? DefaultUserProperties
            : select.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = user.Id,
            ["displayName"] = user.DisplayName,
            ["mail"] = user.Mail,
            ["jobTitle"] = user.JobTitle,
            ["userPrincipalName"] = user.UserPrincipalName,
        };
        var json = new JsonObject { ["@odata.context"] = $"{BaseUrl}/$metadata#users({string.Join(',', properties)})/$entity" };
        foreach (var property in properties.Where(all.ContainsKey))
        {
            json[property] = all[property];
        }

        return (200, json);
    }

    private (int, JsonObject?) CheckMemberGroups(string key, JsonNode? body)
    {
        if (body?["groupIds"] is not JsonArray ids || ids.Count is 0 or > 20)
        {
            return (400, Error("Request_BadRequest", "groupIds must list 1 to 20 group ids."));
        }

        if (!_users.TryGetValue(key, out var user))
        {
            return UserNotFound(key);
        }

        var groups = TransitiveGroupsOf(user.Id);
        var matching = ids.Select(id => id?.GetValue<string>()).Where(id => id is not null && groups.Contains(id)).Select(id => (JsonNode?)id);
        return (200, new JsonObject
        {
            ["@odata.context"] = $"{BaseUrl}/$metadata#Collection(Edm.String)",
            ["value"] = new JsonArray([.. matching]),
        });
    }

    /// <summary>
    /// Users and groups in the group, nested groups included (as Graph answers: a nested group is listed too, with its
    /// <c>@odata.type</c>), ordered by id, in pages of <see cref="MemberPageSize"/> (or <c>$top</c>) with an <c>@odata.nextLink</c>.
    /// </summary>
    private (int, JsonObject?) TransitiveMembers(string groupId, string top, string skipToken)
    {
        var members = _memberOf.Keys.Where(m => TransitiveGroupsOf(m).Contains(groupId)).Order(StringComparer.OrdinalIgnoreCase).ToList();
        if (members.Count == 0 && !_memberOf.Values.Any(groups => groups.ContainsKey(groupId)))
        {
            return (404, Error("Request_ResourceNotFound", $"Resource '{groupId}' does not exist or one of its queried reference-property objects are not present."));
        }

        var size = Math.Min(MemberPageSize, int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked > 0 ? asked : int.MaxValue);
        var skip = int.TryParse(skipToken, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : 0;
        var page = members.Skip(skip).Take(size).Select(id => (JsonNode?)new JsonObject
        {
            ["@odata.type"] = _users.ContainsKey(id) ? "#microsoft.graph.user" : "#microsoft.graph.group",
            ["id"] = id,
        });
        var json = new JsonObject
        {
            ["@odata.context"] = $"{BaseUrl}/$metadata#directoryObjects(id)",
            ["value"] = new JsonArray([.. page]),
        };
        if (skip + size < members.Count)
        {
            json["@odata.nextLink"] = string.Create(CultureInfo.InvariantCulture, $"{BaseUrl}/groups/{groupId}/transitiveMembers?$top={size}&$skiptoken={skip + size}");
        }

        return (200, json);
    }

    private (int, JsonObject?) ListInstalledApps(string key)
    {
        if (!_users.TryGetValue(key, out var user))
        {
            return UserNotFound(key);
        }

        var apps = _installedApps.GetValueOrDefault(user.Id) ?? new ConcurrentDictionary<string, string>();
        return (200, new JsonObject
        {
            ["value"] = new JsonArray([.. apps.Select(a => (JsonNode?)new JsonObject { ["id"] = a.Value, ["teamsApp"] = new JsonObject { ["id"] = a.Key } })]),
        });
    }

    private (int, JsonObject?) InstallApp(string key, JsonNode? body)
    {
        var bind = body?["teamsApp@odata.bind"]?.GetValue<string>();
        const string Marker = "/appCatalogs/teamsApps/";
        var at = bind?.LastIndexOf(Marker, StringComparison.OrdinalIgnoreCase) ?? -1;
        if (bind is null || at < 0 || at + Marker.Length >= bind.Length)
        {
            return (400, Error("BadRequest", "teamsApp@odata.bind must name appCatalogs/teamsApps/{id}."));
        }

        if (!_users.TryGetValue(key, out var user))
        {
            return UserNotFound(key);
        }

        var appId = bind[(at + Marker.Length)..];
        var apps = _installedApps.GetOrAdd(user.Id, _ => new(StringComparer.OrdinalIgnoreCase));
        var installationId = Guid.NewGuid().ToString("N");
        return apps.TryAdd(appId, installationId)
            ? (201, new JsonObject { ["@odata.type"] = "#microsoft.graph.userScopeTeamsAppInstallation", ["id"] = installationId })
            : (409, Error("Conflict", "App is already installed."));
    }

    private static (int, JsonObject?) UserNotFound(string key) =>
        (404, Error("Request_ResourceNotFound", $"Resource '{key}' does not exist or one of its queried reference-property objects are not present."));

    private async Task<IResult> Handle(HttpContext context, Func<JsonNode?, (int Status, JsonObject? Body)> answer)
    {
        Interlocked.Increment(ref _received);
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var authorization = context.Request.Headers.Authorization.ToString();
        var request = new GraphRequest(
            context.Request.Method, context.Request.Path.Value ?? string.Empty, context.Request.QueryString.Value ?? string.Empty, body,
            authorization.Length > 0 ? authorization : null, 0, DateTimeOffset.UtcNow);

        var (status, json, retryAfter) = Respond(request, answer);
        await Volatile.Read(ref _gate).Task.WaitAsync(context.RequestAborted);
        _requests.Add(request with { Status = status });
        RetryAfterHeader.Set(context.Response, retryAfter);

        return json is null ? Results.StatusCode(status) : Results.Json(json, statusCode: status);
    }

    private (int Status, JsonObject? Body, TimeSpan? RetryAfter) Respond(GraphRequest request, Func<JsonNode?, (int Status, JsonObject? Body)> answer)
    {
        if (RequireAuthorization && request.Authorization?.StartsWith("Bearer ", StringComparison.Ordinal) != true)
        {
            return (401, Error("InvalidAuthenticationToken", "Access token is empty."), null);
        }

        if (Volatile.Read(ref _outage) is { } outage && outage.Lasts())
        {
            return (outage.Status, Error(DefaultCode(outage.Status), "Injected outage."), outage.RetryAfter);
        }

        if (_faults.Take(request) is { } fault)
        {
            return (fault.Status, Error(fault.Code ?? DefaultCode(fault.Status), fault.Message ?? "Injected failure."), fault.RetryAfter);
        }

        JsonNode? json;
        try
        {
            json = string.IsNullOrWhiteSpace(request.Body) ? null : JsonNode.Parse(request.Body);
        }
        catch (System.Text.Json.JsonException)
        {
            return (400, Error("BadRequest", "Invalid JSON."), null);
        }

        var (status, body) = answer(json);
        return (status, body, null);
    }

    private static string DefaultCode(int status) => status switch
    {
        401 => "InvalidAuthenticationToken",
        403 => "Authorization_RequestDenied",
        404 => "Request_ResourceNotFound",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => "generalException",
    };

    private static JsonObject Error(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private sealed record GraphOutage(int Status, TimeSpan? RetryAfter, DateTimeOffset? Until, TimeProvider Time)
    {
        public bool Lasts() => Until is not { } until || Time.GetUtcNow() < until;
    }
}
