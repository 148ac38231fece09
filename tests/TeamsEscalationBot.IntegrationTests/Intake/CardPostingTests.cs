using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Intake;

/// <summary>The outbox's card post: permanent failures are visible, throttling is waited out, a restart loses nothing.</summary>
[TestClass]
public sealed class CardPostingTests
{
    private static readonly Dictionary<string, string?> FastOutbox = new()
    {
        ["Storage:Outbox:BaseDelay"] = "00:00:00.100",
        ["Storage:Outbox:PollInterval"] = "00:00:00.200",
        ["Bot:RetryBaseDelay"] = "00:00:00.050",
        // The tests poll GET /api/complaints/{id} until the card is posted; the per-key limit is not what they test.
        ["Intake:RequestsPerMinute"] = "100000",
    };

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(403, "BotNotInConversationRoster", "installed")]
    [DataRow(404, "ConversationNotFound", "deleted")]
    public async Task Post_ChannelRefusesForGood_StaysReceivedWithReasonAndErrorLog(int status, string code, string hint)
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, FastOutbox);
        connector.EnqueueFault(new ConnectorFault(status) { ErrorCode = code, Match = c => c.IsCreateConversation });
        using var client = app.CreateIntakeClient();

        var id = await SubmitAsync(client);
        var shown = await WaitForAsync(client, id, c => c["card"]!["deliveryFailure"] is not null, TestContext.CancellationToken);

        Assert.AreEqual("received", shown["state"]!.GetValue<string>());
        StringAssert.Contains(shown["card"]!["deliveryFailure"]!["reason"]!.GetValue<string>(), hint);
        Assert.AreEqual("cardPostFailed", shown["history"]!.AsArray().Last()!["kind"]!.GetValue<string>());
        Assert.HasCount(1, connector.Calls.Where(c => c.IsCreateConversation).ToList(), "a permanent refusal is not retried");
        Assert.IsTrue(app.Logs.GetSnapshot().Any(l => l.Level == LogLevel.Error && l.Message.Contains(id, StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task Post_ThrottledThenFailing_ExactlyOneCardAfterRecovery()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, new Dictionary<string, string?>(FastOutbox) { ["Bot:MaxRetries"] = "1" });
        connector.EnqueueFault(new ConnectorFault(429, Count: 3) { RetryAfter = TimeSpan.FromSeconds(1), Match = c => c.IsCreateConversation });
        connector.EnqueueFault(new ConnectorFault(503, Count: 3) { Match = c => c.IsCreateConversation });
        using var client = app.CreateIntakeClient();

        var id = await SubmitAsync(client);
        var shown = await WaitForAsync(client, id, c => c["state"]!.GetValue<string>() == "open", TestContext.CancellationToken, timeout: TimeSpan.FromMinutes(1));

        var creates = connector.Calls.Where(c => c.IsCreateConversation).ToList();
        Assert.HasCount(1, creates.Where(c => c.Succeeded).ToList(), "exactly one card reached the channel");
        Assert.HasCount(7, creates, "three 429s, three 503s, one success");
        Assert.IsNotNull(creates.Single(c => c.Succeeded).Json!["activity"]!["attachments"]![0]!["content"]!["body"]);
        Assert.IsTrue(shown["card"]!["posted"]!.GetValue<bool>());
    }

    [TestMethod]
    public async Task Post_TeamsThrottlesLongerThanTheAttempts_PostedWithNoAttemptUsed()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, new Dictionary<string, string?>(FastOutbox) { ["Storage:Outbox:MaxAttempts"] = "2" });
        connector.EnqueueFault(new ConnectorFault(429, Count: 3) { RetryAfter = TimeSpan.FromSeconds(1), Match = c => c.IsCreateConversation });
        using var client = app.CreateIntakeClient();

        var id = await SubmitAsync(client);
        var shown = await WaitForAsync(client, id, c => c["state"]!.GetValue<string>() == "open", TestContext.CancellationToken, timeout: TimeSpan.FromMinutes(1));

        var creates = connector.Calls.Where(c => c.IsCreateConversation).ToList();
        Assert.HasCount(4, creates, "three 429s waited out as Teams asked, then the card; two attempts would not have covered them");
        Assert.IsTrue(creates.Zip(creates.Skip(1)).All(pair => pair.Second.At - pair.First.At >= TimeSpan.FromSeconds(0.9)), "each retry waited the Retry-After");
        Assert.IsNull(shown["card"]!["deliveryFailure"]);
    }

    [TestMethod]
    public async Task Post_TeamsUnavailableUntilTheLastAttempt_ComplaintSaysItGaveUp()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, new Dictionary<string, string?>(FastOutbox)
        {
            ["Storage:Outbox:MaxAttempts"] = "2",
            ["Bot:MaxRetries"] = "0",
        });
        connector.EnqueueFault(new ConnectorFault(503, Count: 10) { Match = c => c.IsCreateConversation });
        using var client = app.CreateIntakeClient();

        var id = await SubmitAsync(client);
        var shown = await WaitForAsync(client, id, c => c["card"]!["deliveryFailure"] is not null, TestContext.CancellationToken);

        Assert.AreEqual("received", shown["state"]!.GetValue<string>());
        StringAssert.Contains(shown["card"]!["deliveryFailure"]!["reason"]!.GetValue<string>(), "gave up after 2 attempts");
        Assert.HasCount(2, connector.Calls.Where(c => c.IsCreateConversation).ToList());
    }

    [TestMethod]
    public async Task Restart_CardNotYetPosted_PostedByTheNextInstance()
    {
        var database = Path.Combine(Path.GetTempPath(), "teb-tests", Guid.NewGuid().ToString("N"), "escalations.db");
        await using var connector = await FakeBotConnector.StartAsync();
        string id;
        await using (var stopped = BotApp.Start(connector, new Dictionary<string, string?> { ["Storage:SqlitePath"] = database, ["Storage:Outbox:WorkerEnabled"] = "false" }))
        {
            using var client = stopped.CreateIntakeClient();
            id = await SubmitAsync(client);
            Assert.IsFalse(connector.Calls.Any(c => c.IsCreateConversation), "the first instance never ran its worker");
        }

        await using var restarted = BotApp.Start(connector, new Dictionary<string, string?>(FastOutbox) { ["Storage:SqlitePath"] = database });
        using var again = restarted.CreateIntakeClient();
        await WaitForAsync(again, id, c => c["state"]!.GetValue<string>() == "open", TestContext.CancellationToken);
        Assert.HasCount(1, connector.Calls.Where(c => c.IsCreateConversation).ToList());
        Directory.Delete(Path.GetDirectoryName(database)!, recursive: true);
    }

    [TestMethod]
    public async Task Post_TeamInstalled_UsesTheInstallationsServiceUrl()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var regional = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, FastOutbox);
        using var bot = app.CreateBotClient();
        var token = connector.Tokens.Mint(new TokenSpec { Audience = BotApp.AppId, ServiceUrl = regional.ServiceUrl });
        using (var installed = await bot.PostAsync(Activities.BotAddedToTeam(regional.ServiceUrl), token))
        {
            Assert.AreEqual(HttpStatusCode.OK, installed.StatusCode);
        }

        using var client = app.CreateIntakeClient();
        var id = await SubmitAsync(client);

        await regional.WaitForCallsAsync(c => c.IsCreateConversation && c.Body.Contains(id, StringComparison.Ordinal), cancellationToken: TestContext.CancellationToken);
        Assert.IsFalse(connector.Calls.Any(c => c.IsCreateConversation), "the default service URL is only a fallback");
    }

    private static async Task<string> SubmitAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/complaints", IntakeApiTests.Body());
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private static Task<JsonNode> WaitForAsync(
        HttpClient client, string id, Func<JsonNode, bool> condition, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            async probe => JsonNode.Parse(await client.GetStringAsync($"/api/complaints/{id}", probe))!, condition, cancellationToken, timeout, $"for complaint {id}");
}
