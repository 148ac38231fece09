using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.Features.Workflow;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Workflow;

/// <summary>
/// The real host (Production: Graph directory against a <see cref="FakeGraph"/>) with the workflow registered, the fake
/// connector, and helpers that act like Teams: signed <c>adaptiveCard/action</c> invokes from a channel thread.
/// </summary>
internal sealed class WorkflowHost : IAsyncDisposable
{
    public const string InvoiceText = "I was charged twice on my last invoice and nobody answers";

    private readonly bool ownsFakes;

    private WorkflowHost(FakeBotConnector connector, FakeGraph graph, BotApp app, bool ownsFakes)
    {
        this.ownsFakes = ownsFakes;
        Connector = connector;
        Graph = graph;
        App = app;
        Bot = app.CreateBotClient();
        Api = app.CreateIntakeClient();
    }

    public FakeBotConnector Connector { get; }

    public FakeGraph Graph { get; }

    public BotApp App { get; }

    public BotClient Bot { get; }

    public HttpClient Api { get; }

    public static async Task<WorkflowHost> StartAsync(
        IDictionary<string, string?>? settings = null, FakeBotConnector? connector = null, FakeGraph? graph = null, Action<IServiceCollection>? services = null)
    {
        // Fakes passed in belong to the caller (several hosts may share them, one after the other or at once).
        var ownsFakes = connector is null && graph is null;
        connector ??= await FakeBotConnector.StartAsync();
        graph ??= await FakeGraph.StartAsync();
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Graph:BaseUrl"] = graph.BaseUrl,
            ["Storage:Outbox:PollInterval"] = "00:00:00.100",
            ["Storage:Outbox:BaseDelay"] = "00:00:00.100",
            ["Bot:RetryBaseDelay"] = "00:00:00.050",
            ["Intake:RequestsPerMinute"] = "100000",
            ["Workflow:ActiveMembersFlushInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = BotApp.Start(connector, all, services);
        return new WorkflowHost(connector, graph, app, ownsFakes);
    }

    /// <summary>A new person in the directory, member of the given Entra groups (none: an outsider).</summary>
    public UserRef NewUser(string name, params string[] groupIds)
    {
        var id = Guid.NewGuid().ToString();
        Graph.AddUser(new FakeGraphUser(id, name));
        foreach (var group in groupIds)
        {
            Graph.AddMember(group, id);
        }

        return new UserRef("29:1" + Guid.NewGuid().ToString("N"), name, id);
    }

    public UserRef NewBillingMember(string name) => NewUser(name, BotApp.BillingGroupId);

    /// <summary>A complaint routed to billing whose card is posted (state open).</summary>
    public async Task<JsonNode> NewOpenComplaintAsync(CancellationToken cancellationToken, string text = InvoiceText)
    {
        var body = new JsonObject
        {
            ["source"] = "workflow-tests",
            ["externalId"] = Guid.NewGuid().ToString("N"),
            ["network"] = "x",
            ["authorHandle"] = "@angry",
            ["text"] = text,
        };
        using var response = await Api.PostAsJsonAsync("/api/complaints", body, cancellationToken);
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["id"]!.GetValue<string>();
        return await WaitForAsync(id, c => c["state"]!.GetValue<string>() == "open", cancellationToken);
    }

    public async Task<JsonNode> GetAsync(string id, CancellationToken cancellationToken) =>
        JsonNode.Parse(await Api.GetStringAsync($"/api/complaints/{id}", cancellationToken))!;

    /// <summary>The service's view of the complaint, once <paramref name="condition"/> holds (bounded).</summary>
    public Task<JsonNode> WaitForAsync(string id, Func<JsonNode, bool> condition, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(probe => GetAsync(id, probe), condition, cancellationToken, timeout, $"for complaint {id}");

    /// <summary>A signed <c>adaptiveCard/action</c> from the complaint's channel thread, as Teams sends a click on the card.</summary>
    public async Task<InvokeAnswer> InvokeAsync(
        UserRef user, string verb, JsonNode complaint, JsonObject? inputs = null, string trigger = "manual", long? version = null, string locale = "en-US")
    {
        var data = new JsonObject
        {
            ["complaintId"] = complaint["id"]!.GetValue<string>(),
            ["version"] = version ?? complaint["version"]!.GetValue<long>(),
        };
        foreach (var (key, value) in inputs ?? [])
        {
            data[key] = value?.DeepClone();
        }

        return await InvokeRawAsync(user, verb, data, trigger, complaint["card"]?["conversationId"]?.GetValue<string>(), locale);
    }

    public async Task<InvokeAnswer> InvokeRawAsync(UserRef user, string verb, JsonNode? data, string trigger = "manual", string? conversationId = null, string locale = "en-US")
    {
        var activity = Activities.Envelope("invoke", Connector.ServiceUrl, user, conversationId ?? Activities.ChannelId, "channel", locale);
        activity["name"] = "adaptiveCard/action";
        activity["channelData"]!["channel"] = new JsonObject { ["id"] = Activities.ChannelId };
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = trigger,
        };
        using var response = await Bot.PostAsync(activity);
        var text = await response.Content.ReadAsStringAsync();
        return new InvokeAnswer(response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    /// <summary>The PUTs of the complaint's channel card, oldest first.</summary>
    public IReadOnlyList<RecordedCall> CardUpdates(string activityId) =>
        [.. Connector.Calls.Where(c => c.IsUpdate && c.ActivityId == activityId && c.Succeeded)];

    /// <summary>The texts posted into a thread, oldest first.</summary>
    /// <summary>The audit lines in a thread: plain-text replies (the relay's fallback post carries a card and is not one).</summary>
    public IReadOnlyList<string> ThreadReplies(string threadId) =>
        [.. Connector.Calls.Where(c => IsAuditLine(c, threadId)).Select(c => c.Json!["text"]!.GetValue<string>())];

    public async Task<IReadOnlyList<string>> WaitForThreadRepliesAsync(string threadId, int count, CancellationToken cancellationToken)
    {
        await Connector.WaitForCallsAsync(c => IsAuditLine(c, threadId), count, cancellationToken: cancellationToken);
        return ThreadReplies(threadId);
    }

    private static bool IsAuditLine(RecordedCall call, string threadId) =>
        call.IsSend && call.ConversationId == threadId && call.Succeeded && call.Json?["attachments"] is null;

    /// <summary>Waits (bounded) until the complaint has no pending outbox item of the kind.</summary>
    public Task WaitForOutboxAsync(string complaintId, string kind, CancellationToken cancellationToken)
    {
        var outbox = App.Services.GetRequiredService<TeamsEscalationBot.Storage.IOutbox>();
        return Eventually.UntilAsync(
            async probe => (await outbox.ListPendingAsync(complaintId, probe)).Where(item => item.Kind == kind).Select(item => item.Id).ToList(),
            pending => pending.Count == 0,
            cancellationToken,
            because: $"for complaint {complaintId} to have no pending {kind} item");
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Bot.Dispose();
        await App.DisposeAsync();
        if (ownsFakes)
        {
            await Graph.DisposeAsync();
            await Connector.DisposeAsync();
        }
    }
}

/// <summary>The HTTP answer to an invoke: status and the <c>{statusCode, type, value}</c> body.</summary>
internal sealed record InvokeAnswer(HttpStatusCode Status, JsonNode? Body)
{
    public int BodyStatus => Body!["statusCode"]!.GetValue<int>();

    public string Type => Body!["type"]!.GetValue<string>();

    public JsonNode Card
    {
        get
        {
            Assert.AreEqual(HttpStatusCode.OK, Status);
            Assert.AreEqual("application/vnd.microsoft.card.adaptive", Type, Body?.ToJsonString());
            return Body!["value"]!;
        }
    }

    public string ErrorCode
    {
        get
        {
            Assert.AreEqual(HttpStatusCode.OK, Status, "card actions always get HTTP 200");
            Assert.AreEqual(400, BodyStatus, Body?.ToJsonString());
            Assert.AreEqual("application/vnd.microsoft.error", Type);
            return Body!["value"]!["code"]!.GetValue<string>();
        }
    }
}

/// <summary>Reads what a card shows: its texts, the verbs of its buttons, its notice and refresh.</summary>
internal static class CardJson
{
    /// <summary>Every <c>text</c> on the card (text blocks, text runs, facts' values), in document order.</summary>
    public static IReadOnlyList<string> Texts(JsonNode card)
    {
        var texts = new List<string>();
        Walk(card, node =>
        {
            foreach (var key in new[] { "text", "value", "title" })
            {
                if (node[key] is JsonValue value && value.TryGetValue<string>(out var text))
                {
                    texts.Add(text);
                }
            }
        });
        return texts;
    }

    public static bool Shows(JsonNode card, string text) => Texts(card).Any(t => t.Contains(text, StringComparison.Ordinal));

    /// <summary>The verbs of every Action.Execute on the card (buttons and forms), not the refresh.</summary>
    public static IReadOnlyList<string> Verbs(JsonNode card)
    {
        var verbs = new List<string>();
        Walk(card["actions"], node =>
        {
            if (node["type"]?.GetValue<string>() == "Action.Execute")
            {
                verbs.Add(node["verb"]!.GetValue<string>());
            }
        });
        return verbs;
    }

    /// <summary>The first body element's text when it is a notice (a styled container at the top, its line a text run).</summary>
    public static string? Notice(JsonNode card) =>
        card["body"]?[0] is JsonObject first && first["type"]?.GetValue<string>() == "Container" && first["style"] is not null
            ? first["items"]?[0]?["inlines"]?[0]?["text"]?.GetValue<string>() ?? first["items"]?[0]?["text"]?.GetValue<string>()
            : null;

    public static long Version(JsonNode card) => card["refresh"]!["action"]!["data"]!["version"]!.GetValue<long>();

    public static IReadOnlyList<string> RefreshUserIds(JsonNode card) =>
        card["refresh"]?["userIds"] is JsonArray ids ? [.. ids.Select(i => i!.GetValue<string>())] : [];

    /// <summary>The card inside an activity the bot sent (a PUT of the channel card).</summary>
    public static JsonNode FromActivity(RecordedCall call) => call.Json!["attachments"]![0]!["content"]!;

    private static void Walk(JsonNode? node, Action<JsonObject> visit)
    {
        switch (node)
        {
            case JsonObject obj:
                visit(obj);
                foreach (var (_, child) in obj)
                {
                    Walk(child, visit);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Walk(child, visit);
                }

                break;
        }
    }
}
