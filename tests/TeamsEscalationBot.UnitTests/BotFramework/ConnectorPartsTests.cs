using Azure.Core;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.BotFramework.Connector;
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
    public async Task GetToken_UntilFiveMinutesBeforeExpiry_Cached()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var credential = new ClockedCredential(time, TimeSpan.FromHours(1));
        using var provider = new BotTokenProvider(new BotCredential(credential), time);

        var first = await provider.GetTokenAsync(TestContext.CancellationToken);
        time.Advance(TimeSpan.FromMinutes(54));
        var second = await provider.GetTokenAsync(TestContext.CancellationToken);
        time.Advance(TimeSpan.FromMinutes(2));
        var third = await provider.GetTokenAsync(TestContext.CancellationToken);

        Assert.AreEqual(first, second);
        Assert.AreNotEqual(second, third);
        Assert.AreEqual(2, credential.Requests);
    }

    [TestMethod]
    public async Task GetToken_NoCredential_Null()
    {
        using var provider = new BotTokenProvider(new BotCredential(null), TimeProvider.System);
        Assert.IsNull(await provider.GetTokenAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    public void ThreadConversationId_ChannelOrThread_RootThread()
    {
        Assert.AreEqual("19:c@thread.tacv2;messageid=9", ConnectorClientExtensions.ThreadConversationId("19:c@thread.tacv2", "9"));
        Assert.AreEqual("19:c@thread.tacv2;messageid=9", ConnectorClientExtensions.ThreadConversationId("19:c@thread.tacv2;messageid=1", "9"));
    }

    private sealed class ClockedCredential(TimeProvider time, TimeSpan lifetime) : TokenCredential
    {
        public int Requests { get; private set; }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new($"token-{++Requests}", time.GetUtcNow() + lifetime);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
