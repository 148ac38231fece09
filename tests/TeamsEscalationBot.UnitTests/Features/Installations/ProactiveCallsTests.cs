using System.Net;
using System.Text.Json;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.Features.Installations;

namespace TeamsEscalationBot.UnitTests.Features.Installations;

/// <summary>The failure guard shared by the 1:1 chats, the relay and crisis alerts: what each failure comes to.</summary>
[TestClass]
public sealed class ProactiveCallsTests
{
    [TestMethod]
    public async Task GuardAsync_Delivered_ThatOutcome() =>
        Assert.AreEqual("sent", await Guard(() => Task.FromResult("sent")));

    [TestMethod]
    public async Task GuardAsync_Throttled_TransientWithRetryAfter() =>
        Assert.AreEqual(
            "transient: Teams answered 429 Throttled (00:00:07)",
            await Guard(() => throw new ConnectorException(HttpStatusCode.TooManyRequests, "Throttled", "slow down", TimeSpan.FromSeconds(7))));

    [TestMethod]
    public async Task GuardAsync_RefusedWithoutCode_ImpossibleWithoutTrailingSpace() =>
        Assert.AreEqual("impossible: Teams refused with 403.", await Guard(() => throw new ConnectorException(HttpStatusCode.Forbidden, null, "no")));

    [TestMethod]
    public async Task GuardAsync_UntrustedServiceUrl_ImpossibleWithItsMessage() =>
        Assert.AreEqual(
            "impossible: Refusing to call the untrusted service URL 'https://evil.example'.",
            await Guard(() => throw new UntrustedServiceUrlException(new Uri("https://evil.example/x"))));

    [TestMethod]
    public async Task GuardAsync_Unreachable_TransientWithoutRetryAfter() =>
        Assert.AreEqual("transient: Teams could not be reached: refused ()", await Guard(() => throw new HttpRequestException("refused")));

    [TestMethod]
    public async Task GuardAsync_MalformedAnswer_ImpossibleNamingWhat() =>
        Assert.AreEqual("impossible: The alert could not be sent: bad json", await Guard(() => throw new JsonException("bad json")));

    [TestMethod]
    public async Task GuardAsync_OtherFailure_Propagates() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => Guard(() => throw new InvalidOperationException("a bug")));

    private static Task<string> Guard(Func<Task<string>> deliver) => ProactiveCalls.GuardAsync(
        deliver,
        (reason, retryAfter) => $"transient: {reason} ({retryAfter})",
        reason => $"impossible: {reason}",
        "alert");
}
