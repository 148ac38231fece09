using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.IntegrationTests.Workflow;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Sla;

/// <summary>
/// Service levels end to end, over real HTTP with a fake clock: billing has a policy (calendar hours: claim within
/// 30 minutes, answer within 4 hours), customer care has none. The API's <c>sla</c> block and <c>overdue=true</c>, the
/// channel card refreshed by the outbox at each band change, a viewer's own card in their time zone, and <c>overdue</c>
/// in chat.
/// </summary>
[TestClass]
public sealed class ServiceLevelTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(20);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Get_NewComplaint_SlaBlockWithPolicyDeadlinesAndOnTrack()
    {
        await using var sla = await SlaHost.StartAsync();

        using var created = await sla.Host.Api.PostAsJsonAsync(
            "/api/complaints",
            new JsonObject { ["source"] = "sla-tests", ["externalId"] = "post-1", ["network"] = "x", ["authorHandle"] = "@angry", ["text"] = WorkflowHost.InvoiceText },
            TestContext.CancellationToken);
        var answered = JsonNode.Parse(await created.Content.ReadAsStringAsync(TestContext.CancellationToken))!;
        var complaint = await sla.Host.GetAsync(Id(answered), TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode);
        Assert.AreEqual("onTrack", answered["sla"]!["state"]!.GetValue<string>(), "the created complaint's sla, as GET shows it");
        var block = complaint["sla"]!;
        var received = Instant(complaint["createdAt"]);
        Assert.AreEqual("billing", block["policy"]!.GetValue<string>());
        Assert.AreEqual(received.AddMinutes(30), Instant(block["claimDueAt"]));
        Assert.AreEqual(received.AddHours(4), Instant(block["answerDueAt"]));
        Assert.AreEqual("onTrack", block["state"]!.GetValue<string>());
        Assert.IsEmpty(block["breachedAt"]!.AsArray());
    }

    [TestMethod]
    public async Task Get_PastTheClaimTarget_OverdueWithTheBreachAndListedByOverdueFilter()
    {
        await using var sla = await SlaHost.StartAsync();
        var late = await sla.Host.NewOpenComplaintAsync(TestContext.CancellationToken);
        var unpoliced = await sla.Host.NewOpenComplaintAsync(TestContext.CancellationToken, "The agent on the phone was rude to me");
        await sla.AdvanceAsync(TimeSpan.FromMinutes(40));
        var fresh = await sla.Host.NewOpenComplaintAsync(TestContext.CancellationToken);

        var now = await sla.Host.GetAsync(Id(late), TestContext.CancellationToken);
        var list = JsonNode.Parse(await sla.Host.Api.GetStringAsync("/api/complaints?overdue=true", TestContext.CancellationToken))!;

        Assert.AreEqual("overdue", now["sla"]!["state"]!.GetValue<string>());
        Assert.AreEqual(Instant(late["createdAt"]).AddMinutes(30), Instant(now["sla"]!["breachedAt"]![0]));
        var listed = list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        CollectionAssert.AreEqual(new[] { Id(late) }, listed, $"not {Id(fresh)} (on track) nor {Id(unpoliced)} (no policy)");
        Assert.AreEqual("overdue", list["items"]![0]!["sla"]!["state"]!.GetValue<string>());
        Assert.AreEqual("onTrack", (await sla.Host.GetAsync(Id(fresh), TestContext.CancellationToken))["sla"]!["state"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task ReportSummary_PastTheClaimTarget_TheBreachCountsForTheDepartment()
    {
        await using var sla = await SlaHost.StartAsync();
        var late = await sla.Host.NewOpenComplaintAsync(TestContext.CancellationToken);
        await sla.AdvanceAsync(TimeSpan.FromMinutes(40));
        var received = Instant(late["createdAt"]).ToUniversalTime();
        var from = received.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var to = received.AddMinutes(45).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var summary = JsonNode.Parse(await sla.Host.Api.GetStringAsync($"/api/reports/summary?from={from}&to={to}", TestContext.CancellationToken))!;

        var billing = summary["departments"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == "billing")!;
        Assert.AreEqual(1, billing["figures"]!["breached"]!.GetValue<int>(), billing.ToJsonString());
        Assert.AreEqual(1, billing["rank"]!.GetValue<int>(), "a department with a breach ranks first");
    }

    [TestMethod]
    public async Task Get_DepartmentWithoutPolicy_NoServiceLevel()
    {
        await using var sla = await SlaHost.StartAsync();

        var complaint = await sla.Host.NewOpenComplaintAsync(TestContext.CancellationToken, "The agent on the phone was rude to me");
        var card = await sla.RefreshAsync(complaint, sla.Host.NewUser("Carla Care", BotApp.CareGroupId));

        Assert.AreEqual("care", complaint["department"]!["id"]!.GetValue<string>());
        Assert.IsNull(complaint["sla"]!["policy"]);
        Assert.AreEqual("noClock", complaint["sla"]!["state"]!.GetValue<string>());
        Assert.IsNull(complaint["sla"]!["claimDueAt"]);
        Assert.IsTrue(CardJson.Shows(card, "Service level: no service level"), string.Join(" | ", CardJson.Texts(card)));
    }

    [TestMethod]
    public async Task ChannelCard_BandChanges_RefreshedByTheOutboxAtEachChange()
    {
        await using var sla = await SlaHost.StartAsync();
        var complaint = await sla.Host.NewOpenComplaintAsync(TestContext.CancellationToken);
        var activityId = complaint["card"]!["activityId"]!.GetValue<string>();

        await sla.AdvanceAsync(TimeSpan.FromMinutes(25));
        var dueSoon = await sla.WaitForChannelCardAsync(activityId, "Service level: claim due ");
        await sla.AdvanceAsync(TimeSpan.FromMinutes(10));
        var overdue = await sla.WaitForChannelCardAsync(activityId, "Service level: claim overdue since ");

        Assert.AreEqual("Warning", ServiceLevelLine(dueSoon)["color"]!.GetValue<string>());
        Assert.AreEqual("Attention", ServiceLevelLine(overdue)["color"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Refresh_ViewerInAnotherZone_OverdueByOnTheirOwnCardInTheirTime()
    {
        await using var sla = await SlaHost.StartAsync();
        var complaint = await sla.Host.NewOpenComplaintAsync(TestContext.CancellationToken);
        await sla.AdvanceAsync(TimeSpan.FromMinutes(40));

        var card = await sla.RefreshAsync(complaint, sla.Host.NewBillingMember("Nora York"), "America/New_York");

        var texts = string.Join(" | ", CardJson.Texts(card));
        Assert.IsTrue(CardJson.Shows(card, "Service level: claim overdue by 10 minutes"), texts);
        Assert.IsTrue(CardJson.Shows(card, "America/New_York"), texts);
    }

    [TestMethod]
    public async Task Overdue_MemberInPersonalChat_OverdueFirstThenDueSoonWithLinksToTheirCards()
    {
        await using var sla = await SlaHost.StartAsync();
        var first = await sla.Host.NewOpenComplaintAsync(TestContext.CancellationToken);
        await sla.AdvanceAsync(TimeSpan.FromMinutes(10));
        var second = await sla.Host.NewOpenComplaintAsync(TestContext.CancellationToken);
        await sla.Host.NewOpenComplaintAsync(TestContext.CancellationToken, "The agent on the phone was rude to me");
        await sla.AdvanceAsync(TimeSpan.FromMinutes(25));
        var member = sla.Host.NewBillingMember("Bea Billing");

        var card = await sla.ChatAsync("overdue", member);

        var texts = CardJson.Texts(card);
        Assert.AreEqual("Overdue and due soon", texts[0]);
        var states = texts.Where(t => t.StartsWith("Claim ", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEqual(new[] { "Claim overdue by 5 minutes", "Claim due in 5 minutes" }, states, string.Join(" | ", texts));
        var links = Links(card);
        Assert.HasCount(2, links);
        StringAssert.StartsWith(links[0], "https://teams.microsoft.com/l/message/");
        StringAssert.Contains(links[0], "/" + first["card"]!["activityId"]!.GetValue<string>() + "?");
        StringAssert.Contains(links[1], "/" + second["card"]!["activityId"]!.GetValue<string>() + "?");
    }

    [TestMethod]
    public async Task Overdue_SpanishAliasMentionedInTheChannel_ListedInSpanish()
    {
        await using var sla = await SlaHost.StartAsync();
        await sla.Host.NewOpenComplaintAsync(TestContext.CancellationToken);
        await sla.AdvanceAsync(TimeSpan.FromMinutes(45));

        var card = await sla.ChatAsync("<at>Escalations</at> vencidas", sla.Host.NewBillingMember("Berta Canal"), channel: true, locale: "es-ES");

        var texts = string.Join(" | ", CardJson.Texts(card));
        Assert.IsTrue(CardJson.Shows(card, "Vencidas y a punto de vencer"), texts);
        Assert.IsTrue(CardJson.Shows(card, "Asumirla venció hace 15 minutos"), texts);
    }

    [TestMethod]
    public async Task Overdue_NotInAnyDepartment_ToldItIsForMembers()
    {
        await using var sla = await SlaHost.StartAsync();
        var outsider = sla.Host.NewUser("Olga Outsider");

        var reply = await sla.ChatReplyAsync("overdue", outsider);

        StringAssert.Contains(reply["text"]!.GetValue<string>(), "for department members and leads");
    }

    private static DateTimeOffset Instant(JsonNode? node) => DateTimeOffset.Parse(node!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    private static string Id(JsonNode complaint) => complaint["id"]!.GetValue<string>();

    private static JsonObject ServiceLevelLine(JsonNode card) =>
        Walk(card).Single(o => o["text"] is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith("Service level:", StringComparison.Ordinal));

    private static List<string> Links(JsonNode card) =>
        [.. Walk(card).Where(o => o["type"]?.GetValue<string>() == "Action.OpenUrl").Select(o => o["url"]!.GetValue<string>())];

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Select(p => p.Value).SelectMany(Walk).Prepend(obj),
        JsonArray array => array.SelectMany(Walk),
        _ => [],
    };

    /// <summary>The workflow host with the billing policy and a fake clock the test moves.</summary>
    private sealed class SlaHost : IAsyncDisposable
    {
        private SlaHost(WorkflowHost host, FakeTimeProvider time)
        {
            Host = host;
            Time = time;
        }

        public WorkflowHost Host { get; }

        public FakeTimeProvider Time { get; }

        public static async Task<SlaHost> StartAsync()
        {
            var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var host = await WorkflowHost.StartAsync(
                new Dictionary<string, string?>
                {
                    ["Sla:Departments:billing:CountIn"] = "CalendarHours",
                    // A fake clock stands still between steps, and the Connector budget refills with it: room for every call of a step.
                    ["Bot:TenantRequestsPerSecond"] = "1000",
                    ["Sla:Departments:billing:Targets:TimeToClaim"] = "00:30:00",
                    ["Sla:Departments:billing:Targets:TimeToAnswer"] = "04:00:00",
                    ["Cards:TimeZone"] = "Europe/Madrid",
                    // These tests are about the clock and the card; reminders and escalation have tests of their own
                    // (EscalationTests), which let the fake clock run while the Connector's rate limiter waits on it.
                    ["Sla:Escalation:Enabled"] = "false",
                },
                services: s => s.AddSingleton<TimeProvider>(time));
            return new SlaHost(host, time);
        }

        /// <summary>
        /// Moves the clock once the outbox has nothing due (a handler in flight would see its lease run out), then wakes
        /// the worker, which may be waiting on a delay of the fake clock.
        /// </summary>
        public async Task AdvanceAsync(TimeSpan by)
        {
            await WaitForAsync(async () => !(await PendingDueAsync()), "the outbox to finish what is due");
            Time.Advance(by);
            Host.App.Services.GetRequiredService<OutboxSignal>().Notify();
        }

        public async Task<JsonNode> WaitForChannelCardAsync(string activityId, string text)
        {
            JsonNode? found = null;
            await WaitForAsync(
                () =>
                {
                    Host.App.Services.GetRequiredService<OutboxSignal>().Notify();
                    found = Host.CardUpdates(activityId).Select(CardJson.FromActivity).LastOrDefault(card => CardJson.Shows(card, text));
                    return Task.FromResult(found is not null);
                },
                $"a PUT of card {activityId} showing '{text}'");
            return found!;
        }

        /// <summary>Teams' automatic refresh of the channel card for one viewer, with their time zone.</summary>
        public async Task<JsonNode> RefreshAsync(JsonNode complaint, UserRef viewer, string? timeZone = null)
        {
            var activity = Activities.Envelope("invoke", Host.Connector.ServiceUrl, viewer, complaint["card"]!["conversationId"]!.GetValue<string>(), "channel", "en-US");
            activity["name"] = "adaptiveCard/action";
            activity["localTimezone"] = timeZone;
            activity["channelData"]!["channel"] = new JsonObject { ["id"] = Activities.ChannelId };
            activity["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = "complaint.refresh",
                    ["data"] = new JsonObject { ["complaintId"] = complaint["id"]!.GetValue<string>(), ["version"] = complaint["version"]!.GetValue<long>() },
                },
                ["trigger"] = "automatic",
            };
            using var response = await Host.Bot.PostAsync(activity);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonNode>())!["value"]!;
        }

        /// <summary>A message to the bot (personal chat, or mentioning it in a channel) and the card it answers with.</summary>
        public async Task<JsonNode> ChatAsync(string text, UserRef from, bool channel = false, string locale = "en-US") =>
            (await ChatReplyAsync(text, from, channel, locale))["attachments"]![0]!["content"]!;

        public async Task<JsonNode> ChatReplyAsync(string text, UserRef from, bool channel = false, string locale = "en-US")
        {
            var conversation = channel ? $"{Activities.ChannelId};messageid={Guid.NewGuid():N}" : "a:1" + Guid.NewGuid().ToString("N");
            var activity = Activities.Envelope("message", Host.Connector.ServiceUrl, from, conversation, channel ? "channel" : "personal", locale);
            activity["text"] = text;
            if (channel)
            {
                activity["channelData"]!["channel"] = new JsonObject { ["id"] = Activities.ChannelId };
            }

            using var response = await Host.Bot.PostAsync(activity);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            var sent = await Host.Connector.WaitForCallsAsync(c => c.ConversationId == conversation && c.IsSend, 1, Bounded);
            return sent[^1].Json!;
        }

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();

        private async Task<bool> PendingDueAsync()
        {
            var store = Host.App.Services.GetRequiredService<IComplaintStore>();
            var outbox = Host.App.Services.GetRequiredService<IOutbox>();
            var now = Time.GetUtcNow();
            var page = await store.ListAsync(new ComplaintQuery { PageSize = ComplaintQuery.MaxPageSize }, CancellationToken.None);
            foreach (var complaint in page.Items)
            {
                if ((await outbox.ListPendingAsync(complaint.Id, CancellationToken.None)).Any(i => i.NotBefore <= now))
                {
                    return true;
                }
            }

            return false;
        }

        private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!await condition())
            {
                if (clock.Elapsed > Bounded)
                {
                    throw new AssertFailedException($"Gave up waiting for {what} after {Bounded}.");
                }

                await Task.Delay(50);
            }
        }
    }
}
