using System.Net;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.TestHarness.Host;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.IntegrationTests.Bot;

[TestClass]
public sealed class HostStartupTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Start_AllowUnauthenticatedInProduction_RefusesWithClearMessage()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        var error = Assert.ThrowsExactly<OptionsValidationException>(() =>
            BotApp.Start(connector, new Dictionary<string, string?> { ["Bot:AllowUnauthenticated"] = "true" }));
        StringAssert.Contains(error.Message, "Bot:AllowUnauthenticated=true is honoured only in the Development environment");
    }

    [TestMethod]
    public async Task Start_ProductionWithoutAppId_RefusesNamingTheKey()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        var error = Assert.ThrowsExactly<OptionsValidationException>(() =>
            BotApp.Start(connector, new Dictionary<string, string?> { ["Bot:AppId"] = "" }));
        StringAssert.Contains(error.Message, "Bot:AppId");
    }

    [TestMethod]
    public async Task Post_DevelopmentUnauthenticated_AcceptedAndAnsweredOnLoopback()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, new Dictionary<string, string?> { ["Bot:AllowUnauthenticated"] = "true" }, environment: "Development");
        using var client = app.CreateBotClient();

        using var response = await client.PostAsync(Activities.Message(connector.ServiceUrl, "help"), token: null);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        await connector.WaitForCallsAsync(c => c.IsSend, cancellationToken: TestContext.CancellationToken);
    }

    [TestMethod]
    public async Task Post_DevelopmentUnauthenticatedForeignServiceUrl_NothingSentThere()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, new Dictionary<string, string?> { ["Bot:AllowUnauthenticated"] = "true" }, environment: "Development");
        using var client = app.CreateBotClient();

        using var response = await client.PostAsync(Activities.Message("https://attacker.example/", "help"), token: null);

        Assert.AreEqual(HttpStatusCode.InternalServerError, response.StatusCode, "the reply could not be sent, and the turn says so");
        Assert.IsTrue(app.Logs.GetSnapshot().Any(l => l.Exception is TeamsEscalationBot.BotFramework.Connector.UntrustedServiceUrlException));
    }

    [TestMethod]
    public async Task Health_LiveAndReady_Ok()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector);
        using var client = app.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.AreEqual(HttpStatusCode.OK, live.StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, ready.StatusCode);
        StringAssert.Contains(await ready.Content.ReadAsStringAsync(), "\"storage\"");
    }
}
