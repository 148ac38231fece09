using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Notifications;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.IntegrationTests.Relay;
using TeamsEscalationBot.IntegrationTests.Workflow;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Notifications;

/// <summary>
/// Teams activity-feed notices over real HTTP: card actions and the relay write them with their transitions, the outbox
/// sends them through the real Graph SDK to the fake Graph, which records each call.
/// </summary>
[TestClass]
public sealed class ActivityNoticeTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Assign_ByAnotherMember_OneNoticeToTheAssigneeWithDepartmentAndCardLink()
    {
        await using var host = await WorkflowHost.StartAsync();
        var ana = host.NewBillingMember("Ana Asignadora");
        var luis = host.NewBillingMember("Luis Gómez");
        var complaint = await host.NewOpenComplaintAsync(TestContext.CancellationToken);
        var id = complaint["id"]!.GetValue<string>();

        Assert.AreEqual(200, (await host.InvokeAsync(ana, "complaint.claim", complaint)).BodyStatus, "claimed by herself: nobody is told");
        complaint = await host.GetAsync(id, TestContext.CancellationToken);
        Assert.AreEqual(200, (await host.InvokeAsync(ana, "complaint.assign", complaint, new JsonObject { ["assignee"] = luis.AadObjectId })).BodyStatus);

        var notice = (await host.Graph.WaitForActivityNoticesAsync(n => n.User == luis.AadObjectId, cancellationToken: TestContext.CancellationToken)).Single();
        await host.WaitForOutboxAsync(id, OutboxKinds.ActivityNotice, TestContext.CancellationToken);
        Assert.AreEqual(204, notice.Status);
        Assert.AreEqual("complaintAssigned", notice.ActivityType);
        Assert.AreEqual("Billing", notice.TemplateParameters["department"]);
        Assert.IsFalse(notice.TemplateParameters.ContainsKey("actor"), "Teams fills {actor} itself");
        Assert.AreEqual("text", notice.Body!["topic"]!["source"]!.GetValue<string>());
        var card = complaint["card"]!;
        var expected = ChannelMessageLink.For(new ChannelCard(
            "billing", card["conversationId"]!.GetValue<string>(), card["activityId"]!.GetValue<string>(), DateTimeOffset.UtcNow), BotApp.TenantId);
        Assert.AreEqual(expected!.AbsoluteUri, notice.WebUrl, "the link opens the complaint's card in the channel");
        StringAssert.Contains(notice.PreviewText, id);
        StringAssert.Contains(notice.PreviewText, "Ana Asignadora");
        Assert.DoesNotContain("charged twice", notice.PreviewText!, "no complaint text in a banner");
        Assert.IsLessThanOrEqualTo(150, notice.PreviewText!.Length);
        Assert.StartsWith("Bearer ", host.Graph.Requests.Last(r => r.IsActivityNotification).Authorization!, "sent with the bot's Graph token");
        Assert.HasCount(1, host.Graph.ActivityNotices, "one notice in all: none for the claim");
    }

    [TestMethod]
    public async Task AnswerRelayed_OneAnswerReadyToTheCommunityManager()
    {
        await using var scenario = await RelayScenario.StartAsync(withGraph: true);
        var cm = RelayScenario.Carla;
        scenario.Graph!.AddUser(new FakeGraphUser(cm.AadObjectId, cm.Name));
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);

        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);
        var notice = (await scenario.Graph.WaitForActivityNoticesAsync(n => n.User == cm.AadObjectId, cancellationToken: TestContext.CancellationToken)).Single();

        Assert.AreEqual(204, notice.Status);
        Assert.AreEqual("answerReady", notice.ActivityType);
        Assert.AreEqual("Billing", notice.TemplateParameters["department"]);
        Assert.AreEqual($"https://teams.microsoft.com/l/chat/0/0?users=28:{BotApp.AppId}", notice.WebUrl, "the chat with the bot, where the answer is");
        StringAssert.Contains(notice.PreviewText, id);
        StringAssert.Contains(notice.PreviewText, RelayScenario.Owner.DisplayName);
        var written = scenario.Store.Written.Where(i => i.ComplaintId == id && i.Kind == OutboxKinds.ActivityNotice).ToList();
        Assert.HasCount(1, written, "one notice, written with the delivery");
        Assert.HasCount(1, scenario.Graph.ActivityNotices);
    }

    [TestMethod]
    public async Task Forbidden_NotedOnceWithOneWarningAndLaterNoticesToThatPersonSkipped()
    {
        await using var host = await WorkflowHost.StartAsync();
        var ana = host.NewBillingMember("Ana Asignadora");
        var luis = host.NewBillingMember("Luis Sinapp");
        var marta = host.NewBillingMember("Marta Conapp");
        host.Graph.EnqueueFault(new GraphFault(403, Count: 100) { Code = "Forbidden", Match = r => r.IsActivityNotification && r.Path.Contains(luis.AadObjectId, StringComparison.Ordinal) });

        var first = await AssignAsync(host, ana, luis);
        await host.WaitForOutboxAsync(first, OutboxKinds.ActivityNotice, TestContext.CancellationToken);
        var second = await AssignAsync(host, ana, luis);
        await host.WaitForOutboxAsync(second, OutboxKinds.ActivityNotice, TestContext.CancellationToken);
        var third = await AssignAsync(host, ana, marta);
        await host.Graph.WaitForActivityNoticesAsync(n => n.User == marta.AadObjectId && n.Succeeded, cancellationToken: TestContext.CancellationToken);
        await host.WaitForOutboxAsync(third, OutboxKinds.ActivityNotice, TestContext.CancellationToken);

        var toLuis = host.Graph.ActivityNotices.Where(n => n.User == luis.AadObjectId).ToList();
        Assert.HasCount(1, toLuis, "tried once; the second notice to the same person is skipped");
        Assert.AreEqual(403, toLuis[0].Status);
        Assert.AreEqual(UnreachableReason.Forbidden, host.App.Services.GetRequiredService<ActivityFeedReach>().Unreachable(luis.AadObjectId));
        var logs = host.App.Logs.GetSnapshot();
        var warnings = logs.Where(r => r.Level >= LogLevel.Warning && r.Message.Contains(luis.AadObjectId, StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, warnings, string.Join(Environment.NewLine, warnings.Select(w => w.Message)));
        Assert.AreEqual(LogLevel.Warning, warnings[0].Level);
        StringAssert.Contains(warnings[0].Message, "TeamsActivity.Send");
        Assert.IsFalse(logs.Any(r => r.Level >= LogLevel.Warning && r.Message.Contains("activity-notice", StringComparison.Ordinal)), "no outbox retries or dead letters");
        var outbox = host.App.Services.GetRequiredService<IOutbox>();
        Assert.IsEmpty(await outbox.ListFailedAsync(first, TestContext.CancellationToken), "not a dead letter: the person is noted instead");
        Assert.IsEmpty(await outbox.ListFailedAsync(second, TestContext.CancellationToken));
        Assert.HasCount(1, host.Graph.ActivityNotices.Where(n => n.User == marta.AadObjectId).ToList(), "others are still told");
    }

    [TestMethod]
    public async Task TooManyRequests_RetriedAfterGraphsRetryAfterThenSent()
    {
        // No retries inside the SDK: the 429 reaches the outbox, which waits what Graph asked for.
        await using var host = await WorkflowHost.StartAsync(new Dictionary<string, string?> { ["Graph:MaxRetryWait"] = "00:00:00" });
        var ana = host.NewBillingMember("Ana Asignadora");
        var luis = host.NewBillingMember("Luis Gómez");
        host.Graph.EnqueueFault(new GraphFault(429) { RetryAfter = TimeSpan.FromSeconds(2), Match = r => r.IsActivityNotification });

        var id = await AssignAsync(host, ana, luis);
        await host.Graph.WaitForActivityNoticesAsync(n => n.User == luis.AadObjectId && n.Succeeded, cancellationToken: TestContext.CancellationToken);
        await host.WaitForOutboxAsync(id, OutboxKinds.ActivityNotice, TestContext.CancellationToken);

        var calls = host.Graph.Requests.Where(r => r.IsActivityNotification).ToList();
        CollectionAssert.AreEqual(new[] { 429, 204 }, calls.Select(c => c.Status).ToArray());
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9), calls[1].At - calls[0].At, "not before Retry-After");
        var retry = host.App.Logs.GetSnapshot().Single(r => r.Message.Contains("activity-notice", StringComparison.Ordinal) && r.Message.Contains("retrying in", StringComparison.Ordinal));
        StringAssert.Contains(retry.Message, "retrying in 00:00:02");
        StringAssert.Contains(retry.Message, "429");
    }

    /// <summary>A new complaint, assigned to <paramref name="assignee"/> by <paramref name="by"/>; its id.</summary>
    private async Task<string> AssignAsync(WorkflowHost host, UserRef by, UserRef assignee)
    {
        var complaint = await host.NewOpenComplaintAsync(TestContext.CancellationToken);
        var answer = await host.InvokeAsync(by, "complaint.assign", complaint, new JsonObject { ["assignee"] = assignee.AadObjectId });
        Assert.AreEqual(200, answer.BodyStatus, answer.Body?.ToJsonString());
        return complaint["id"]!.GetValue<string>();
    }
}
