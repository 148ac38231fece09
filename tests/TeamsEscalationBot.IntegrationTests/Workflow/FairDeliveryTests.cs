using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.IntegrationTests.Workflow;

/// <summary>
/// Delivery against a connector that enforces Teams' per-thread windows (7/1 s, 8/2 s, 60/30 s) and app budget: one
/// complaint's backlog does not hold back another department's card, audit lines keep their order through 429s, and
/// a complaint's pending card updates collapse into few.
/// </summary>
[TestClass]
public sealed class FairDeliveryTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Backlog_ManyNotesOnOneComplaint_OtherDepartmentsCardPostedWhileItDrains()
    {
        const int notes = 300;
        await using var host = await WorkflowHost.StartAsync(connector: await FakeBotConnector.StartAsync(new TeamsLimits()));
        var ana = host.NewBillingMember("Ana Busy");
        var busy = await host.NewOpenComplaintAsync(TestContext.CancellationToken);
        var busyId = CardActionTests.Id(busy);

        await AddNotesAsync(host, ana, busy, notes);
        var backlog = await host.App.Services.GetRequiredService<IOutbox>().ListPendingAsync(busyId, TestContext.CancellationToken);
        var clock = Stopwatch.StartNew();
        var other = await host.NewOpenComplaintAsync(TestContext.CancellationToken, "The agent was rude to me on the phone");
        var waited = clock.Elapsed;
        var stillPending = await host.App.Services.GetRequiredService<IOutbox>().ListPendingAsync(busyId, TestContext.CancellationToken);

        Assert.AreEqual("care", other["department"]!["id"]!.GetValue<string>());
        Assert.IsGreaterThan(0, stillPending.Count(i => i.Kind == "thread-reply"), "the busy thread was still draining when the other card went out");
        Assert.AreEqual(0, host.Connector.Teams!.ThreadLimitRefusals, "no request was sent into a full thread window");
        TestContext.WriteLine(
            $"{notes} notes: {backlog.Count} items pending when the other complaint was created; its card posted after {waited.TotalSeconds:0.0} s " +
            $"with {stillPending.Count} of the busy complaint's items still pending; card updates sent so far: {host.CardUpdates(busy["card"]!["activityId"]!.GetValue<string>()).Count}");
    }

    [TestMethod]
    public async Task Notes_ThreadAnswers429_LinesInOrderAndCardUpdatesCoalesced()
    {
        const int notes = 40;
        await using var host = await WorkflowHost.StartAsync(
            new Dictionary<string, string?> { ["Bot:MaxRetries"] = "0" }, connector: await FakeBotConnector.StartAsync(new TeamsLimits()));
        var ana = host.NewBillingMember("Ana Ordered");
        var complaint = await host.NewOpenComplaintAsync(TestContext.CancellationToken);
        var thread = CardActionTests.Thread(complaint);
        var activityId = complaint["card"]!["activityId"]!.GetValue<string>();
        host.Connector.EnqueueFault(new ConnectorFault(429, Count: 2) { RetryAfter = TimeSpan.FromSeconds(1), Match = c => c.IsSend && c.ConversationId == thread });

        await AddNotesAsync(host, ana, complaint, notes);

        var lines = await Eventually.UntilAsync(
            _ => Task.FromResult(host.ThreadReplies(thread)), l => l.Count >= notes, TestContext.CancellationToken, TimeSpan.FromSeconds(90), "for every audit line");
        var final = await host.GetAsync(CardActionTests.Id(complaint), TestContext.CancellationToken);
        await host.WaitForOutboxAsync(CardActionTests.Id(complaint), "update-card", TestContext.CancellationToken);
        var updates = host.CardUpdates(activityId);

        var order = Enumerable.Range(1, notes).Select(i => lines.ToList().FindIndex(l => l.Contains($"note {i:D4}", StringComparison.Ordinal))).ToList();
        Assert.IsTrue(order.All(i => i >= 0), "every note has its line");
        CollectionAssert.AreEqual(order.Order().ToList(), order, "lines in the order the notes were added");
        Assert.HasCount(notes, lines, "each line once");
        Assert.IsLessThan(notes / 2, updates.Count, $"{updates.Count} card updates for {notes} notes");
        Assert.AreEqual(final["version"]!.GetValue<long>(), CardJson.Version(CardJson.FromActivity(updates[^1])), "the last update shows the final state");
        TestContext.WriteLine($"{notes} notes, 2 injected 429s: {updates.Count} card updates sent ({notes - updates.Count} coalesced), {lines.Count} lines in order");
    }

    private static async Task AddNotesAsync(WorkflowHost host, TestHarness.Host.UserRef user, JsonNode complaint, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            var answer = await host.InvokeAsync(user, "complaint.note", complaint, new JsonObject { ["noteText"] = $"note {i:D4}" });
            Assert.AreEqual(200, answer.BodyStatus, $"note {i}");
        }
    }
}
