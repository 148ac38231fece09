using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using TeamsEscalationBot.TestHarness.Recording;

namespace TeamsEscalationBot.TestHarness.Connector;

/// <summary>
/// A stand-in for the Bot Connector on 127.0.0.1: it publishes OpenID metadata and a JWKS with endorsements (its own
/// RSA keys), mints tokens with them, serves <c>/v3/conversations/…</c>, records every call the bot makes, and can
/// answer with injected failures (429 with Retry-After, 500, 403, …) or a metadata outage.
/// </summary>
public sealed class FakeBotConnector : IAsyncDisposable
{
    public const string DefaultKeyId = "connector-key-1";

    private readonly ConcurrentDictionary<string, SigningKeyMaterial> _keys = new(StringComparer.Ordinal);
    private readonly RequestLog<RecordedCall> _calls = new("connector call");
    private readonly InjectedFaults<RecordedCall, ConnectorFault> _faults = new();
    private readonly ConcurrentDictionary<string, JsonObject> _members = new(StringComparer.OrdinalIgnoreCase);
    private WebApplication? _app;
    private long _nextActivityId = 1_700_000_000_000;
    private int _metadataRequests;
    private int _heldAnswers;
    private TaskCompletionSource _answerGate = OpenGate();
    private int _keysRequests;

    private FakeBotConnector(TeamsLimits? teams = null)
    {
        Teams = teams is null ? null : new TeamsThrottle(teams);
        AddSigningKey(DefaultKeyId, ["msteams"]);
        Tokens = new TokenMinter(kid => _keys[kid], () => DefaultKeyId);
    }

    /// <summary>The serviceUrl of activities "from" this connector, with a trailing slash: <c>http://127.0.0.1:PORT/</c>.</summary>
    public string ServiceUrl { get; private set; } = string.Empty;

    public string OpenIdMetadataUrl => ServiceUrl + "v1/.well-known/openidconfiguration";

    public TokenMinter Tokens { get; }

    /// <summary>While true, the metadata and key endpoints answer 503.</summary>
    public bool MetadataOutage { get; set; }

    /// <summary>
    /// When set, every create-conversation answer carries this <c>serviceUrl</c>, e.g. a blank or malformed one, as a
    /// misbehaving Connector might send; when null the answer has none, as Teams' usually has not.
    /// </summary>
    public string? CreatedConversationServiceUrl { get; set; }

    public int MetadataRequestCount => Volatile.Read(ref _metadataRequests);

    public int KeysRequestCount => Volatile.Read(ref _keysRequests);

    public IReadOnlyList<RecordedCall> Calls => _calls.Items;

    /// <summary>Teams' limits and random failures when started with <see cref="StartAsync(TeamsLimits?)"/>; null otherwise.</summary>
    public TeamsThrottle? Teams { get; }

    /// <summary>Every write accepted (posts, new threads, updates, deletes) with its activity id.</summary>
    public DeliveryLedger Deliveries { get; } = new();

    public static Task<FakeBotConnector> StartAsync() => StartAsync(null);

    /// <summary>
    /// Starts a connector that, when <paramref name="teams"/> is given, behaves like Teams: per-thread windows and an
    /// app budget answered with 429 and <c>Retry-After</c>, and a seeded share of random 429/503/timeouts.
    /// Queued faults (<see cref="EnqueueFault"/>) still come first.
    /// </summary>
    public static async Task<FakeBotConnector> StartAsync(TeamsLimits? teams)
    {
        var connector = new FakeBotConnector(teams);
        await connector.StartServerAsync();
        return connector;
    }

    /// <summary>Adds an RSA key; unpublished keys can sign tokens but are missing from the JWKS (an unknown kid).</summary>
    public SigningKeyMaterial AddSigningKey(string keyId, IReadOnlyList<string> endorsements, bool published = true)
    {
        var key = new SigningKeyMaterial(keyId, RSA.Create(2048), endorsements) { Published = published };
        _keys[keyId] = key;
        return key;
    }

    public void PublishKey(string keyId) => _keys[keyId].Published = true;

    /// <summary>Removes a key from the JWKS; it can still sign tokens.</summary>
    public void WithdrawKey(string keyId) => _keys[keyId].Published = false;

    public void EnqueueFault(ConnectorFault fault) => _faults.Add(fault);

