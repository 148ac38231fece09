using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.IntegrationTests.Intake;
using TeamsEscalationBot.Storage.Leases;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>
/// Two real hosts on one store, over real HTTP against the fake Bot Connector: one leader drains the outbox for both,
/// under one Connector budget, and a standby takes over when the leader dies.
/// </summary>
[TestClass]
public sealed class MultiInstanceTests
{
    private static readonly Dictionary<string, string?> FastOutbox = new()
    {
        ["Storage:Outbox:BaseDelay"] = "00:00:00.100",
        ["Storage:Outbox:PollInterval"] = "00:00:00.200",
        ["Bot:RetryBaseDelay"] = "00:00:00.050",
        // Dozens of alike complaints make a reputation crisis, whose alert is one more new thread: not a card to count here.
        ["Crises:Enabled"] = "false",
    };

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task TwoInstancesOneDatabase_CardsFromBoth_EachPostedOnceByTheLeaderWithinTheBudget()
    {
        const int budget = 5;
        const int perInstance = 20;
        using var directory = new TestDirectory();
        var settings = new Dictionary<string, string?>(FastOutbox)
        {
            ["Storage:SqlitePath"] = directory.File("escalations.db"),
            ["Bot:TenantRequestsPerSecond"] = budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using var connector = await FakeBotConnector.StartAsync();
        await using var first = Start(connector, "host-a", settings);
        await using var second = Start(connector, "host-b", settings);
        Assert.IsTrue(Leadership(first).IsLeader, "the first instance took the lease while it started");
        Assert.IsFalse(Leadership(second).IsLeader);
        StringAssert.StartsWith(await LeadershipHealthAsync(first), "Leader: instance host-a");
        StringAssert.StartsWith(await LeadershipHealthAsync(second), "Standby: instance host-b");

        using var clientA = first.CreateIntakeClient();
        using var clientB = second.CreateIntakeClient();

        // Warm up: the first calls of a process (code compiled on first use, new connections) reach the connector late and
        // bunch up behind each other, which says nothing about the rate they were sent at.
        var warmUp = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => SubmitAsync(i % 2 == 0 ? clientA : clientB, i)));
        await connector.WaitForCallsAsync(c => c.IsCreateConversation && c.Succeeded, warmUp.Length, cancellationToken: Ct);
        var warmUpCalls = connector.Calls.Count;

        var ids = await Task.WhenAll(Enumerable.Range(0, perInstance * 2).Select(i => SubmitAsync(i % 2 == 0 ? clientA : clientB, i)));
        var posts = await connector.WaitForCallsAsync(
            c => c.IsCreateConversation && c.Succeeded, warmUp.Length + (perInstance * 2), timeout: TimeSpan.FromMinutes(1), cancellationToken: Ct);

        foreach (var id in warmUp.Concat(ids))
        {
            Assert.AreEqual(1, posts.Count(p => p.Body.Contains(id, StringComparison.Ordinal)), $"complaint {id}'s card is posted exactly once");
        }

