using System.Net;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.IntegrationTests.Connector;

/// <summary>Retries (which statuses, Retry-After, bounds) and the client-side rate limits, against a connector that fails on demand.</summary>
[TestClass]
public sealed class ConnectorResilienceTests
{
    [TestMethod]
    public async Task Send_429WithRetryAfter_WaitsThenSucceeds()
    {
        await using var services = await ConnectorServices.StartAsync();
        services.Connector.EnqueueFault(new ConnectorFault(429) { RetryAfter = TimeSpan.FromSeconds(1) });

        await services.Client.SendToConversationAsync(services.Connector.ServiceUrl, "a:chat", MessageFactory.Text("x"));

        var calls = services.Connector.Calls;
        Assert.HasCount(2, calls);
        Assert.AreEqual(429, calls[0].Status);
        Assert.AreEqual(201, calls[1].Status);
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950), calls[1].At - calls[0].At, "Retry-After: 1 was honoured");
    }

    [TestMethod]
    [DataRow(412)]
    [DataRow(502)]
    [DataRow(503)]
    [DataRow(504)]
    public async Task Send_TransientStatusOnce_Retried(int status)
    {
        await using var services = await ConnectorServices.StartAsync();
        services.Connector.EnqueueFault(new ConnectorFault(status));

        await services.Client.SendToConversationAsync(services.Connector.ServiceUrl, "a:chat", MessageFactory.Text("x"));

        CollectionAssert.AreEqual(new[] { status, 201 }, services.Connector.Calls.Select(c => c.Status).ToArray());
    }

    [TestMethod]
    [DataRow(500, "ServiceError")]
    [DataRow(400, "BadArgument")]
    [DataRow(403, "BotNotInConversationRoster")]
    [DataRow(404, "ConversationNotFound")]
    public async Task Send_NonRetryableStatus_FailsAtOnceWithCode(int status, string code)
    {
        await using var services = await ConnectorServices.StartAsync();
        services.Connector.EnqueueFault(new ConnectorFault(status) { ErrorCode = code });

        var error = await Assert.ThrowsExactlyAsync<ConnectorException>(() =>
            services.Client.SendToConversationAsync(services.Connector.ServiceUrl, "a:chat", MessageFactory.Text("x")));

        Assert.AreEqual((HttpStatusCode)status, error.StatusCode);
        Assert.AreEqual(code, error.ErrorCode);
        Assert.HasCount(1, services.Connector.Calls);
    }

    [TestMethod]
    public async Task Send_PersistentlyUnavailable_StopsAfterMaxRetries()
    {
        await using var services = await ConnectorServices.StartAsync(new Dictionary<string, string?> { ["Bot:MaxRetries"] = "2" });
        services.Connector.EnqueueFault(new ConnectorFault(503, Count: 10));

        var error = await Assert.ThrowsExactlyAsync<ConnectorException>(() =>
            services.Client.SendToConversationAsync(services.Connector.ServiceUrl, "a:chat", MessageFactory.Text("x")));

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.HasCount(3, services.Connector.Calls, "one attempt and two retries");
    }

    [TestMethod]
    public async Task Send_RetryAfterLongerThanMax_ReturnedToCallerWithoutWaiting()
    {
        await using var services = await ConnectorServices.StartAsync();
        services.Connector.EnqueueFault(new ConnectorFault(429) { RetryAfter = TimeSpan.FromSeconds(120) });

        var error = await Assert.ThrowsExactlyAsync<ConnectorException>(() =>
            services.Client.SendToConversationAsync(services.Connector.ServiceUrl, "a:chat", MessageFactory.Text("x")));

        Assert.AreEqual(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.AreEqual(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.IsTrue(error.IsTransient);
        Assert.HasCount(1, services.Connector.Calls);
    }

    [TestMethod]
    public async Task Send_BurstToOneConversation_NeverMoreThanSevenPerSecond()
    {
        await using var services = await ConnectorServices.StartAsync();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            services.Client.SendToConversationAsync(services.Connector.ServiceUrl, "19:busy@thread.tacv2;messageid=" + i, MessageFactory.Text("x"))));

        var arrivals = services.Connector.Calls.Select(c => c.At).Order().ToList();
        Assert.HasCount(10, arrivals, "every message was delivered, none rejected");
        // Arrival = permit + transit time, which varies on a busy machine: the strict per-permit bound is a unit test
        // (ConnectorRateLimiterTests); here the windows leave room for that jitter.
        Assert.IsLessThanOrEqualTo(7, MaxInWindow(arrivals, TimeSpan.FromMilliseconds(600)));
        Assert.IsLessThanOrEqualTo(8, MaxInWindow(arrivals, TimeSpan.FromMilliseconds(1400)));
    }

    [TestMethod]
    public async Task Send_AppBudget_SpreadsAcrossConversations()
    {
        await using var services = await ConnectorServices.StartAsync(new Dictionary<string, string?> { ["Bot:TenantRequestsPerSecond"] = "4" });
        await Task.WhenAll(Enumerable.Range(0, 9).Select(i =>
            services.Client.SendToConversationAsync(services.Connector.ServiceUrl, "a:chat-" + i, MessageFactory.Text("x"))));

        var arrivals = services.Connector.Calls.Select(c => c.At).Order().ToList();
        Assert.HasCount(9, arrivals);
        Assert.IsLessThanOrEqualTo(4, MaxInWindow(arrivals, TimeSpan.FromMilliseconds(600)));
    }

    private static int MaxInWindow(IReadOnlyList<DateTimeOffset> sorted, TimeSpan window) =>
        sorted.Select((start, i) => sorted.Skip(i).TakeWhile(t => t - start < window).Count()).Max();
}
