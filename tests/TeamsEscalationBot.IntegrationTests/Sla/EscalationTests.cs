using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.IntegrationTests.Workflow;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Sla;

/// <summary>
/// Reminders and escalation end to end, over real HTTP with a fake clock, the fake connector and the fake Graph:
/// billing has a policy in calendar hours (claim within 20 minutes, answer within 4 hours), so the reminder falls due at
/// 15 minutes, the breach at 20 and the second level at 40. Billing has one lead (not a member of its Entra group) and
/// the company one executive. Every step is counted in what the bot sent: exactly one message each, also across a
/// restart on the same SQLite file and with two schedulers on it at once.
/// </summary>
[TestClass]
public sealed class EscalationTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task Scheduler_UnclaimedComplaint_ReminderThenBreachThenSecondLevelEachSentOnce()
    {
        await using var world = await EscalationWorld.StartAsync();
        await using var host = await world.StartHostAsync();
        var complaint = await host.NewOpenComplaintAsync(Ct);
        var id = Id(complaint);
        var thread = complaint["card"]!["conversationId"]!.GetValue<string>();

        await world.AdvanceAsync(host, TimeSpan.FromMinutes(15));
        var reminder = Assert.ContainsSingle(await world.WaitForThreadMessagesAsync(host, thread, "Reminder: ", 1));
        await world.AdvanceAsync(host, TimeSpan.FromMinutes(5));
        var breach = Assert.ContainsSingle(await world.WaitForThreadMessagesAsync(host, thread, "Overdue: ", 1));
        var leadCard = Assert.ContainsSingle(await world.WaitForPersonalCardsAsync(host, world.Lead, 1));
        await world.AdvanceAsync(host, TimeSpan.FromMinutes(20));
        var executiveCard = Assert.ContainsSingle(await world.WaitForPersonalCardsAsync(host, world.Executive, 1));
        await world.AdvanceAsync(host, TimeSpan.FromMinutes(30));
        await world.SettleAsync(host);

        StringAssert.Contains(Text(reminder), $"Reminder: complaint {id} has not been claimed yet");
        var channel = Assert.ContainsSingle(reminder.Json!["entities"]!.AsArray());
        Assert.AreEqual("19:billing-channel@thread.tacv2", channel!["mentioned"]!["id"]!.GetValue<string>(), "the reminder of an unclaimed complaint mentions the channel");
        Assert.AreEqual("channel", channel["mentioned"]!["conversationIdentityType"]!.GetValue<string>());
        StringAssert.Contains(Text(breach), $"Overdue: nobody has claimed complaint {id}");
        var lead = Assert.ContainsSingle(breach.Json!["entities"]!.AsArray());
        Assert.AreEqual(world.Lead.AadObjectId, lead!["mentioned"]!["id"]!.GetValue<string>());
        StringAssert.Contains(lead["text"]!.GetValue<string>(), "Lena Lead");
        StringAssert.Contains(Text(leadCard), $"Complaint {id} in Billing is overdue");
        CollectionAssert.IsSubsetOf(new[] { "complaint.claim", "complaint.assign" }, CardJson.Verbs(CardOf(leadCard)).ToArray(), "Claim and Assign to… right there");
        Assert.IsTrue(CardJson.Shows(CardOf(executiveCard), "Complaint escalated to you"), string.Join(" | ", CardJson.Texts(CardOf(executiveCard))));
        Assert.IsTrue(CardJson.Shows(CardOf(executiveCard), $"Complaint {id} in Billing has still not been claimed"));
        Assert.HasCount(1, world.ThreadMessages(thread, "Reminder: "), "half an hour later: still one reminder");
        Assert.HasCount(1, world.ThreadMessages(thread, "Overdue: "), "one breach");
        Assert.HasCount(1, world.PersonalCards(world.Lead), "one card to the lead");
        Assert.HasCount(1, world.PersonalCards(world.Executive), "one card to the executive");
        var steps = await EscalationWorld.StepsAsync(host, id);
        CollectionAssert.AreEqual(new[] { "Claim/Reminder", "Claim/Breach", "Claim/SecondLevel" }, steps.Select(s => $"{s.Target}/{s.Level}").ToArray());
        await world.Graph.WaitForActivityNoticesAsync(_ => true, cancellationToken: Ct);
        var notice = Assert.ContainsSingle(world.Graph.ActivityNotices, "the breach sends one activity-feed notice, to the lead (nobody owns it)");
        Assert.AreEqual(world.Lead.AadObjectId, notice.User);
        Assert.AreEqual("complaintOverdue", notice.ActivityType);
    }

    [TestMethod]
    public async Task LeadCard_ClaimFromThePersonalChat_ClaimsTheComplaintAndRefreshesTheChannelCard()
    {
        await using var world = await EscalationWorld.StartAsync();
        await using var host = await world.StartHostAsync();
        var complaint = await host.NewOpenComplaintAsync(Ct);
        var activityId = complaint["card"]!["activityId"]!.GetValue<string>();
        await world.AdvanceAsync(host, TimeSpan.FromMinutes(21));
        var leadCard = Assert.ContainsSingle(await world.WaitForPersonalCardsAsync(host, world.Lead, 1));
        var updatesBefore = host.CardUpdates(activityId).Count;

        var answer = await world.InvokeFromPersonalChatAsync(host, world.Lead, "complaint.claim", CardOf(leadCard), leadCard.ConversationId!);
        var claimed = await host.WaitForAsync(Id(complaint), c => c["state"]!.GetValue<string>() == "claimed", Ct);
        await world.DriveAsync(host, () => host.CardUpdates(activityId).Count > updatesBefore, "the channel card to be updated");

        Assert.AreEqual(HttpStatusCode.OK, answer.Status);
        Assert.AreEqual("application/vnd.microsoft.card.adaptive", answer.Type, answer.Body?.ToJsonString());
        Assert.AreEqual(world.Lead.AadObjectId, claimed["owner"]!["aadObjectId"]!.GetValue<string>(), "the lead acts as the department's lead");
        Assert.IsTrue(CardJson.Shows(CardJson.FromActivity(host.CardUpdates(activityId)[^1]), "Lena Lead"), "the channel card shows the new owner");
    }

    [TestMethod]
    public async Task Scheduler_RestartInTheMiddle_TheSecondHostSendsNothingTwice()
    {
        await using var world = await EscalationWorld.StartAsync();
        string thread;
        string id;
        await using (var first = await world.StartHostAsync())
        {
            var complaint = await first.NewOpenComplaintAsync(Ct);
            (id, thread) = (Id(complaint), complaint["card"]!["conversationId"]!.GetValue<string>());
            await world.AdvanceAsync(first, TimeSpan.FromMinutes(15));
            await world.WaitForThreadMessagesAsync(first, thread, "Reminder: ", 1);
            await world.AdvanceAsync(first, TimeSpan.FromMinutes(5));
            await world.WaitForThreadMessagesAsync(first, thread, "Overdue: ", 1);
            await world.WaitForPersonalCardsAsync(first, world.Lead, 1);
        }

        await using var second = await world.StartHostAsync();
        await world.AdvanceAsync(second, TimeSpan.FromMinutes(20));
        await world.WaitForPersonalCardsAsync(second, world.Executive, 1);
        await world.AdvanceAsync(second, TimeSpan.FromMinutes(10));
        await world.SettleAsync(second);

        Assert.HasCount(1, world.ThreadMessages(thread, "Reminder: "));
        Assert.HasCount(1, world.ThreadMessages(thread, "Overdue: "));
        Assert.HasCount(1, world.PersonalCards(world.Lead));
        Assert.HasCount(1, world.PersonalCards(world.Executive));
        Assert.HasCount(3, await EscalationWorld.StepsAsync(second, id));
    }

    [TestMethod]
    public async Task Scheduler_TwoInstancesOnOneDatabase_EachStepSentOnce()
    {
        await using var world = await EscalationWorld.StartAsync();
        await using var first = await world.StartHostAsync(alwaysLeads: true);
        await using var second = await world.StartHostAsync(alwaysLeads: true);
        var complaints = new List<JsonNode>();
        for (var i = 0; i < 3; i++)
        {
            complaints.Add(await first.NewOpenComplaintAsync(Ct));
        }

        await world.AdvanceAsync(first, TimeSpan.FromMinutes(15));
        await world.SettleAsync(first, second);
        await world.AdvanceAsync(first, TimeSpan.FromMinutes(5));
        await world.WaitForPersonalCardsAsync(first, world.Lead, 3);
        await world.AdvanceAsync(first, TimeSpan.FromMinutes(20));
        await world.WaitForPersonalCardsAsync(first, world.Executive, 3);
        await world.SettleAsync(first, second);

        foreach (var complaint in complaints)
        {
            var thread = complaint["card"]!["conversationId"]!.GetValue<string>();
            Assert.HasCount(1, world.ThreadMessages(thread, "Reminder: "), Id(complaint));
            Assert.HasCount(1, world.ThreadMessages(thread, "Overdue: "), Id(complaint));
            Assert.HasCount(3, await EscalationWorld.StepsAsync(first, Id(complaint)), Id(complaint));
        }

        Assert.HasCount(3, world.PersonalCards(world.Lead));
        Assert.HasCount(3, world.PersonalCards(world.Executive));
    }

    [TestMethod]
    public async Task Scheduler_PausedAndClosedComplaints_NothingSent()
    {
        await using var world = await EscalationWorld.StartAsync();
        await using var host = await world.StartHostAsync();
        var paused = await host.NewOpenComplaintAsync(Ct);
        var closed = await host.NewOpenComplaintAsync(Ct);
        var member = host.NewBillingMember("Bea Billing");
        Assert.AreEqual(HttpStatusCode.OK, (await host.InvokeAsync(member, "complaint.claim", paused)).Status);
        paused = await host.WaitForAsync(Id(paused), c => c["state"]!.GetValue<string>() == "claimed", Ct);
        Assert.AreEqual(HttpStatusCode.OK, (await host.InvokeAsync(member, "complaint.resolve", paused, new JsonObject { ["answerText"] = "We refunded you today." })).Status);
        await host.WaitForAsync(Id(paused), c => c["state"]!.GetValue<string>() == "answered", Ct);
        await world.CloseAsync(host, Id(closed));

        await world.AdvanceAsync(host, TimeSpan.FromHours(10));
        await world.SettleAsync(host);

        foreach (var complaint in new[] { paused, closed })
        {
            var thread = complaint["card"]!["conversationId"]!.GetValue<string>();
            Assert.IsEmpty(world.ThreadMessages(thread, "Reminder: "), Id(complaint));
            Assert.IsEmpty(world.ThreadMessages(thread, "Overdue: "), Id(complaint));
            Assert.IsEmpty(await EscalationWorld.StepsAsync(host, Id(complaint)), Id(complaint));
        }

        Assert.IsEmpty(world.PersonalCards(world.Lead));
        Assert.IsEmpty(world.PersonalCards(world.Executive));
    }

    [TestMethod]
    public async Task EscalationCard_ExecutiveCannotBeReached_RecordedOnceAndNotRetried()
    {
        await using var world = await EscalationWorld.StartAsync();
        await using var host = await world.StartHostAsync();
        world.Connector.EnqueueFault(new ConnectorFault(403, Count: 20) { ErrorCode = "Forbidden", Match = c => c.IsCreateConversation && c.Body.Contains(world.Executive.AadObjectId, StringComparison.Ordinal) });
        var complaint = await host.NewOpenComplaintAsync(Ct);

        await world.AdvanceAsync(host, TimeSpan.FromMinutes(41));
        await world.DriveAsync(host, () => world.Connector.Calls.Any(c => c.IsCreateConversation && c.Body.Contains(world.Executive.AadObjectId, StringComparison.Ordinal)), "the executive's chat to be asked for");
        await world.SettleAsync(host);
        await world.AdvanceAsync(host, TimeSpan.FromMinutes(30));
        await world.SettleAsync(host);
        var history = (await host.GetAsync(Id(complaint), Ct))["history"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "escalationNotDelivered").ToList();

        var notReached = Assert.ContainsSingle(history);
        Assert.AreEqual(world.Executive.AadObjectId, notReached!["escalation"]!["told"]![0]!.GetValue<string>());
        StringAssert.Contains(notReached["note"]!.GetValue<string>(), "Teams:CatalogAppId is not configured");
        Assert.AreEqual(1, (await host.GetAsync(Id(complaint), Ct))["history"]!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == "escalationNotDelivered"));
        Assert.AreEqual(1, world.Connector.Calls.Count(c => c.IsCreateConversation && c.Body.Contains(world.Executive.AadObjectId, StringComparison.Ordinal)), "not tried again");
        Assert.IsEmpty(world.PersonalCards(world.Executive));
    }

    private static string Id(JsonNode complaint) => complaint["id"]!.GetValue<string>();

    private static string Text(RecordedCall call) => call.Json!["text"]!.GetValue<string>();

    private static JsonNode CardOf(RecordedCall call) => CardJson.FromActivity(call);

    /// <summary>
    /// What the hosts of one test share: the fake connector and Graph, the fake clock and one SQLite file, so a host can
    /// be stopped and another started on the same data, or two run at once. Billing's lead and the executive are in the
    /// directory; the lead is not a member of billing's Entra group.
    /// </summary>
    private sealed class EscalationWorld : IAsyncDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "teb-escalation", Guid.NewGuid().ToString("N"));

        private EscalationWorld(FakeBotConnector connector, FakeGraph graph)
        {
            Connector = connector;
            Graph = graph;
            Lead = AddUser(graph, "Lena Lead");
            Executive = AddUser(graph, "Eva Executive");
            Directory.CreateDirectory(directory);
        }

        public FakeBotConnector Connector { get; }

        public FakeGraph Graph { get; }

        public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

        public UserRef Lead { get; }

        public UserRef Executive { get; }

        public static async Task<EscalationWorld> StartAsync() =>
            new(await FakeBotConnector.StartAsync(), await FakeGraph.StartAsync());

        /// <summary>
        /// A host on the shared database and clock. <paramref name="alwaysLeads"/>: as if the lease failed to keep two
        /// instances apart (both run the scheduler), so only the optimistic write stands between them.
        /// </summary>
        public Task<WorkflowHost> StartHostAsync(bool alwaysLeads = false) => WorkflowHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Storage:SqlitePath"] = Path.Combine(directory, "escalations.db"),
                // A fake clock stands still between steps, and the Connector budget refills with it: room for every call of a step.
                ["Bot:TenantRequestsPerSecond"] = "1000",
                ["Sla:Departments:billing:CountIn"] = "CalendarHours",
                ["Sla:Departments:billing:Targets:TimeToClaim"] = "00:20:00",
                ["Sla:Departments:billing:Targets:TimeToAnswer"] = "04:00:00",
                ["Sla:Escalation:Interval"] = "00:00:01",
                ["Departments:1:LeadUserIds:0"] = Lead.AadObjectId,
                ["Executives:UserIds:0"] = Executive.AadObjectId,
                ["Cards:TimeZone"] = "Europe/Madrid",
            },
            Connector,
            Graph,
            services =>
            {
                services.AddSingleton<TimeProvider>(Time);
                if (alwaysLeads)
                {
                    services.AddSingleton<TeamsEscalationBot.Storage.Leases.ILeadership, TeamsEscalationBot.Storage.Leases.SoleLeadership>();
                }
            });

        /// <summary>Moves the clock once the outbox has nothing due (a handler in flight would see its lease run out), then wakes the workers.</summary>
        public async Task AdvanceAsync(WorkflowHost host, TimeSpan by)
        {
            await IdleAsync(host);
            Time.Advance(by);
            host.App.Services.GetRequiredService<OutboxSignal>().Notify();
        }

        /// <summary>Lets the schedulers run a few more passes (a second of fake time each) and the outboxes finish.</summary>
        public async Task SettleAsync(params WorkflowHost[] hosts)
        {
            for (var pass = 0; pass < 5; pass++)
            {
                foreach (var host in hosts)
                {
                    await IdleAsync(host);
                }

                Time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(100);
            }

            foreach (var host in hosts)
            {
                await IdleAsync(host);
            }
        }

        public async Task<IReadOnlyList<RecordedCall>> WaitForThreadMessagesAsync(WorkflowHost host, string thread, string prefix, int count)
        {
            await DriveAsync(host, () => ThreadMessages(thread, prefix).Count >= count, $"{count} '{prefix}' message(s) in {thread}");
            return ThreadMessages(thread, prefix);
        }

        public async Task<IReadOnlyList<RecordedCall>> WaitForPersonalCardsAsync(WorkflowHost host, UserRef person, int count)
        {
            await DriveAsync(host, () => PersonalCards(person).Count >= count, $"{count} card(s) in {person.Name}'s 1:1 chat");
            return PersonalCards(person);
        }

        public IReadOnlyList<RecordedCall> ThreadMessages(string thread, string prefix) =>
            [.. Connector.Calls.Where(c => c.IsSend && c.Succeeded && c.ConversationId == thread && c.Json?["text"]?.GetValue<string>() is { } text && text.StartsWith(prefix, StringComparison.Ordinal))];

        /// <summary>Cards sent into the person's 1:1 chat (the fake connector names it after the member it was created for).</summary>
        public IReadOnlyList<RecordedCall> PersonalCards(UserRef person) =>
            [.. Connector.Calls.Where(c => c.IsSend && c.Succeeded && c.ConversationId == $"a:conversation-{person.AadObjectId}" && c.Json?["attachments"] is JsonArray { Count: > 0 })];

        /// <summary>The escalation steps recorded on the complaint, oldest first.</summary>
        public static async Task<IReadOnlyList<(string Target, string Level)>> StepsAsync(WorkflowHost host, string id) =>
            [.. (await host.GetAsync(id, CancellationToken.None))["history"]!.AsArray()
                .Where(e => e!["kind"]!.GetValue<string>() == "escalated")
                .Select(e => (Capital(e!["escalation"]!["target"]!.GetValue<string>()), Capital(e["escalation"]!["level"]!.GetValue<string>())))];

        /// <summary>Outbox items of a kind the complaint has asked for (waiting, or dead-lettered for want of a handler).</summary>
        public static async Task<int> PendingOrDeadAsync(WorkflowHost host, string id, string kind)
        {
            var outbox = host.App.Services.GetRequiredService<IOutbox>();
            var pending = (await outbox.ListPendingAsync(id, CancellationToken.None)).Count(i => i.Kind == kind);
            var dead = host.App.Logs.GetSnapshot().Count(r => r.Message.Contains(kind, StringComparison.Ordinal) && r.Message.Contains(id, StringComparison.Ordinal) && r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
            return pending + dead;
        }

        /// <summary>A click on the card in a 1:1 chat, as Teams sends it.</summary>
        public async Task<InvokeAnswer> InvokeFromPersonalChatAsync(WorkflowHost host, UserRef user, string verb, JsonNode card, string conversationId)
        {
            var data = card["refresh"]!["action"]!["data"]!.DeepClone();
            var activity = Activities.Envelope("invoke", Connector.ServiceUrl, user, conversationId, "personal", "en-US");
            activity["name"] = "adaptiveCard/action";
            activity["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
                ["trigger"] = "manual",
            };
            using var response = await host.Bot.PostAsync(activity);
            var text = await response.Content.ReadAsStringAsync();
            return new InvokeAnswer(response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
        }

        /// <summary>Claims, resolves and accepts the complaint through the store, as the card actions and the relay would.</summary>
        public async Task CloseAsync(WorkflowHost host, string id)
        {
            var store = host.App.Services.GetRequiredService<IComplaintStore>();
            var complaint = (await store.GetAsync(id, CancellationToken.None))!;
            var expected = complaint.Version;
            var someone = new Actor(Lead.AadObjectId, Lead.Name, ActorKind.User);
            var now = Time.GetUtcNow();
            Assert.IsTrue(complaint.Claim(someone, now).Succeeded);
            Assert.IsTrue(complaint.Resolve(someone, "We refunded you today.", now).Succeeded);
            Assert.IsTrue(complaint.Accept(new Actor("aad-cm", "Carla", ActorKind.CommunityManager), now).Succeeded);
            Assert.AreEqual(UpdateOutcome.Updated, (await store.UpdateAsync(complaint, expected, [], CancellationToken.None)).Outcome);
        }

        public async ValueTask DisposeAsync()
        {
            await Graph.DisposeAsync();
            await Connector.DisposeAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow machine; the temp folder is cleaned up anyway.
            }
        }

        private static string Capital(string camel) => char.ToUpperInvariant(camel[0]) + camel[1..];

        private static UserRef AddUser(FakeGraph graph, string name)
        {
            var id = Guid.NewGuid().ToString();
            graph.AddUser(new FakeGraphUser(id, name));
            return new UserRef("29:1" + Guid.NewGuid().ToString("N"), name, id);
        }

        /// <summary>
        /// Lets the fake clock run until the condition holds: a second at a time while the outbox is idle (waking the
        /// scheduler), a tenth of a second while it works (the Connector's rate limiter and retries wait on this clock,
        /// and a handler's two-minute lease never runs out within the bounded wait).
        /// </summary>
        public async Task DriveAsync(WorkflowHost host, Func<bool> condition, string what)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > Bounded)
                {
                    throw new AssertFailedException($"Gave up waiting for {what} after {Bounded}.");
                }

                Time.Advance(await PendingDueAsync(host) ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1));

                host.App.Services.GetRequiredService<OutboxSignal>().Notify();
                await Task.Delay(50);
            }
        }

        private async Task<bool> PendingDueAsync(WorkflowHost host)
        {
            var store = host.App.Services.GetRequiredService<IComplaintStore>();
            var outbox = host.App.Services.GetRequiredService<IOutbox>();
            var now = Time.GetUtcNow();
            var page = await store.ListAsync(new ComplaintQuery { PageSize = ComplaintQuery.MaxPageSize }, CancellationToken.None);
            foreach (var complaint in page.Items)
            {
                if ((await outbox.ListPendingAsync(complaint.Id, CancellationToken.None)).Any(i => i.NotBefore <= now && i.Kind != "activity-notice"))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Until the outbox has nothing due, the fake clock moving a tenth of a second at a time meanwhile.</summary>
        private async Task IdleAsync(WorkflowHost host)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (await PendingDueAsync(host))
            {
                if (clock.Elapsed > Bounded)
                {
                    throw new AssertFailedException($"Gave up waiting for the outbox to finish what is due after {Bounded}.");
                }

                Time.Advance(TimeSpan.FromMilliseconds(100));
                host.App.Services.GetRequiredService<OutboxSignal>().Notify();
                await Task.Delay(50);
            }
        }
    }
}