    /// <summary>
    /// From now on, writes are accepted (recorded in <see cref="Deliveries"/> and <see cref="Calls"/>) but their answers
    /// are held until <see cref="ReleaseAnswers"/> or until the caller goes away: what a caller that dies right after
    /// Teams accepted its post leaves behind.
    /// </summary>
    public void HoldAnswers() => Interlocked.Exchange(ref _answerGate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void ReleaseAnswers() => Volatile.Read(ref _answerGate).TrySetResult();

    /// <summary>Accepted writes whose answers are held right now.</summary>
    public int HeldAnswers => Volatile.Read(ref _heldAnswers);

    /// <summary>A member the <c>GET …/members/{userId}</c> endpoint knows, by any of its ids.</summary>
    public void AddMember(JsonObject member)
    {
        ArgumentNullException.ThrowIfNull(member);
        foreach (var id in new[] { "id", "aadObjectId", "objectId", "userPrincipalName" })
        {
            if (member[id]?.GetValue<string>() is { } value)
            {
                _members[value] = member;
            }
        }
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> recorded calls match; returns them.</summary>
    public Task<IReadOnlyList<RecordedCall>> WaitForCallsAsync(
        Func<RecordedCall, bool> predicate, int count = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _calls.WaitForAsync(predicate, count, timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        ReleaseAnswers();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        foreach (var key in _keys.Values)
        {
            key.Rsa.Dispose();
        }
    }

    private async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        MapOpenId(_app);
        MapConversations(_app);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        ServiceUrl = address.TrimEnd('/') + "/";
    }

    private void MapOpenId(WebApplication app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", () =>
        {
            Interlocked.Increment(ref _metadataRequests);
            return MetadataOutage
                ? Results.StatusCode(503)
                : Results.Json(new JsonObject
                {
                    ["issuer"] = TokenSpec.ConnectorIssuer,
                    ["authorization_endpoint"] = ServiceUrl + "v1/.well-known/authorize",
                    ["jwks_uri"] = ServiceUrl + "v1/.well-known/keys",
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                    ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
                });
        });
        app.MapGet("/v1/.well-known/keys", () =>
        {
            Interlocked.Increment(ref _keysRequests);
            return MetadataOutage ? Results.StatusCode(503) : Results.Json(new JsonObject { ["keys"] = Jwks() });
        });
    }

    private JsonArray Jwks() => SigningKeyMaterial.Jwks(_keys.Values);

    private void MapConversations(WebApplication app)
    {
        app.MapPost("/v3/conversations", (Delegate)((HttpContext c) => Handle(c, null, null, CreateConversation)));
        app.MapPost("/v3/conversations/{conversationId}/activities", (HttpContext c, string conversationId) =>
            Handle(c, conversationId, null, _ => Created(new JsonObject { ["id"] = NextActivityId() })));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext c, string conversationId, string activityId) =>
            Handle(c, conversationId, activityId, _ => Created(new JsonObject { ["id"] = NextActivityId() })));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext c, string conversationId, string activityId) =>
            Handle(c, conversationId, activityId, _ => (200, new JsonObject { ["id"] = activityId })));
        app.MapDelete("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext c, string conversationId, string activityId) =>
            Handle(c, conversationId, activityId, _ => (200, null)));
        app.MapGet("/v3/conversations/{conversationId}/members/{userId}", (HttpContext c, string conversationId, string userId) =>
            Handle(c, conversationId, null, _ => _members.TryGetValue(userId, out var member)
                ? (200, member.DeepClone().AsObject())
                : (404, Error("MemberNotFoundInConversation", "The member was not found in the conversation."))));
    }

    private async Task<IResult> Handle(HttpContext context, string? conversationId, string? activityId, Func<JsonNode?, (int Status, JsonObject? Body)> success)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var call = new RecordedCall(
            context.Request.Method, RawPath(context), conversationId, activityId, body,
            context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, 0, DateTimeOffset.UtcNow);

        var (status, json, retryAfter) = _faults.Take(call) is { } fault
            ? (fault.Status, Error(fault.ErrorCode ?? "Injected", "Injected failure."), fault.RetryAfter)
            : await TeamsAnswerAsync(context, conversationId, body, success);
        _calls.Add(call with { Status = status });
        RetryAfterHeader.Set(context.Response, retryAfter);
        if (status is >= 200 and < 300 && context.Request.Method != "GET")
        {
            Record(context, conversationId, activityId, body, json);
            await HoldAsync(context.RequestAborted);
        }

        return json is null ? Results.StatusCode(status) : Results.Json(json, statusCode: status);
    }

    private async Task HoldAsync(CancellationToken aborted)
    {
        var gate = Volatile.Read(ref _answerGate).Task;
        if (gate.IsCompleted)
        {
            return;
        }

        Interlocked.Increment(ref _heldAnswers);
        try
        {
            await gate.WaitAsync(aborted);
        }
        catch (OperationCanceledException)
        {
            // The caller is gone; its write stays accepted.
        }
        finally
        {
            Interlocked.Decrement(ref _heldAnswers);
        }
    }

    private static TaskCompletionSource OpenGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    /// <summary>Teams' random failures and limits (when configured) before the request is handled.</summary>
    private async Task<(int, JsonObject?, TimeSpan?)> TeamsAnswerAsync(
        HttpContext context, string? conversationId, string body, Func<JsonNode?, (int Status, JsonObject? Body)> success)
    {
        if (Teams is not { } teams)
        {
            return Answer(success, body);
        }

        switch (teams.NextRandomFault())
        {
            case TeamsRandomFault.TooManyRequests:
                return (429, Error("TooManyRequests", "Injected throttling."), teams.Limits.FaultRetryAfter);
            case TeamsRandomFault.Unavailable:
                return (503, Error("ServiceUnavailable", "Injected outage."), null);
            case TeamsRandomFault.Timeout:
                try
                {
                    await Task.Delay(teams.Limits.TimeoutDelay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up first, as it should.
                }

                return (504, Error("GatewayTimeout", "Injected timeout."), null);
        }

        var admission = teams.Admit(teams.ThreadKey(conversationId, conversationId is null ? NewThreadChannel(body) : null));
        return admission.Accepted
            ? Answer(success, body)
            : (429, Error("TooManyRequests", $"Rate limit exceeded ({admission.Refusal})."), admission.RetryAfter);
    }

    private static string? NewThreadChannel(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["channelData"]?["channel"]?["id"]?.GetValue<string>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private void Record(HttpContext context, string? conversationId, string? activityId, string body, JsonObject? answer)
    {
        var headers = context.Request.Headers;
        var key = headers["Idempotency-Key"].FirstOrDefault() ?? headers["x-ms-idempotency-key"].FirstOrDefault();
        JsonNode? json;
        try
        {
            json = string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }

        var (kind, conversation, id) = context.Request.Method switch
        {
            "PUT" => (DeliveryKind.Update, conversationId, activityId),
            "DELETE" => (DeliveryKind.Delete, conversationId, activityId),
            _ when conversationId is null => (DeliveryKind.NewConversation, answer?["id"]?.GetValue<string>(), answer?["activityId"]?.GetValue<string>()),
            _ => (DeliveryKind.Post, conversationId, answer?["id"]?.GetValue<string>()),
        };
        var content = kind == DeliveryKind.NewConversation ? json?["activity"] : json;
        Deliveries.Add(new DeliveredActivity(
            kind, conversation ?? string.Empty, id ?? string.Empty, key, DeliveryLedger.FindComplaintId(content),
            content?.ToJsonString() ?? string.Empty, DateTimeOffset.UtcNow));
    }

    /// <summary>The path as sent, before ASP.NET Core decodes it: what proves the client escaped ids.</summary>
    private static string RawPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? raw : raw[..query];
    }

    private static (int, JsonObject?, TimeSpan?) Answer(Func<JsonNode?, (int Status, JsonObject? Body)> success, string body)
    {
        JsonNode? json;
        try
        {
            json = string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return (400, Error("BadArgument", "Invalid JSON."), null);
        }

        var (status, answer) = success(json);
        return (status, answer, null);
    }

    private (int Status, JsonObject? Body) CreateConversation(JsonNode? parameters)
    {
        if (parameters is null)
        {
            return (400, Error("BadArgument", "Missing body."));
        }

        var channelId = parameters["channelData"]?["channel"]?["id"]?.GetValue<string>();
        var activityId = parameters["activity"] is null ? null : NextActivityId();
        var conversationId = channelId is not null
            ? $"{channelId};messageid={activityId ?? NextActivityId()}"
            : $"a:conversation-{parameters["members"]?[0]?["id"]?.GetValue<string>() ?? Guid.NewGuid().ToString("N")}";
        var response = new JsonObject { ["id"] = conversationId };
        if (activityId is not null)
        {
            response["activityId"] = activityId;
        }

        if (CreatedConversationServiceUrl is { } serviceUrl)
        {
            response["serviceUrl"] = serviceUrl;
        }

        return Created(response);
    }

    private static (int, JsonObject?) Created(JsonObject body) => (201, body);

    private string NextActivityId() => Interlocked.Increment(ref _nextActivityId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Error(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
}
