using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Bot;

/// <summary>
/// What the bot takes from Teams besides the token: only the channels of <c>Bot:AllowedChannels</c> (Teams alone outside
/// Development), and the tenant only from <c>conversation.tenantId</c>, which a client cannot write on other channels.
/// </summary>
[TestClass]
public sealed class ChannelAndTenantTests
{
    private const string ForeignTenant = "00000000-0000-0000-0000-00000000dead";

    private static FakeBotConnector s_connector = null!;
    private static BotApp s_app = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_connector = await FakeBotConnector.StartAsync();
        s_connector.AddSigningKey("webchat-key", ["webchat"]);
        s_app = BotApp.Start(s_connector);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_app.DisposeAsync();
        await s_connector.DisposeAsync();
    }

    [TestMethod]
    public async Task Post_WebchatWithAKeyEndorsedForIt_ForbiddenWithoutDetails()
    {
        var token = s_connector.Tokens.Mint(Spec() with { KeyId = "webchat-key" });
        var activity = Activities.Message(s_connector.ServiceUrl, "help");
        activity["channelId"] = "webchat";
        using var client = s_app.CreateBotClient();

        using var response = await client.PostAsync(activity, token);

        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync());
        var logs = s_app.Logs.GetSnapshot();
        Assert.IsTrue(logs.Any(l => l.Level == LogLevel.Warning && l.Message.Contains("Rejected inbound", StringComparison.Ordinal)
            && l.Message.Contains("webchat", StringComparison.Ordinal)));
        Assert.IsFalse(logs.Any(l => l.Message.Contains(token[..40], StringComparison.Ordinal)), "no log line may contain the token");
    }

    [TestMethod]
    public async Task Post_TenantOnlyInChannelData_Forbidden()
    {
        var activity = Activities.Message(s_connector.ServiceUrl, "help");
        activity["conversation"]!.AsObject().Remove("tenantId");
        using var client = s_app.CreateBotClient();

        using var response = await client.PostAsync(activity);

        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode, "channelData.tenant is not where the tenant comes from");
    }

    [TestMethod]
    public async Task Post_NoTenantAnywhere_Forbidden()
    {
        var activity = Activities.Message(s_connector.ServiceUrl, "help");
        activity["conversation"]!.AsObject().Remove("tenantId");
        activity.Remove("channelData");
        using var client = s_app.CreateBotClient();

        using var response = await client.PostAsync(activity);

        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [TestMethod]
    public async Task Post_OurConversationTenantAndAForeignChannelDataTenant_Accepted()
    {
        var activity = Activities.Message(s_connector.ServiceUrl, "help");
        activity["channelData"]!["tenant"]!["id"] = ForeignTenant;
        using var client = s_app.CreateBotClient();

        using var response = await client.PostAsync(activity);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [TestMethod]
    public async Task Post_ForeignConversationTenantAndOurChannelDataTenant_Forbidden()
    {
        var activity = Activities.Message(s_connector.ServiceUrl, "help");
        activity["conversation"]!["tenantId"] = ForeignTenant;
        using var client = s_app.CreateBotClient();

        using var response = await client.PostAsync(activity);

        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [TestMethod]
    public async Task Post_DevelopmentEmulatorChannelNotListed_Forbidden()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, new Dictionary<string, string?> { ["Bot:AllowUnauthenticated"] = "true" }, environment: "Development");
        var activity = Activities.Message(connector.ServiceUrl, "help");
        activity["channelId"] = "emulator";
        using var client = app.CreateBotClient();

        using var response = await client.PostAsync(activity, token: null);

        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.IsFalse(connector.Calls.Any(c => c.IsSend), "nothing is answered");
    }

    [TestMethod]
    public async Task Post_DevelopmentEmulatorChannelListed_Accepted()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(
            connector,
            new Dictionary<string, string?> { ["Bot:AllowUnauthenticated"] = "true", ["Bot:AllowedChannels:0"] = "emulator" },
            environment: "Development");
        var activity = Activities.Message(connector.ServiceUrl, "help");
        activity["channelId"] = "emulator";
        using var client = app.CreateBotClient();

        using var response = await client.PostAsync(activity, token: null);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [TestMethod]
    public async Task Start_ProductionWithAnotherChannelAllowed_RefusesNamingTheKey()
    {
        await using var connector = await FakeBotConnector.StartAsync();

        var error = Assert.ThrowsExactly<OptionsValidationException>(() =>
            BotApp.Start(connector, new Dictionary<string, string?> { ["Bot:AllowedChannels:0"] = "webchat" }));

        StringAssert.Contains(error.Message, "Bot:AllowedChannels");
    }

    private static TokenSpec Spec() => new() { Audience = BotApp.AppId, ServiceUrl = s_connector.ServiceUrl };
}
