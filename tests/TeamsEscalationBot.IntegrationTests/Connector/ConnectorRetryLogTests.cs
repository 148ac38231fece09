using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Polly.Timeout;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Processes;

namespace TeamsEscalationBot.IntegrationTests.Connector;

/// <summary>
/// What a retried Connector call leaves in the log: one Warning line per retry with the reason and the next delay, no
/// stack trace, nothing from Polly above Debug.
/// </summary>
[TestClass]
public sealed class ConnectorRetryLogTests
{
    private static readonly string ClientCategory = typeof(IConnectorClient).FullName!;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Send_503Twice_OneWarningPerRetryWithStatusAndDelay()
    {
        await using var services = await ConnectorServices.StartAsync();
        services.Connector.EnqueueFault(new ConnectorFault(503, Count: 2));

        await services.Client.SendToConversationAsync(services.Connector.ServiceUrl, "a:chat", MessageFactory.Text("x"), TestContext.CancellationToken);

        var warnings = Warnings(services.Logs);
        Assert.HasCount(2, warnings, Describe(services.Logs));
        for (var i = 0; i < warnings.Count; i++)
        {
            Assert.AreEqual(ClientCategory, warnings[i].Category);
            StringAssert.Contains(warnings[i].Message, "failed (503 ServiceUnavailable)");
            StringAssert.Contains(warnings[i].Message, $"retry {i + 1} of 3 in ");
            StringAssert.Contains(warnings[i].Message, $"POST to 127.0.0.1:{new Uri(services.Connector.ServiceUrl).Port}");
            Assert.IsGreaterThan(TimeSpan.Zero, Delay(warnings[i]));
        }

        AssertNoStackTraceAndPollyQuiet(services.Logs);
    }

    [TestMethod]
    public async Task Send_429WithRetryAfter_WarningNamesTheWaitTeamsAskedFor()
    {
        await using var services = await ConnectorServices.StartAsync();
        services.Connector.EnqueueFault(new ConnectorFault(429) { RetryAfter = TimeSpan.FromSeconds(1) });

        await services.Client.SendToConversationAsync(services.Connector.ServiceUrl, "a:chat", MessageFactory.Text("x"), TestContext.CancellationToken);

        var warning = Warnings(services.Logs).Single();
        StringAssert.Contains(warning.Message, "failed (429 TooManyRequests)");
        Assert.AreEqual(TimeSpan.FromSeconds(1), Delay(warning));
        AssertNoStackTraceAndPollyQuiet(services.Logs);
    }

    [TestMethod]
    public async Task Send_NobodyListening_OneWarningPerRetryNamingTheNetworkError()
    {
        var closed = $"http://127.0.0.1:{LoopbackPorts.Free()}/";
        await using var services = await ConnectorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:MaxRetries"] = "2",
            ["Bot:TrustedServiceUrls:1"] = closed,
        });

        await Assert.ThrowsExactlyAsync<HttpRequestException>(() =>
            services.Client.SendToConversationAsync(closed, "a:chat", MessageFactory.Text("x"), TestContext.CancellationToken));

        var warnings = Warnings(services.Logs);
        Assert.HasCount(2, warnings, Describe(services.Logs));
        Assert.IsTrue(warnings.All(w => w.Message.Contains("failed (HttpRequestException (ConnectionError)", StringComparison.Ordinal)), Describe(services.Logs));
        AssertNoStackTraceAndPollyQuiet(services.Logs);
    }

    [TestMethod]
    public async Task Send_NoAnswerWithinTimeout_HttpRequestExceptionNamingTheTimeout()
    {
        // Accepts the connection and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/";
        await using var services = await ConnectorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:MaxRetries"] = "0",
            ["Bot:ConnectorTimeout"] = "00:00:01",
            ["Bot:ConnectorAttemptTimeout"] = "00:00:01",
            ["Bot:TrustedServiceUrls:1"] = url,
        });

        var error = await Assert.ThrowsExactlyAsync<HttpRequestException>(() =>
            services.Client.SendToConversationAsync(url, "a:chat", MessageFactory.Text("x"), TestContext.CancellationToken));

        Assert.IsInstanceOfType<TimeoutRejectedException>(error.InnerException);
        StringAssert.Contains(error.Message, "did not answer POST within 1 s");
        AssertNoStackTraceAndPollyQuiet(services.Logs);
    }

    private static List<FakeLogRecord> Warnings(FakeLogCollector logs) => [.. logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning)];

    private static TimeSpan Delay(FakeLogRecord record) =>
        TimeSpan.Parse(record.GetStructuredStateValue("Delay")!, CultureInfo.InvariantCulture);

    private static void AssertNoStackTraceAndPollyQuiet(FakeLogCollector logs)
    {
        var records = logs.GetSnapshot();
        Assert.IsTrue(records.Any(r => r.Category == "Polly"), "Polly still reports its events, at Debug");
        Assert.IsFalse(records.Any(r => r.Category == "Polly" && r.Level > LogLevel.Debug), Describe(logs));
        Assert.IsTrue(Warnings(logs).All(r => r.Exception is null && !r.Message.Contains(" at ", StringComparison.Ordinal)), Describe(logs));
    }

    private static string Describe(FakeLogCollector logs) =>
        string.Join(Environment.NewLine, logs.GetSnapshot().Select(r => $"{r.Level} {r.Category}: {r.Message}"));
}
