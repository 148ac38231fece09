using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using TeamsEscalationBot.TestHarness.Host;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.IntegrationTests.Bot;

/// <summary>Every inbound authentication rule, driven over HTTP with tokens the real pipeline validates.</summary>
[TestClass]
public sealed class InboundAuthenticationTests
{
    private static FakeBotConnector s_connector = null!;
    private static BotApp s_app = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_connector = await FakeBotConnector.StartAsync();
        s_connector.AddSigningKey("skype-only", ["skype", "webchat"]);
        s_connector.AddSigningKey("never-published", ["msteams"], published: false);
        s_app = BotApp.Start(s_connector);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_app.DisposeAsync();
        await s_connector.DisposeAsync();
    }

    [TestMethod]
    public async Task Post_ValidToken_Accepted()
    {
        var status = await PostHelpAsync(Spec());
        Assert.AreEqual(HttpStatusCode.OK, status);
    }

    [TestMethod]
    [DataRow("RS384")]
    [DataRow("RS512")]
    public async Task Post_OtherAllowedRsaAlgorithms_Accepted(string algorithm)
    {
        var status = await PostHelpAsync(Spec() with { Algorithm = algorithm });
        Assert.AreEqual(HttpStatusCode.OK, status);
    }

    [TestMethod]
    public async Task Post_NoAuthorizationHeader_Unauthorized()
    {
        using var client = s_app.CreateBotClient();
        using var response = await client.PostAsync(Activities.Message(s_connector.ServiceUrl, "help"), token: null);
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync(), "a rejection must not explain itself to the caller");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("{not json")]
    public async Task Post_NoTokenWhateverTheBody_Unauthorized(string body)
    {
        using var client = s_app.CreateBotClient();
        using var response = await client.Http.PostAsync("/api/messages", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, "the token is checked before the body is read");
    }

    [TestMethod]
    public async Task Post_NonBearerScheme_Unauthorized()
    {
        using var client = s_app.CreateBotClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(Activities.Message(s_connector.ServiceUrl, "help").ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + client.ValidToken());
        using var response = await client.Http.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [TestMethod]
    public async Task Post_ForgedSignature_Unauthorized() =>
        Assert.AreEqual(HttpStatusCode.Unauthorized, await PostHelpAsync(Spec() with { SignWithForeignKey = true }));

    [TestMethod]
    public async Task Post_WrongAudience_Unauthorized() =>
        Assert.AreEqual(HttpStatusCode.Unauthorized, await PostHelpAsync(Spec() with { Audience = Guid.NewGuid().ToString() }));

    [TestMethod]
    public async Task Post_WrongIssuer_Unauthorized() =>
        Assert.AreEqual(HttpStatusCode.Unauthorized, await PostHelpAsync(Spec() with { Issuer = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/" }));

    [TestMethod]
    public async Task Post_ExpiredBeyondSkew_Unauthorized()
    {
        var now = DateTimeOffset.UtcNow;
        var status = await PostHelpAsync(Spec() with { NotBefore = now.AddHours(-1), Expires = now.AddMinutes(-6) });
        Assert.AreEqual(HttpStatusCode.Unauthorized, status);
    }

    [TestMethod]
    public async Task Post_ExpiredWithinSkew_Accepted()
    {
        var now = DateTimeOffset.UtcNow;
        var status = await PostHelpAsync(Spec() with { NotBefore = now.AddHours(-1), Expires = now.AddMinutes(-3) });
        Assert.AreEqual(HttpStatusCode.OK, status);
    }

    [TestMethod]
    public async Task Post_NotYetValid_Unauthorized()
    {
        var now = DateTimeOffset.UtcNow;
        var status = await PostHelpAsync(Spec() with { NotBefore = now.AddMinutes(10), Expires = now.AddMinutes(40) });
        Assert.AreEqual(HttpStatusCode.Unauthorized, status);
    }

    [TestMethod]
    public async Task Post_AlgNone_Unauthorized() =>
        Assert.AreEqual(HttpStatusCode.Unauthorized, await PostHelpAsync(Spec() with { WithoutSignature = true }));

    [TestMethod]
    public async Task Post_Hs256WithGuessableSecret_Unauthorized() =>
        Assert.AreEqual(HttpStatusCode.Unauthorized, await PostHelpAsync(Spec() with { HmacSecret = "dummy-secret-key-dummy-secret-key-0123" }));

    [TestMethod]
    public async Task Post_UnknownKeyId_Unauthorized() =>
        Assert.AreEqual(HttpStatusCode.Unauthorized, await PostHelpAsync(Spec() with { KeyId = "never-published" }));

    [TestMethod]
    public async Task Post_KeyNotEndorsedForTeams_Unauthorized() =>
        Assert.AreEqual(HttpStatusCode.Unauthorized, await PostHelpAsync(Spec() with { KeyId = "skype-only" }));

    [TestMethod]
    public async Task Post_ServiceUrlClaimDiffers_Unauthorized() =>
        Assert.AreEqual(HttpStatusCode.Unauthorized, await PostHelpAsync(Spec() with { ServiceUrl = "https://smba.trafficmanager.net/emea/" }));

    [TestMethod]
    public async Task Post_ServiceUrlClaimMissing_Unauthorized() =>
        Assert.AreEqual(HttpStatusCode.Unauthorized, await PostHelpAsync(Spec() with { ServiceUrl = null }));

    [TestMethod]
    public async Task Post_ServiceUrlClaimDiffersOnlyInCase_Accepted() =>
        Assert.AreEqual(HttpStatusCode.OK, await PostHelpAsync(Spec() with { ServiceUrl = s_connector.ServiceUrl.ToUpperInvariant() }));

    [TestMethod]
    public async Task Post_ForeignTenant_Forbidden()
    {
        using var client = s_app.CreateBotClient();
        var activity = Activities.Message(s_connector.ServiceUrl, "help");
        activity["conversation"]!["tenantId"] = "00000000-0000-0000-0000-00000000dead";
        activity["channelData"]!["tenant"]!["id"] = "00000000-0000-0000-0000-00000000dead";
        using var response = await client.PostAsync(activity);
        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Post_Rejected_LogsWarningWithoutToken()
    {
        var token = s_connector.Tokens.Mint(Spec() with { Audience = "not-our-app" });
        using var client = s_app.CreateBotClient();
        using var response = await client.PostAsync(Activities.Message(s_connector.ServiceUrl, "help"), token);
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);

        var logs = s_app.Logs.GetSnapshot();
        Assert.IsTrue(logs.Any(l => l.Level == LogLevel.Warning && l.Message.Contains("Rejected inbound", StringComparison.Ordinal)));
        Assert.IsFalse(logs.Any(l => l.Message.Contains(token, StringComparison.Ordinal) || l.Message.Contains(token[..40], StringComparison.Ordinal)),
            "no log line may contain the token");
    }

    [TestMethod]
    public async Task Post_ValidHelp_BotAnswersThroughConnectorWithBearerToken()
    {
        var activity = Activities.Message(s_connector.ServiceUrl, "help");
        var conversationId = "a:help-" + Guid.NewGuid().ToString("N");
        activity["conversation"]!["id"] = conversationId;
        using var client = s_app.CreateBotClient();
        using var response = await client.PostAsync(activity);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var sent = (await s_connector.WaitForCallsAsync(c => c.ConversationId == conversationId, cancellationToken: TestContext.CancellationToken)).Single();
        Assert.AreEqual("POST", sent.Method);
        StringAssert.StartsWith(sent.Authorization, "Bearer fake-bot-token-");
        Assert.AreEqual("application/vnd.microsoft.card.adaptive", sent.Json!["attachments"]![0]!["contentType"]!.GetValue<string>());
    }

    private static TokenSpec Spec() => new() { Audience = BotApp.AppId, ServiceUrl = s_connector.ServiceUrl, Algorithm = SecurityAlgorithms.RsaSha256 };

    private static async Task<HttpStatusCode> PostHelpAsync(TokenSpec spec)
    {
        using var client = s_app.CreateBotClient();
        using var response = await client.PostAsync(Activities.Message(s_connector.ServiceUrl, "help"), s_connector.Tokens.Mint(spec));
        return response.StatusCode;
    }
}
