using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.IntegrationTests.Intake;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Leases;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;
using TeamsEscalationBot.TestHarness.Playground;
using TeamsEscalationBot.TestHarness.Processes;

namespace TeamsEscalationBot.IntegrationTests.Faults;

/// <summary>
/// kill -9 of the draining instance in the middle of a drain on Azure Storage (Azurite). The leader is the bot as built,
/// started as a child process (<c>dotnet TeamsEscalationBot.dll</c>, settings in its environment) on a shared container
/// and queue; the standby is a second host in this process; both post to one fake Bot Connector. The standby takes the
/// lease over once it runs out and finishes the drain: every card is posted, and a card is posted twice only for an item
/// that was in the crash window (its card accepted by Teams, its item not yet completed) when the leader died.
/// </summary>
[TestClass]
public sealed class LeaderKillTests
{
    private const int Complaints = 60;
    private const int KillAfterPosts = 15;
    private const int Budget = 4;
    private const int MaxParallelism = 4;
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public async Task LeaderKilledMidDrain_StandbyTakesOverWithinALeasePeriod_EveryCardPostedDuplicatesOnlyInTheCrashWindow()
    {
        var azurite = await AzuriteFixture.GetServerAsync();
        var container = AzuriteFixture.UniqueName("killed");
        var queue = AzuriteFixture.UniqueName("killed");
        await using var connector = await FakeBotConnector.StartAsync();
        var settings = SharedSettings(azurite.ConnectionString, container, queue, connector);
        var leaderUrl = $"http://127.0.0.1:{LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}";
        var workDirectory = Path.Combine(Path.GetTempPath(), "teb-leader-kill", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDirectory);
        try
        {
            await using var leader = StartChild(settings, leaderUrl, workDirectory);
            using var leaderHttp = new HttpClient { BaseAddress = new Uri(leaderUrl), Timeout = TimeSpan.FromSeconds(5) };
            await WaitUntilLeaderAsync(leader, leaderHttp);

            await using var standby = BotApp.Start(
                connector,
                new Dictionary<string, string?>(settings) { ["Storage:Leadership:InstanceId"] = "standby" },
                minimumLogLevel: LogLevel.Information);
            var leadership = standby.Services.GetRequiredService<ILeadership>();
            Assert.IsFalse(leadership.IsLeader, "the child took the lease first");

            // Taken in by the standby, drained by the leader (the queue wakes it), at the deployment's budget.
            using var intake = standby.CreateIntakeClient();
            var ids = new List<string>();
            for (var batch = 0; batch < Complaints / 10; batch++)
            {
                ids.AddRange(await Task.WhenAll(Enumerable.Range(batch * 10, 10).Select(i => SubmitAsync(intake, i))));
            }

            await connector.WaitForCallsAsync(
                c => c.IsCreateConversation && c.Succeeded && c.Authorization is null, KillAfterPosts, TimeSpan.FromSeconds(60), Ct);
            Assert.IsFalse(leader.HasExited, leader.Tail());

            // Into the crash window: Teams accepts the next posts, but the leader dies before it hears so.
            connector.HoldAnswers();
            await Eventually.UntilAsync(
                _ => Task.FromResult(connector.HeldAnswers), held => held >= 1, Ct, TimeSpan.FromSeconds(10), "for a post accepted and unanswered");
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            var heldAtKill = connector.HeldAnswers;
            await leader.KillAsync();
            var killedAt = TimeProvider.System.GetTimestamp();
            connector.ReleaseAnswers();

            // The crash window as it stands at the kill: cards the dead leader got accepted whose items are still pending.
            var postedByLeader = CardsPosted(connector, byLeader: true);
            var outbox = standby.Services.GetRequiredService<IOutbox>();
            var inWindow = new List<string>();
            foreach (var id in postedByLeader.Distinct(StringComparer.Ordinal))
            {
                if ((await outbox.ListPendingAsync(id, Ct)).Any(item => item.Kind == OutboxKinds.PostCard))
                {
                    inWindow.Add(id);
                }
            }

            TestContext.WriteLine(
                $"killed after {postedByLeader.Count} cards accepted from the leader, {heldAtKill} write(s) accepted and unanswered; " +
                $"{inWindow.Count} card item(s) in the crash window: {string.Join(", ", inWindow)}");
            Assert.IsNotEmpty(inWindow, "the kill hit the crash window");

            await Eventually.UntilAsync(
                _ => Task.FromResult(leadership.IsLeader),
                Ct,
                timeout: LeaseTime + TimeSpan.FromSeconds(10),
                because: "for the standby to take the lease over once it ran out");
            var takeover = TimeProvider.System.GetElapsedTime(killedAt);
            TestContext.WriteLine($"the standby took over {takeover.TotalSeconds:0.0} s after the kill (lease {LeaseTime.TotalSeconds:0} s, standby tries every {LeaseTime.TotalSeconds / 6:0.0} s)");

            await Eventually.UntilAsync(
                _ => Task.FromResult(connector.Deliveries.Lost(ids).Count),
                lost => lost == 0,
                Ct,
                timeout: TimeSpan.FromSeconds(120),
                because: "for every card to be posted");
            foreach (var id in ids)
            {
                await Eventually.UntilAsync(
                    async probe => (await outbox.ListPendingAsync(id, probe)).Count(item => item.Kind == OutboxKinds.PostCard),
                    pending => pending == 0,
                    Ct,
                    timeout: TimeSpan.FromSeconds(60),
                    because: $"for complaint {id}'s card item to be completed");
            }

            var posted = connector.Deliveries.CardsPostedByComplaint();
            var duplicated = posted.Where(p => p.Value > 1).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
            var byStandby = CardsPosted(connector, byLeader: false);
            TestContext.WriteLine(
                $"{Complaints} complaints: {postedByLeader.Count} cards posted by the killed leader, {byStandby.Count} by the new leader; " +
                $"{connector.Deliveries.Duplicates()} duplicate(s) ({string.Join(", ", duplicated)}), {inWindow.Count} item(s) were in the crash window");

            Assert.IsEmpty(connector.Deliveries.Lost(ids), "no card lost");
            Assert.IsNotEmpty(byStandby, "the new leader finished the drain");
            Assert.IsTrue(posted.Values.All(count => count <= 2), "at most one duplicate per item");
            CollectionAssert.IsSubsetOf(duplicated, inWindow, "only an item in the crash window at the kill is posted twice");
            Assert.IsLessThanOrEqualTo(inWindow.Count, connector.Deliveries.Duplicates());
            Assert.IsLessThanOrEqualTo(MaxParallelism, inWindow.Count, "no more items in flight than the worker runs at once");
        }
        finally
        {
            await new BlobContainerClient(azurite.ConnectionString, container).DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            await new QueueClient(azurite.ConnectionString, queue).DeleteIfExistsAsync(CancellationToken.None);
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    /// <summary>What both instances share: storage, budget, the departments' channels, the connector, quick retries.</summary>
    private static Dictionary<string, string?> SharedSettings(string connectionString, string container, string queue, FakeBotConnector connector)
    {
        return new(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:Provider"] = "AzureBlob",
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:ContainerName"] = container,
            ["Storage:QueueName"] = queue,
            ["Storage:Leadership:LeaseTime"] = "00:00:15",
            ["Storage:Outbox:LeaseTime"] = "00:00:10",
            ["Storage:Outbox:MaxParallelism"] = MaxParallelism.ToString(CultureInfo.InvariantCulture),
            ["Storage:Outbox:MaxAttempts"] = "20",
            ["Storage:Outbox:BaseDelay"] = "00:00:00.200",
            ["Storage:Outbox:MaxDelay"] = "00:00:02",
            ["Storage:Outbox:PollInterval"] = "00:00:00.200",
            ["Bot:TenantRequestsPerSecond"] = Budget.ToString(CultureInfo.InvariantCulture),
            ["Bot:RetryBaseDelay"] = "00:00:00.050",
            ["Bot:OpenIdMetadataUrl"] = connector.OpenIdMetadataUrl,
            ["Bot:TrustedServiceUrls:0"] = connector.ServiceUrl,
            ["Teams:DefaultServiceUrl"] = connector.ServiceUrl,
            ["Intake:RequestsPerMinute"] = "100000",
            // 60 alike complaints make a reputation crisis, whose alert is a new thread that names complaints: not a card.
            ["Crises:Enabled"] = "false",
            ["Routing:TriageDepartmentId"] = "care",
            ["Departments:0:Id"] = "care",
            ["Departments:0:TeamId"] = Activities.TeamId,
            ["Departments:0:ChannelId"] = Activities.CareChannelId,
            ["Departments:1:Id"] = "billing",
            ["Departments:1:TeamId"] = Activities.TeamId,
            ["Departments:1:ChannelId"] = Activities.ChannelId,
        };
    }

    /// <summary>
    /// The leader: the built bot in Development (static directory, no Connector credential: its calls carry no token,
    /// which tells them apart from the standby's), with the shared settings in its environment.
    /// </summary>
    private static ChildProcess StartChild(Dictionary<string, string?> settings, string url, string workDirectory)
    {
        var botDll = Path.Combine(PlaygroundSession.BotDirectory, "TeamsEscalationBot.dll");
        Assert.IsTrue(File.Exists(botDll), $"The bot is not built at {botDll}.");
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = null,
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_CONTENTROOT"] = null,
            ["Storage__Leadership__InstanceId"] = "killed-leader",
            ["Logging__LogLevel__Default"] = "Information",
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return ChildProcess.Start(
            "leader", "dotnet", [botDll, "--urls", url], workDirectory, environment, Path.Combine(workDirectory, "leader.log"));
    }

    private async Task WaitUntilLeaderAsync(ChildProcess leader, HttpClient http)
    {
        var deadline = DateTimeOffset.UtcNow + ReadyTimeout;
        while (true)
        {
            Assert.IsFalse(leader.HasExited, "The leader exited during start-up:" + Environment.NewLine + leader.Tail());
            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
                var health = JsonNode.Parse(await ready.Content.ReadAsStringAsync(Ct));
                var description = health?["checks"]?.AsArray()
                    .FirstOrDefault(c => c?["name"]?.GetValue<string>() == LeadershipHealthCheck.Name)?["description"]?.GetValue<string>();
                if (ready.IsSuccessStatusCode && description?.StartsWith("Leader: instance killed-leader", StringComparison.Ordinal) == true)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!Ct.IsCancellationRequested)
            {
                // The attempt timed out; try again within the bound.
            }
            catch (System.Text.Json.JsonException)
            {
                // Not the health answer yet.
            }

            Assert.IsLessThan(deadline, DateTimeOffset.UtcNow, "The leader was not ready in time:" + Environment.NewLine + leader.Tail());
            await Task.Delay(200, Ct);
        }
    }

    private async Task<string> SubmitAsync(HttpClient client, int number)
    {
        var text = number % 2 == 0 ? $"I was charged twice on my last invoice ({number})!" : $"The agent on the phone was rude to me ({number}).";
        using var response = await client.PostAsJsonAsync("/api/complaints", IntakeApiTests.Body(text: text), Ct);
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<string>();
    }

    /// <summary>Complaint ids of the cards accepted from the killed leader (no token) or from the standby (its token).</summary>
    private static List<string> CardsPosted(FakeBotConnector connector, bool byLeader) =>
        [.. connector.Calls
            .Where(c => c.IsCreateConversation && c.Succeeded && (c.Authorization is null) == byLeader)
            .Select(c => DeliveryLedger.FindComplaintId(JsonNode.Parse(c.Body)?["activity"]))
            .OfType<string>()];
}
