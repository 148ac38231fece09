using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.Features.Crises;
using TeamsEscalationBot.IntegrationTests.Workflow;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Crises;

/// <summary>
/// Reputation crises end to end, over real HTTP with a fake clock, the fake connector and the fake Graph: bursts of
/// complaints through the intake API (threshold 4 within 30 minutes here), the alert cards to the executive and the
/// department's lead (1:1) and the banner in the channel, their updates in place, a restart on the same database,
/// "Mark as handled", and the Crisis badge on the complaints' channel cards.
/// </summary>
[TestClass]
public sealed class CrisisAlertTests
{
    private const int Threshold = 4;
    private const string RudeText = "The agent on the phone was rude and hung up on me";
    private static readonly string Executive = Guid.NewGuid().ToString();
    private static readonly string BillingLead = Guid.NewGuid().ToString();
    private static readonly string CareLead = Guid.NewGuid().ToString();

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Burst_ThroughIntake_OneCrisisWithOneAlertPerRecipientAndOneBanner()
    {
        await using var crises = await CrisisHost.StartAsync();

        var ids = await crises.BurstAsync(Threshold, WorkflowHost.InvoiceText, Token);
        var alerts = await crises.WaitForAlertsAsync(3, Token);

        var crisisIds = alerts.Select(a => a.CrisisId).Distinct().ToList();
        Assert.HasCount(1, crisisIds, "one burst, one crisis");
        CollectionAssert.AreEquivalent(
            new[] { $"a:conversation-{Executive}", $"a:conversation-{BillingLead}" },
            alerts.Where(a => a.Personal).Select(a => a.ConversationId).ToList());
        var banner = Assert.ContainsSingle(alerts.Where(a => !a.Personal));
        StringAssert.StartsWith(banner.ConversationId, Activities.ChannelId);
        var card = alerts.First(a => a.Personal).Card;
        Assert.IsTrue(CardJson.Shows(card, Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)), string.Join(" | ", CardJson.Texts(card)));
        Assert.IsTrue(CardJson.Shows(card, "invoice"), "the headline shows the shared words: " + string.Join(" | ", CardJson.Texts(card)));
        CollectionAssert.AreEqual(new[] { "crisis.handled" }, CardJson.Verbs(card).ToList());
        Assert.HasCount(Threshold, ids);
    }

    [TestMethod]
    public async Task BurstGrows_MoreComplaints_SameCardsUpdatedNotPostedAgain()
    {
        await using var crises = await CrisisHost.StartAsync();
        await crises.BurstAsync(Threshold, WorkflowHost.InvoiceText, Token);
        var posted = await crises.WaitForAlertsAsync(3, Token);

        await crises.BurstAsync(2, WorkflowHost.InvoiceText, Token);
        var updates = await crises.WaitForUpdatesShowingAsync(posted[0].CrisisId, $"{Threshold + 2}", Token);

        Assert.HasCount(3, crises.AlertPosts(), "no new post");
        Assert.HasCount(3, updates.Select(u => (u.ConversationId, u.ActivityId)).Distinct(), "each card updated in place");
        Assert.IsTrue(updates.All(u => u.CrisisId == posted[0].CrisisId));
    }

    [TestMethod]
    public async Task Restart_SameDatabaseThenMoreComplaints_NoSecondAlert()
    {
        var database = Path.Combine(Path.GetTempPath(), "teb-crisis-" + Guid.NewGuid().ToString("N"), "escalations.db");
        var connector = await FakeBotConnector.StartAsync();
        var graph = await FakeGraph.StartAsync();
        try
        {
            IReadOnlyList<AlertCall> posted;
            var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var first = await CrisisHost.StartAsync(connector, graph, database, time);
            try
            {
                await first.BurstAsync(Threshold, WorkflowHost.InvoiceText, Token);
                posted = await first.WaitForAlertsAsync(3, Token);
            }
            finally
            {
                await first.StopAsync();
            }

            var second = await CrisisHost.StartAsync(connector, graph, database, time);
            try
            {
                await second.BurstAsync(2, WorkflowHost.InvoiceText, Token);
                var updates = await second.WaitForUpdatesShowingAsync(posted[0].CrisisId, $"{Threshold + 2}", Token);

                Assert.HasCount(3, second.AlertPosts(), "the restarted host updates the same cards");
                Assert.HasCount(3, updates.Select(u => (u.ConversationId, u.ActivityId)).Distinct());
                Assert.HasCount(1, second.AlertPosts().Select(a => a.CrisisId).Distinct());
            }
            finally
            {
                await second.StopAsync();
            }
        }
        finally
        {
            await graph.DisposeAsync();
            await connector.DisposeAsync();
            Directory.Delete(Path.GetDirectoryName(database)!, recursive: true);
        }
    }

    [TestMethod]
    public async Task SlowTrickle_BelowTheThresholdInAnyWindow_NoAlert()
    {
        await using var crises = await CrisisHost.StartAsync();

        for (var i = 0; i < Threshold * 2; i++)
        {
            await crises.SubmitAsync(WorkflowHost.InvoiceText, Token);
            await crises.AdvanceAsync(TimeSpan.FromMinutes(11), Token);
        }

        await crises.PassAsync(Token);
        Assert.IsEmpty(crises.AlertPosts());
        Assert.IsEmpty((await crises.SnapshotAsync(Token)).Crises);
    }

    [TestMethod]
    public async Task TwoBursts_TwoDepartments_TwoSeparateAlertSets()
    {
        await using var crises = await CrisisHost.StartAsync();

        await crises.BurstAsync(Threshold, WorkflowHost.InvoiceText, Token);
        await crises.BurstAsync(Threshold, RudeText, Token);
        var alerts = await crises.WaitForAlertsAsync(6, Token);

        var sets = alerts.GroupBy(a => a.CrisisId).ToDictionary(g => g.Key, g => g.Select(a => a.ConversationId).Order(StringComparer.Ordinal).ToList());
        Assert.HasCount(2, sets);
        var billing = sets.Values.Single(s => s.Contains($"a:conversation-{BillingLead}"));
        var care = sets.Values.Single(s => s.Contains($"a:conversation-{CareLead}"));
        Assert.Contains($"a:conversation-{Executive}", billing);
        Assert.Contains($"a:conversation-{Executive}", care);
        Assert.IsTrue(billing.Any(c => c.StartsWith(Activities.ChannelId, StringComparison.Ordinal)), "billing's banner");
        Assert.IsTrue(care.Any(c => c.StartsWith(Activities.CareChannelId, StringComparison.Ordinal)), "care's banner");
        Assert.DoesNotContain($"a:conversation-{CareLead}", billing);
    }

    [TestMethod]
    public async Task Handled_ByTheLead_CrisisClosesAndEveryCardSaysWho()
    {
        await using var crises = await CrisisHost.StartAsync();
        await crises.BurstAsync(Threshold, WorkflowHost.InvoiceText, Token);
        var posted = await crises.WaitForAlertsAsync(3, Token);
        var lead = new UserRef("29:1" + Guid.NewGuid().ToString("N"), "Lena Lead", BillingLead);

        var answer = await crises.HandleAsync(lead, posted[0].CrisisId, Token);
        var updates = await crises.WaitForUpdatesShowingAsync(posted[0].CrisisId, "Lena Lead", Token);

        Assert.IsTrue(CardJson.Shows(answer.Card, "Lena Lead"), string.Join(" | ", CardJson.Texts(answer.Card)));
        Assert.IsTrue(CardJson.Shows(answer.Card, "Reputation crisis (handled)"));
        Assert.IsEmpty(CardJson.Verbs(answer.Card));
        Assert.HasCount(3, updates.Select(u => u.ActivityId).Distinct());
        Assert.IsTrue(updates.All(u => CardJson.Shows(u.Card, "Reputation crisis (handled)")));
        var crisis = Assert.ContainsSingle((await crises.SnapshotAsync(Token)).Crises);
        Assert.AreEqual(TeamsEscalationBot.Domain.Crises.CrisisState.Handled, crisis.State);
        Assert.HasCount(3, crises.AlertPosts(), "handling updates the cards, it posts nothing");
    }

    [TestMethod]
    public async Task Handled_ByAStranger_RefusedAndTheCrisisStaysOpen()
    {
        await using var crises = await CrisisHost.StartAsync();
        await crises.BurstAsync(Threshold, WorkflowHost.InvoiceText, Token);
        var posted = await crises.WaitForAlertsAsync(3, Token);
        var stranger = crises.Host.NewBillingMember("Sam Stranger");
        var careLead = new UserRef("29:1" + Guid.NewGuid().ToString("N"), "Carl Care", CareLead);

        var refused = await crises.HandleAsync(stranger, posted[0].CrisisId, Token);
        var otherLead = await crises.HandleAsync(careLead, posted[0].CrisisId, Token);

        foreach (var answer in new[] { refused, otherLead })
        {
            Assert.AreEqual(
                "Only executives and the leads of the departments involved can mark this crisis as handled.",
                CardJson.Notice(answer.Card));
        }

        var crisis = Assert.ContainsSingle((await crises.SnapshotAsync(Token)).Crises);
        Assert.AreEqual(TeamsEscalationBot.Domain.Crises.CrisisState.Open, crisis.State);
    }

    [TestMethod]
    public async Task Badge_MemberComplaintOfAnOpenCrisis_ItsChannelCardShowsCrisis()
    {
        await using var crises = await CrisisHost.StartAsync();
        var first = await crises.Host.NewOpenComplaintAsync(Token);
        var activityId = first["card"]!["activityId"]!.GetValue<string>();
        var complaintId = first["id"]!.GetValue<string>();
        var posted = crises.Host.Connector.Calls
            .Where(c => c.IsCreateConversation && c.Body.Contains(complaintId, StringComparison.Ordinal))
            .Select(c => c.Json!["activity"]!["attachments"]![0]!["content"]!)
            .First();

        await crises.BurstAsync(Threshold - 1, WorkflowHost.InvoiceText, Token);
        await crises.WaitForAlertsAsync(3, Token);
        var badged = await Eventually.UntilAsync(
            _ => Task.FromResult(crises.Host.CardUpdates(activityId).Select(CardJson.FromActivity).LastOrDefault()),
            card => card is not null && CardJson.Shows(card, "Crisis: part of a burst of related complaints"),
            Token,
            because: $"a PUT of card {activityId} with the Crisis badge");

        Assert.IsFalse(CardJson.Shows(posted, "Crisis: part of a burst"), "posted before the crisis: no badge then");
        Assert.AreEqual("Attention", badged!["body"]![0]!["style"]!.GetValue<string>());
    }

    /// <summary>A crisis card the bot sent: a 1:1 post, a channel banner, or an update of either.</summary>
    internal sealed record AlertCall(string CrisisId, string ConversationId, string? ActivityId, bool Personal, JsonNode Card);

    private sealed class CrisisHost : IAsyncDisposable
    {
        private readonly bool ownsPeers;
        private readonly CancellationTokenSource stopTicking = new();
        private readonly Task ticking;

        private CrisisHost(WorkflowHost host, FakeTimeProvider time, bool ownsPeers)
        {
            Host = host;
            Time = time;
            this.ownsPeers = ownsPeers;
            ticking = TickAsync(stopTicking.Token);
        }

        public WorkflowHost Host { get; }

        public FakeTimeProvider Time { get; }

        public static Task<CrisisHost> StartAsync() => StartAsync(null, null, null, new FakeTimeProvider(DateTimeOffset.UtcNow));

        public static async Task<CrisisHost> StartAsync(FakeBotConnector? connector, FakeGraph? graph, string? database, FakeTimeProvider time)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Crises:Enabled"] = "true",
                // A fake clock stands still between steps, and the Connector budget refills with it: room for every call of a step.
                ["Bot:TenantRequestsPerSecond"] = "1000",
                ["Crises:Complaints"] = Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Crises:Window"] = "00:30:00",
                ["Crises:PollInterval"] = "00:00:05",
                ["Executives:UserIds:0"] = Executive,
                ["Departments:1:LeadUserIds:0"] = BillingLead,
                ["Departments:0:LeadUserIds:0"] = CareLead,
            };
            if (database is not null)
            {
                settings["Storage:SqlitePath"] = database;
            }

            var host = await WorkflowHost.StartAsync(settings, connector, graph, services: s => s.AddSingleton<TimeProvider>(time));
            return new CrisisHost(host, time, connector is null);
        }

        public async Task<string> SubmitAsync(string text, CancellationToken cancellationToken)
        {
            var body = new JsonObject
            {
                ["source"] = "crisis-tests",
                ["externalId"] = Guid.NewGuid().ToString("N"),
                ["network"] = "x",
                ["authorHandle"] = "@angry",
                ["text"] = text,
            };
            using var response = await Host.Api.PostAsJsonAsync("/api/complaints", body, cancellationToken);
            Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["id"]!.GetValue<string>();
        }

        /// <summary><paramref name="count"/> complaints at once (the fake clock stands still, so no call in flight times out).</summary>
        public async Task<IReadOnlyList<string>> BurstAsync(int count, string text, CancellationToken cancellationToken)
        {
            var ids = new List<string>();
            for (var i = 0; i < count; i++)
            {
                ids.Add(await SubmitAsync(text, cancellationToken));
            }

            return ids;
        }

        /// <summary>Moves the fake clock once the outbox has nothing due (a Connector call in flight would time out on the fake clock).</summary>
        public async Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken)
        {
            await Eventually.UntilAsync(async probe => !await PendingDueAsync(probe), cancellationToken, because: "the outbox to finish what is due");
            Time.Advance(by);
            Host.App.Services.GetRequiredService<OutboxSignal>().Notify();
        }

        private async Task<bool> PendingDueAsync(CancellationToken cancellationToken)
        {
            var complaints = Host.App.Services.GetRequiredService<IComplaintStore>();
            var outbox = Host.App.Services.GetRequiredService<IOutbox>();
            var page = await complaints.ListAsync(new ComplaintQuery { PageSize = ComplaintQuery.MaxPageSize }, cancellationToken);
            foreach (var complaint in page.Items)
            {
                if ((await outbox.ListPendingAsync(complaint.Id, cancellationToken)).Any(i => i.NotBefore <= Time.GetUtcNow()))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Runs one pass of the alert worker now (as the background loop does), so what follows sees its result.</summary>
        public async Task PassAsync(CancellationToken cancellationToken) =>
            await Host.App.Services.GetRequiredService<CrisisAlertWorker>().RunOnceAsync(cancellationToken);

        public Task<TeamsEscalationBot.Domain.Crises.CrisisDetectorSnapshot> SnapshotAsync(CancellationToken cancellationToken) =>
            Host.App.Services.GetRequiredService<CrisisWatch>().SnapshotAsync(cancellationToken, fresh: true);

        /// <summary>Every crisis card posted so far: 1:1 sends and channel banners.</summary>
        public IReadOnlyList<AlertCall> AlertPosts() =>
        [
            .. Host.Connector.Calls.Where(c => c.Succeeded).Select(c => c switch
            {
                { IsSend: true } => Alert(c, c.Json, c.ConversationId!, personal: true),
                { IsCreateConversation: true } when c.Json?["activity"] is { } activity =>
                    Alert(c, activity, c.Json["channelData"]?["channel"]?["id"]?.GetValue<string>() ?? string.Empty, personal: false),
                _ => null,
            }).OfType<AlertCall>(),
        ];

        public IReadOnlyList<AlertCall> AlertUpdates() =>
            [.. Host.Connector.Calls.Where(c => c.Succeeded && c.IsUpdate).Select(c => Alert(c, c.Json, c.ConversationId!, personal: c.ConversationId!.StartsWith("a:", StringComparison.Ordinal))).OfType<AlertCall>()];

        public async Task<IReadOnlyList<AlertCall>> WaitForAlertsAsync(int count, CancellationToken cancellationToken) =>
            await Eventually.UntilAsync(
                _ =>
                {
                    Host.App.Services.GetRequiredService<CrisisSignal>().Notify();
                    return Task.FromResult(AlertPosts());
                },
                posts => posts.Count >= count,
                cancellationToken,
                because: $"{count} crisis alerts");

        /// <summary>The crisis's stored alerts: where each card is (conversation and activity id).</summary>
        public async Task<IReadOnlyList<CrisisAlert>> StoredAlertsAsync(string crisisId, CancellationToken cancellationToken) =>
            (await Host.App.Services.GetRequiredService<ICrisisStore>().GetAsync(crisisId, cancellationToken))?.Value.Alerts ?? [];

        /// <summary>
        /// The latest PUT of each of the crisis's stored cards, once every one shows <paramref name="text"/>; each PUT
        /// goes to the activity id recorded when the card was posted.
        /// </summary>
        public async Task<IReadOnlyList<AlertCall>> WaitForUpdatesShowingAsync(string crisisId, string text, CancellationToken cancellationToken)
        {
            var alerts = await StoredAlertsAsync(crisisId, cancellationToken);
            Assert.IsTrue(alerts.Count > 0 && alerts.All(a => a.IsPosted), "every alert is stored with its activity id");
            return await Eventually.UntilAsync(
                _ =>
                {
                    Host.App.Services.GetRequiredService<CrisisSignal>().Notify();
                    var latest = alerts.Select(a => AlertUpdates().LastOrDefault(u => u.ActivityId == a.ActivityId && u.ConversationId == a.ConversationId)).ToList();
                    return Task.FromResult<IReadOnlyList<AlertCall>>(
                        latest.All(u => u is not null && CardJson.Texts(u.Card).Any(t => t.Contains(text, StringComparison.Ordinal))) ? [.. latest.OfType<AlertCall>()] : []);
                },
                updates => updates.Count == alerts.Count,
                cancellationToken,
                because: $"every alert card of {crisisId} updated to show '{text}'");
        }

        public async Task<InvokeAnswer> HandleAsync(UserRef user, string crisisId, CancellationToken cancellationToken)
        {
            _ = cancellationToken;
            return await Host.InvokeRawAsync(user, "crisis.handled", new JsonObject { ["crisisId"] = crisisId }, conversationId: $"a:conversation-{user.AadObjectId}");
        }

        /// <summary>
        /// The fake clock creeps on (100 ms every 25 ms) so that the Connector's per-conversation rate limits, which wait
        /// on it, let the posts through; a burst still arrives within seconds of fake time.
        /// </summary>
        private async Task TickAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Time.Advance(TimeSpan.FromMilliseconds(100));
                await Task.Delay(25, CancellationToken.None);
            }
        }

        public async Task StopAsync()
        {
            await StopTickingAsync();
            Host.Api.Dispose();
            Host.Bot.Dispose();
            await Host.App.DisposeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (ownsPeers)
            {
                await StopTickingAsync();
                await Host.DisposeAsync();
            }
            else
            {
                await StopAsync();
            }
        }

        private async Task StopTickingAsync()
        {
            if (!stopTicking.IsCancellationRequested)
            {
                await stopTicking.CancelAsync();
                await ticking;
            }
        }

        private static AlertCall? Alert(RecordedCall call, JsonNode? activity, string conversationId, bool personal)
        {
            if (activity?["attachments"]?[0]?["content"] is not { } card)
            {
                return null;
            }

            var crisisId = CardJson.Texts(card).FirstOrDefault(t => t.StartsWith("crisis-", StringComparison.Ordinal));
            if (crisisId is null)
            {
                return null;
            }

            return new AlertCall(crisisId, conversationId, call.ActivityId, personal, card);
        }
    }
}