        var calls = connector.Calls.ToList();
        Assert.IsTrue(calls.All(c => c.Authorization == "Bearer host-a-token"), "every Connector call came from the leader");
        var arrivals = calls.Skip(warmUpCalls).Select(c => c.At).Order().ToList();
        var perSecond = MaxInWindow(arrivals, TimeSpan.FromSeconds(1));
        var perStep = MaxInWindow(arrivals, TimeSpan.FromMilliseconds(800));
        TestContext.WriteLine(string.Join(" ", arrivals.Select(a => ((int)(a - arrivals[0]).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        TestContext.WriteLine($"{arrivals.Count} calls; at most {perSecond} in any 1 s and {perStep} in any 0.8 s at the connector");

        // The limiter releases the budget a fifth of a second's worth at a time (one call at 5/s); a call's transit time
        // can move the one of the next step into a window that already holds the budget, never two.
        Assert.IsLessThanOrEqualTo(budget, perStep, "the deployment stays within its budget: one step short of a second holds at most the budget");
        Assert.IsLessThanOrEqualTo(budget + 1, perSecond, "and a whole second at most one step more");
    }

    [TestMethod]
    public async Task TwoInstancesOnAzure_LeaderKilled_StandbyTakesOverAndDrains()
    {
        var azurite = await AzuriteFixture.GetServerAsync();
        var container = AzuriteFixture.UniqueName("leaders");
        var queue = AzuriteFixture.UniqueName("outbox");
        var settings = new Dictionary<string, string?>(FastOutbox)
        {
            ["Storage:Provider"] = "AzureBlob",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:ContainerName"] = container,
            ["Storage:QueueName"] = queue,
            ["Storage:Leadership:LeaseTime"] = "00:00:15",
        };
        await using var connector = await FakeBotConnector.StartAsync();
        SeverableLeaseStore? leaderStore = null;
        var leader = Start(connector, "host-a", settings, services => services.AddSingleton<ILeaseStore>(sp =>
            leaderStore = new SeverableLeaseStore(sp.GetRequiredService<AzureBlobLeaseStore>())));
        try
        {
            await using var standby = Start(connector, "host-b", settings);
            Assert.IsTrue(Leadership(leader).IsLeader);
            Assert.IsFalse(Leadership(standby).IsLeader);
            StringAssert.StartsWith(await LeadershipHealthAsync(standby), "Standby: instance host-b");

            // A complaint taken in by the standby is delivered by the leader.
            using var standbyClient = standby.CreateIntakeClient();
            var before = await SubmitAsync(standbyClient, 0);
            var postedBefore = await connector.WaitForCallsAsync(c => c.IsCreateConversation && c.Succeeded && c.Body.Contains(before, StringComparison.Ordinal), cancellationToken: Ct);
            Assert.AreEqual("Bearer host-a-token", postedBefore.Single().Authorization);

            // The leader dies: its storage access goes with it (no renewal, no release), then the process is gone.
            leaderStore!.Sever();
            var killedAt = TimeProvider.System.GetTimestamp();
            await leader.DisposeAsync();

            await Eventually.UntilAsync(
                _ => Task.FromResult(Leadership(standby).IsLeader),
                Ct,
                timeout: TimeSpan.FromSeconds(45),
                because: "for the standby to take the lease over once it ran out");
            var takeover = TimeProvider.System.GetElapsedTime(killedAt);
            TestContext.WriteLine($"taken over {takeover.TotalSeconds:0.0} s after the leader died (lease 15 s)");
            StringAssert.StartsWith(await LeadershipHealthAsync(standby), "Leader: instance host-b");
            Assert.IsTrue(standby.Logs.GetSnapshot().Any(l => l.Id.Id == 4202 && l.Message.Contains("from host-a", StringComparison.Ordinal)), "the takeover is logged with the dead leader's name");

            var after = await SubmitAsync(standbyClient, 1);
            var postedAfter = await connector.WaitForCallsAsync(c => c.IsCreateConversation && c.Succeeded && c.Body.Contains(after, StringComparison.Ordinal), cancellationToken: Ct);
            Assert.AreEqual("Bearer host-b-token", postedAfter.Single().Authorization, "the new leader drains");
        }
        finally
        {
            await leader.DisposeAsync();
            await new BlobContainerClient(azurite.ConnectionString, container).DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            await new QueueClient(azurite.ConnectionString, queue).DeleteIfExistsAsync(CancellationToken.None);
        }
    }

    private static BotApp Start(FakeBotConnector connector, string instanceId, Dictionary<string, string?> settings, Action<IServiceCollection>? services = null) =>
        BotApp.Start(
            connector,
            new Dictionary<string, string?>(settings) { ["Storage:Leadership:InstanceId"] = instanceId },
            s =>
            {
                // Each instance's Connector token names it, so the fake connector can tell who called.
                s.AddSingleton(new BotCredential(new NamedTokenCredential($"{instanceId}-token")));
                services?.Invoke(s);
            },
            minimumLogLevel: LogLevel.Information);

    private static ILeadership Leadership(BotApp app) => app.Services.GetRequiredService<ILeadership>();

    private async Task<string> LeadershipHealthAsync(BotApp app)
    {
        using var client = app.CreateClient();
        var health = JsonNode.Parse(await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative), Ct))!;
        Assert.AreEqual("Healthy", health["status"]!.GetValue<string>(), "a standby is as ready as the leader");
        return health["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == LeadershipHealthCheck.Name)!["description"]!.GetValue<string>();
    }

    private async Task<string> SubmitAsync(HttpClient client, int number)
    {
        var text = number % 2 == 0 ? "I was charged twice on my last invoice!" : "The agent on the phone was rude to me.";
        using var response = await client.PostAsJsonAsync("/api/complaints", IntakeApiTests.Body(text: text), Ct);
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<string>();
    }

    private static int MaxInWindow(List<DateTimeOffset> sorted, TimeSpan window) =>
        sorted.Count == 0 ? 0 : sorted.Select((start, i) => sorted.Skip(i).TakeWhile(t => t - start < window).Count()).Max();

    /// <summary>Hands out one fixed token, so every call an instance makes carries its name.</summary>
    private sealed class NamedTokenCredential(string token) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
