using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.IntegrationTests.Workflow;

/// <summary>The outbox side: Teams throttling and deleted messages, and the refresh list surviving a restart.</summary>
[TestClass]
public sealed class ChannelDeliveryTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task UpdateCard_MessageDeletedInTeams_DeadLetteredWithAClearReason()
    {
        await using var host = await WorkflowHost.StartAsync();
        var ana = host.NewBillingMember("Ana Gone");
        var complaint = await host.NewOpenComplaintAsync(TestContext.CancellationToken);
        var activityId = complaint["card"]!["activityId"]!.GetValue<string>();
        host.Connector.EnqueueFault(new ConnectorFault(404, Count: 5) { ErrorCode = "MessageNotFound", Match = c => c.IsUpdate && c.ActivityId == activityId });

        await host.InvokeAsync(ana, "complaint.claim", complaint);

        var failed = await WaitForFailedAsync(host, CardActionTests.Id(complaint), "update-card", TestContext.CancellationToken);
        StringAssert.Contains(failed.Reason, "404");
        StringAssert.Contains(failed.Reason, "gone");
        Assert.HasCount(1, host.Connector.Calls.Where(c => c.IsUpdate && c.ActivityId == activityId).ToList(), "a permanent failure is not retried");
        await host.WaitForThreadRepliesAsync(CardActionTests.Thread(complaint), 1, TestContext.CancellationToken);
    }

    [TestMethod]
    public async Task ThreadReply_Throttled_WaitsForRetryAfterThenPostsOnce()
    {
        await using var host = await WorkflowHost.StartAsync(new Dictionary<string, string?> { ["Bot:MaxRetries"] = "0" });
        var ana = host.NewBillingMember("Ana Throttled");
        var complaint = await host.NewOpenComplaintAsync(TestContext.CancellationToken);
        var thread = CardActionTests.Thread(complaint);
        host.Connector.EnqueueFault(new ConnectorFault(429, Count: 2) { RetryAfter = TimeSpan.FromSeconds(1), Match = c => c.IsSend && c.ConversationId == thread });

        await host.InvokeAsync(ana, "complaint.claim", complaint);

        var replies = await host.WaitForThreadRepliesAsync(thread, 1, TestContext.CancellationToken);
        StringAssert.StartsWith(replies.Single(), "Claimed by Ana Throttled, ");
        var sends = host.Connector.Calls.Where(c => c.IsSend && c.ConversationId == thread).ToList();
        CollectionAssert.AreEqual(new[] { 429, 429, 201 }, sends.Select(c => c.Status).ToArray());
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromSeconds(1), sends[1].At - sends[0].At, "Retry-After was honoured");
    }

    [TestMethod]
    [DataRow("Sqlite")]
    [DataRow("AzureBlob")]
    public async Task ActiveMembers_Restart_RefreshListKept(string provider)
    {
        var settings = await ConcurrentClaimTests.StorageSettingsAsync(provider);
        var database = Path.Combine(Path.GetTempPath(), "teb-tests", Guid.NewGuid().ToString("N"), "escalations.db");
        settings["Storage:SqlitePath"] = database;
        JsonNode complaint;
        TestHarness.Host.UserRef ana;
        await using (var first = await WorkflowHost.StartAsync(settings))
        {
            ana = first.NewBillingMember("Ana Remembered");
            complaint = await first.NewOpenComplaintAsync(TestContext.CancellationToken);
            await first.InvokeAsync(ana, "complaint.note", complaint, new JsonObject { ["noteText"] = "On it" });
        }

        await using var second = await WorkflowHost.StartAsync(settings);
        second.Graph.AddUser(new(ana.AadObjectId, ana.Name));
        second.Graph.AddMember(TestHarness.Host.BotApp.BillingGroupId, ana.AadObjectId);
        var data = new JsonObject { ["complaintId"] = CardActionTests.Id(complaint), ["version"] = 4, ["departmentId"] = "billing" };

        var card = (await second.InvokeRawAsync(ana, "complaint.refresh", data, trigger: "automatic")).Card;

        CollectionAssert.Contains(CardJson.RefreshUserIds(card).ToList(), ana.TeamsId, "the list was stored, not only kept in memory");
        if (File.Exists(database))
        {
            Directory.Delete(Path.GetDirectoryName(database)!, recursive: true);
        }
    }

    [TestMethod]
    public async Task Claim_DirectoryTooSlow_TryAgainAndNoTransition()
    {
        await using var host = await WorkflowHost.StartAsync(new Dictionary<string, string?> { ["Workflow:DirectoryTimeout"] = "00:00:00.300" });
        var ana = host.NewBillingMember("Ana Waiting");
        var complaint = await host.NewOpenComplaintAsync(TestContext.CancellationToken);
        host.Graph.HoldAnswers();
        try
        {
            var card = (await host.InvokeAsync(ana, "complaint.claim", complaint)).Card;

            Assert.AreEqual(
                "The directory is not available right now, so I can't check who you are. Try again in a moment.", CardJson.Notice(card));
            Assert.AreEqual(complaint["version"]!.GetValue<long>(), (await host.GetAsync(CardActionTests.Id(complaint), TestContext.CancellationToken))["version"]!.GetValue<long>());
        }
        finally
        {
            host.Graph.ReleaseAnswers();
        }
    }

    private static async Task<FailedOutboxItem> WaitForFailedAsync(WorkflowHost host, string complaintId, string kind, CancellationToken cancellationToken)
    {
        var outbox = host.App.Services.GetRequiredService<IOutbox>();
        var failed = await Eventually.UntilAsync(
            async probe => (await outbox.ListFailedAsync(complaintId, probe)).Where(f => f.Item.Kind == kind).ToList(),
            items => items.Count > 0,
            cancellationToken,
            because: $"for a dead-lettered {kind} item of complaint {complaintId}");
        return failed[0];
    }
}
