using Azure.Core;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.UnitTests.BotFramework;

[TestClass]
public sealed class ConnectorPartsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void ParseError_StandardShape_CodeAndMessage()
    {
        var (code, message) = ConnectorError.Parse("""{"error":{"code":"ConversationNotFound","message":"Conversation not found."}}""");
        Assert.AreEqual("ConversationNotFound", code);
        Assert.AreEqual("Conversation not found.", message);
    }

    [TestMethod]
    public void ParseError_TeamsMessageWritesBlockedShape_SubCode()
    {
        var body = File.ReadAllText(RepositoryPaths.Payload("connector", "error-403-MessageWritesBlocked.response.json"));
        Assert.AreEqual("MessageWritesBlocked", ConnectorError.Parse(body).Code);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("<html>oops</html>")]
    [DataRow("[]")]
    public void ParseError_NotAnErrorObject_NoCode(string body) => Assert.IsNull(ConnectorError.Parse(body).Code);

    [TestMethod]
    public async Task TokenHandler_EachCall_BearerTokenFromCredentialForConnectorScope()
    {
        var credential = new FakeTokenCredential();
        using var client = TokenClient(credential, out var inner);

        await client.GetAsync(new Uri("https://smba.trafficmanager.net/emea/v3/conversations"), TestContext.CancellationToken);
        await client.GetAsync(new Uri("https://smba.trafficmanager.net/emea/v3/conversations"), TestContext.CancellationToken);

        // Caching is the credential's job (Azure.Identity caches per instance), so the handler asks every time and never holds a stale token.
        CollectionAssert.AreEqual(new[] { "Bearer fake-bot-token-1", "Bearer fake-bot-token-2" }, inner.Authorizations);
        CollectionAssert.AreEqual(new[] { "https://api.botframework.com/.default" }, credential.LastScopes.ToArray());
    }

    [TestMethod]
    public async Task TokenHandler_NoCredential_NoAuthorizationHeader()
    {
        using var client = TokenClient(null, out var inner);
        await client.GetAsync(new Uri("https://smba.trafficmanager.net/emea/v3/conversations"), TestContext.CancellationToken);
        CollectionAssert.AreEqual(new string?[] { null }, inner.Authorizations);
    }

    [TestMethod]
    public async Task TokenHandler_UntrustedUrl_RefusedBeforeTokenOrSend()
    {
        var credential = new FakeTokenCredential();
        using var client = TokenClient(credential, out var inner);

        await Assert.ThrowsExactlyAsync<UntrustedServiceUrlException>(() =>
            client.GetAsync(new Uri("https://attacker.example.com/v3/conversations"), TestContext.CancellationToken));

        Assert.AreEqual(0, credential.RequestCount);
        Assert.IsEmpty(inner.Authorizations);
    }

    [TestMethod]
    public void ThreadConversationId_ChannelOrThread_RootThread()
    {
        Assert.AreEqual("19:c@thread.tacv2;messageid=9", ConnectorClientExtensions.ThreadConversationId("19:c@thread.tacv2", "9"));
        Assert.AreEqual("19:c@thread.tacv2;messageid=9", ConnectorClientExtensions.ThreadConversationId("19:c@thread.tacv2;messageid=1", "9"));
    }

    [TestMethod]
    [DataRow("19:c@thread.tacv2;messageid=9", "9")]
    [DataRow("19:c@thread.tacv2;MessageId=1700000000000", "1700000000000")]
    [DataRow("19:c@thread.tacv2", null)]
    [DataRow("a:1to1chat", null)]
    [DataRow(null, null)]
    public void ThreadRootActivityId_ThreadOrOther_RootIdOrNull(string? threadId, string? expected) =>
        Assert.AreEqual(expected, ConnectorClientExtensions.ThreadRootActivityId(threadId));

    private static HttpClient TokenClient(TokenCredential? credential, out RecordingHandler inner)
    {
        inner = new RecordingHandler();
        var trust = new ServiceUrlTrust(Options.Create(new BotFrameworkOptions()));
        return new HttpClient(new BotTokenHandler(new BotCredential(credential), trust) { InnerHandler = inner });
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<string?> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorizations.Add(request.Headers.Authorization?.ToString());
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
