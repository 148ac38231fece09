using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;
using TeamsEscalationBot.TestHarness.Playground;

namespace TeamsEscalationBot.IntegrationTests.Intake;

/// <summary>What the channel sees when a complaint's card is posted.</summary>
[TestClass]
public sealed class PostedCardTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Post_NewComplaint_CardShowsItOpenWithClaimAtTheRecordedVersion()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, new Dictionary<string, string?> { ["Storage:Outbox:PollInterval"] = "00:00:00.200" });
        using var client = app.CreateIntakeClient();
        using var created = await client.PostAsJsonAsync("/api/complaints", IntakeApiTests.Body());
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode);
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        var post = await connector.WaitForCallsAsync(c => c.IsCreateConversation && c.Body.Contains(id, StringComparison.Ordinal), cancellationToken: TestContext.CancellationToken);
        var recorded = await WaitForOpenAsync(client, id, TestContext.CancellationToken);

        var card = post.Single().Json!["activity"]!["attachments"]![0]!["content"]!.AsObject();
        var facts = card.ToJsonString();
        Assert.AreEqual("Open", CardView.Facts(card)["State"], facts);
        Assert.DoesNotContain("Waiting for its card", facts);
        var claim = (card["actions"] as JsonArray ?? []).SingleOrDefault(a => a?["verb"]?.GetValue<string>() == "complaint.claim");
        Assert.IsNotNull(claim, $"no Claim on the posted card: {facts}");
        Assert.AreEqual(recorded["version"]!.GetValue<long>(), claim["data"]!["version"]!.GetValue<long>(), "a click on the new card must not be stale");
    }

    private static Task<JsonNode> WaitForOpenAsync(HttpClient client, string id, CancellationToken cancellationToken) =>
        IntakeApiTests.WaitForStateAsync(client, id, "open", cancellationToken);
}
