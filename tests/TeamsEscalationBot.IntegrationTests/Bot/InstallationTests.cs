using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.TestHarness.Host;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.IntegrationTests.Bot;

/// <summary>Installation bookkeeping: conversation references stored on install, removed on uninstall; the welcome card.</summary>
[TestClass]
public sealed class InstallationTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task BotAddedPersonal_StoresReferenceAndSendsWelcomeCard()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector);
        using var client = app.CreateBotClient();

        using var response = await client.PostAsync(Activities.BotAddedPersonal(connector.ServiceUrl));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);

        var stored = await Store(app).GetAsync(Activities.PersonalConversationId, TestContext.CancellationToken);
        Assert.IsNotNull(stored);
        Assert.AreEqual(InstallationScope.Personal, stored.Scope);
        Assert.AreEqual(Activities.Ana.AadObjectId, stored.UserAadObjectId);
        Assert.AreEqual(connector.ServiceUrl, stored.ServiceUrl);
        Assert.AreEqual(BotApp.TenantId, stored.TenantId);

        var welcome = (await connector.WaitForCallsAsync(c => c.ConversationId == Activities.PersonalConversationId, cancellationToken: TestContext.CancellationToken)).Single();
        var card = welcome.Json!["attachments"]![0]!["content"]!;
        Assert.AreEqual("Welcome to Escalations", card["body"]![0]!["text"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task BotAddedPersonal_SpanishLocale_WelcomeInSpanish()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector);
        using var client = app.CreateBotClient();

        using var response = await client.PostAsync(Activities.BotAddedPersonal(connector.ServiceUrl, locale: "es-ES"));

        var welcome = (await connector.WaitForCallsAsync(c => c.IsSend, cancellationToken: TestContext.CancellationToken)).Single();
        Assert.AreEqual("Bienvenido a Escalaciones", welcome.Json!["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task BotAddedToTeamThenRemoved_StoredThenForgotten()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector);
        using var client = app.CreateBotClient();
        var store = Store(app);

        using (var added = await client.PostAsync(Activities.BotAddedToTeam(connector.ServiceUrl)))
        {
            Assert.AreEqual(HttpStatusCode.OK, added.StatusCode);
        }

        var team = await store.FindTeamAsync(Activities.TeamId, TestContext.CancellationToken);
        Assert.IsNotNull(team);
        Assert.AreEqual(InstallationScope.Team, team.Scope);
        Assert.AreEqual(Activities.TeamAadGroupId, team.TeamAadGroupId);
        Assert.IsFalse(connector.Calls.Any(c => c.IsSend), "no welcome card is posted into a team");

        using (var removed = await client.PostAsync(Activities.BotRemovedFromTeam(connector.ServiceUrl)))
        {
            Assert.AreEqual(HttpStatusCode.OK, removed.StatusCode);
        }

        Assert.IsNull(await store.FindTeamAsync(Activities.TeamId, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task InstallationUpdateCapturedPayload_StoredWithTeamAndChannel()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector);
        using var client = app.CreateBotClient();
        var activity = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Payload("inbound", "installationUpdate-add-team.json")))!.AsObject();
        activity["serviceUrl"] = connector.ServiceUrl;
        activity["conversation"]!["tenantId"] = BotApp.TenantId;
        activity["channelData"]!["tenant"]!["id"] = BotApp.TenantId;
        var teamId = activity["channelData"]!["team"]!["id"]!.GetValue<string>();

        using var response = await client.PostAsync(activity);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var stored = await Store(app).FindTeamAsync(teamId, TestContext.CancellationToken);
        Assert.IsNotNull(stored);
        Assert.AreEqual(connector.ServiceUrl, stored.ServiceUrl);
    }

    [TestMethod]
    public async Task Message_ServiceUrlChanged_StoredReferenceRefreshed()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector);
        using var client = app.CreateBotClient();
        var store = Store(app);
        await store.UpsertAsync(new Installation(
            Activities.PersonalConversationId, "https://smba.trafficmanager.net/old/", BotApp.TenantId, InstallationScope.Personal,
            Activities.BotId, null, null, null, null, Activities.Ana.TeamsId, Activities.Ana.AadObjectId, Activities.Ana.Name,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), TestContext.CancellationToken);

        using var response = await client.PostAsync(Activities.Message(connector.ServiceUrl, "help"));

        var stored = await store.GetAsync(Activities.PersonalConversationId, TestContext.CancellationToken);
        Assert.AreEqual(connector.ServiceUrl, stored!.ServiceUrl);
    }

    private static IInstallationStore Store(BotApp app) => app.Services.GetRequiredService<IInstallationStore>();
}
