using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.Features.Workflow;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Callbacks;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;
using TeamsEscalationBot.TestHarness.Processes;

namespace TeamsEscalationBot.IntegrationTests.Relay;

/// <summary>
/// One host with the relay wired in, a fake connector, a callback receiver (https on localhost) and optionally a fake
/// Graph; helpers to take a complaint to Answered and to act on the relay card as the community manager would.
/// Until the department workflow's card actions are in this build, Answered is reached through the domain and the
/// store (claim, resolve, and the <c>relay</c> item in the same write), as that workflow does.
/// </summary>
internal sealed class RelayScenario : IAsyncDisposable
{
    public const string Source = "social";
    public const string CallbackSecret = "relay-integration-callback-secret-0001";
    public const string CatalogAppId = "d1a7c5e2-4444-4f00-9a00-00000000c0de";
    public const string Answer = "We are sorry: the second charge is refunded today and will show in 3-5 days.";

    /// <summary>The community manager who asks (not a department member).</summary>
    public static readonly UserRef Carla = new("29:1carla-teams-id", "Carla Méndez", "7d1e5c3a-3333-4b2a-9f1e-6a7b8c9d0e1f");

    /// <summary>The billing member who claims and answers.</summary>
    public static readonly Actor Owner = new(Activities.Ben.AadObjectId, Activities.Ben.Name, ActorKind.User);

    private RelayScenario(FakeBotConnector connector, FakeCallbackReceiver receiver, FakeGraph? graph, BotApp app)
    {
        Connector = connector;
        Receiver = receiver;
        Graph = graph;
        App = app;
    }

    public FakeBotConnector Connector { get; }

    public FakeCallbackReceiver Receiver { get; }

    public FakeGraph? Graph { get; }

    public BotApp App { get; }

    public RecordingComplaintStore Store => (RecordingComplaintStore)App.Services.GetRequiredService<IComplaintStore>();

    /// <summary>The CM's 1:1 chat as the fake connector creates it.</summary>
    public static string ChatWith(string aadObjectId) => "a:conversation-" + aadObjectId;

    /// <summary>
    /// Starts the scenario; <paramref name="services"/> may replace services after the store is wrapped, and
    /// <paramref name="connector"/> (owned by the scenario from then on) may be one that behaves like Teams.
    /// </summary>
    public static async Task<RelayScenario> StartAsync(
        IDictionary<string, string?>? settings = null, bool withGraph = false, Action<IServiceCollection>? services = null, FakeBotConnector? connector = null)
    {
        connector ??= await FakeBotConnector.StartAsync();
        var receiver = await FakeCallbackReceiver.StartAsync();
        var graph = withGraph ? await FakeGraph.StartAsync() : null;
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:Outbox:BaseDelay"] = "00:00:00.100",
            ["Storage:Outbox:MaxDelay"] = "00:00:01",
            ["Storage:Outbox:PollInterval"] = "00:00:00.200",
            ["Bot:RetryBaseDelay"] = "00:00:00.050",
            [$"Intake:Sources:{Source}:CallbackSecret"] = CallbackSecret,
            [$"Intake:Sources:{Source}:AllowedCallbackHosts:0"] = FakeCallbackReceiver.Host,
            // The receiver listens on a free port, not 443.
            [$"Intake:Sources:{Source}:AllowedCallbackPorts:0"] = receiver.Url().Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Relay:Callback:TrustedCertificateThumbprints:0"] = receiver.CertificateThumbprint,
            ["Relay:Callback:AllowPrivateNetworks"] = "true",
        };
        // Without a fake Graph the directory points at a closed loopback port: it answers "unavailable" at once, offline.
        all["Graph:BaseUrl"] = graph?.BaseUrl ?? $"http://127.0.0.1:{LoopbackPorts.Free()}/v1.0";

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = BotApp.Start(connector, all, s =>
        {
            RecordingComplaintStore.Install(s);
            services?.Invoke(s);
        });
        return new RelayScenario(connector, receiver, graph, app);
    }

    /// <summary>An intake body from source <see cref="Source"/>, about an invoice (Billing), with the requester and callback given.</summary>
    public JsonObject Intake(string? requesterId = null, string? requesterUpn = null, bool requester = true, bool callback = true)
    {
        var body = new JsonObject
        {
            ["source"] = Source,
            ["externalId"] = Guid.NewGuid().ToString("N"),
            ["network"] = "x",
            ["authorHandle"] = "@angry_customer",
            ["text"] = "I was charged twice on my last invoice!",
            ["url"] = "https://x.com/angry_customer/status/1790000000000000000",
            ["language"] = "en",
        };
        if (requester)
        {
            body["requester"] = requesterUpn is null
                ? new JsonObject { ["aadObjectId"] = requesterId ?? Carla.AadObjectId, ["displayName"] = Carla.Name }
                : new JsonObject { ["upn"] = requesterUpn };
        }

        if (callback)
        {
            body["callbackUrl"] = Receiver.Url().AbsoluteUri;
        }

        return body;
    }

    /// <summary>Submits through the intake API and waits until the channel card is posted (Open).</summary>
    public async Task<string> SubmitAsync(JsonObject body, CancellationToken cancellationToken)
    {
        using var client = App.CreateIntakeClient();
        using var response = await client.PostAsJsonAsync("/api/complaints", body, cancellationToken);
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["id"]!.GetValue<string>();
        await WaitForAsync(id, c => c["state"]!.GetValue<string>() == "open", cancellationToken);
        return id;
    }

    /// <summary>Claimed and resolved by <see cref="Owner"/>, with the <c>relay</c> item in the same write.</summary>
    public Task AnswerAsync(string id, CancellationToken cancellationToken, string answer = Answer) =>
        ChangeAsync(id, (complaint, now) =>
        {
            Assert.IsTrue(complaint.Claim(Owner, now).Succeeded);
            Assert.IsTrue(complaint.Resolve(Owner, answer, now).Succeeded);
            return [OutboxItem.Create(OutboxKinds.Relay, id, $"{{\"version\":{complaint.Version}}}", now)];
        }, cancellationToken);

    /// <summary>The department reopens the answered complaint, writing what the card action writes with it.</summary>
    public Task ReopenAsync(string id, string note, CancellationToken cancellationToken) =>
        ChangeAsync(id, (complaint, now) =>
        {
            Assert.IsTrue(complaint.Reopen(Owner, note, now).Succeeded);
            return WorkflowOutbox.For(complaint, complaint.History[^1], now);
        }, cancellationToken);

    /// <summary>
    /// Changes the stored complaint behind the service's back, as another instance would: <paramref name="change"/>
    /// applies domain operations and returns the outbox items to write with them, in one conditional write.
    /// </summary>
    public async Task ChangeAsync(string id, Func<Complaint, DateTimeOffset, IReadOnlyList<OutboxItem>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var store = App.Services.GetRequiredService<IComplaintStore>();
        var complaint = (await store.GetAsync(id, cancellationToken))!;
        var expected = complaint.Version;
        var outbox = change(complaint, DateTimeOffset.UtcNow);
        var saved = await store.UpdateAsync(complaint, expected, outbox, cancellationToken);
        Assert.AreEqual(UpdateOutcome.Updated, saved.Outcome);
    }

    public async Task<string> SubmitAndAnswerAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var id = await SubmitAsync(body, cancellationToken);
        await AnswerAsync(id, cancellationToken);
        return id;
    }

    public async Task<JsonNode> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var client = App.CreateIntakeClient();
        return JsonNode.Parse(await client.GetStringAsync($"/api/complaints/{id}", cancellationToken))!;
    }

    /// <summary>The service's view of the complaint, once <paramref name="condition"/> holds (bounded).</summary>
    public Task<JsonNode> WaitForAsync(string id, Func<JsonNode, bool> condition, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(probe => GetAsync(id, probe), condition, cancellationToken, timeout, $"for complaint {id}");

    /// <summary>The department thread of the complaint's channel card.</summary>
    public async Task<string> ThreadOfAsync(string id, CancellationToken cancellationToken) =>
        (await GetAsync(id, cancellationToken))["card"]!["conversationId"]!.GetValue<string>();

    /// <summary>The relay cards sent into a conversation (successful sends only).</summary>
    public IReadOnlyList<RecordedCall> CardsIn(string conversationId) =>
        [.. Connector.Calls.Where(c => c.IsSend && c.Succeeded && c.ConversationId == conversationId && c.Body.Contains("relay.accept", StringComparison.Ordinal))];

    /// <summary>Waits for the relay card in a conversation and returns the card's content.</summary>
    public async Task<JsonNode> RelayCardInAsync(string conversationId, CancellationToken cancellationToken)
    {
        var sent = await Connector.WaitForCallsAsync(
            c => c.IsSend && c.Succeeded && c.ConversationId == conversationId && c.Body.Contains("relay.accept", StringComparison.Ordinal),
            cancellationToken: cancellationToken);
        return sent[0].Json!["attachments"]![0]!["content"]!;
    }

    /// <summary>
    /// Clicks a relay card action as <paramref name="from"/>: a signed <c>adaptiveCard/action</c> invoke; returns the
    /// invoke's body. <paramref name="version"/> replaces the card's version (a forged or outdated card);
    /// <paramref name="conversationType"/> names a conversation other than a personal chat or channel (<c>groupChat</c>).
    /// </summary>
    public async Task<JsonNode> ClickAsync(
        JsonNode card, string verb, UserRef from, string conversationId, string? comment = null, bool inChannel = false, long? version = null, string? conversationType = null)
    {
        var data = FindAction(card, verb)["data"]!.DeepClone().AsObject();
        if (comment is not null)
        {
            data["relayComment"] = comment;
        }

        if (version is not null)
        {
            data["version"] = version;
        }

        var value = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
        var activity = Activities.Invoke(Connector.ServiceUrl, "adaptiveCard/action", value, from, conversationId);
        if (inChannel || conversationType is not null)
        {
            activity["conversation"]!["conversationType"] = conversationType ?? "channel";
            activity["conversation"]!["isGroup"] = true;
        }

        using var client = App.CreateBotClient();
        using var response = await client.PostAsync(activity);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>An <c>Action.Execute</c> with the verb, also inside <c>Action.ShowCard</c> forms.</summary>
    public static JsonNode FindAction(JsonNode card, string verb) =>
        Descendants(card).FirstOrDefault(n => n is JsonObject o && o["type"]?.GetValue<string>() == "Action.Execute" && o["verb"]?.GetValue<string>() == verb)
        ?? throw new AssertFailedException($"The card has no {verb} action: {card.ToJsonString()}");

    public static bool HasAction(JsonNode card, string verb) =>
        Descendants(card).Any(n => n is JsonObject o && o["verb"]?.GetValue<string>() == verb);

    public static IEnumerable<string> Texts(JsonNode? node) => Descendants(node)
        .Where(n => n is JsonValue v && v.TryGetValue<string>(out _))
        .Select(n => n!.GetValue<string>());

    /// <summary>The version (1-based history position) of the complaint's latest Resolved event: the answer on the table.</summary>
    public static long AnswerVersion(JsonNode complaint) =>
        complaint["history"]!.AsArray().Select((e, i) => (Kind: e!["kind"]!.GetValue<string>(), Version: i + 1L)).Last(e => e.Kind == "resolved").Version;

    public static IEnumerable<string> HistoryKinds(JsonNode complaint) =>
        complaint["history"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>());

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (Graph is not null)
        {
            await Graph.DisposeAsync();
        }

        await Receiver.DisposeAsync();
        await Connector.DisposeAsync();
    }

    private static IEnumerable<JsonNode?> Descendants(JsonNode? node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
