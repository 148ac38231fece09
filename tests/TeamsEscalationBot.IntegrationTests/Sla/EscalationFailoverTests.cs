using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.IntegrationTests.Storage;
using TeamsEscalationBot.IntegrationTests.Workflow;
using TeamsEscalationBot.Storage.Leases;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Sla;

/// <summary>
/// Two instances on one Azure Storage (Azurite): only the lease holder runs the escalation scheduler, each step is sent
/// once, and when the leader dies mid-way the standby takes over and sends the remaining steps, once each. Azure blob
/// leases run out on the storage's own clock, so this test runs on real time with a 30-second claim target (reminder at
/// 22.5 s, breach at 30 s, second level at 60 s) rather than a fake clock.
/// </summary>
[TestClass]
public sealed class EscalationFailoverTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task TwoInstancesOnAzure_LeaderKilledAfterTheReminder_EachStepSentOnce()
    {
        var azurite = await AzuriteFixture.GetServerAsync();
        var container = AzuriteFixture.UniqueName("escalation");
        var queue = AzuriteFixture.UniqueName("escalation");
        await using var connector = await FakeBotConnector.StartAsync();
        await using var graph = await FakeGraph.StartAsync();
        var lead = AddUser(graph, "Lena Lead");
        var executive = AddUser(graph, "Eva Executive");
        Dictionary<string, string?> Settings(string instance) => new()
        {
            ["Storage:Provider"] = "AzureBlob",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:ContainerName"] = container,
            ["Storage:QueueName"] = queue,
            ["Storage:Leadership:LeaseTime"] = "00:00:15",
            ["Storage:Leadership:InstanceId"] = instance,
            ["Sla:Departments:billing:CountIn"] = "CalendarHours",
            ["Sla:Departments:billing:Targets:TimeToClaim"] = "00:00:30",
            ["Sla:Departments:billing:Targets:TimeToAnswer"] = "04:00:00",
            ["Sla:Escalation:Interval"] = "00:00:01",
            ["Departments:1:LeadUserIds:0"] = lead.AadObjectId,
            ["Executives:UserIds:0"] = executive.AadObjectId,
        };

        SeverableLeaseStore? leaderStore = null;
        var leader = await WorkflowHost.StartAsync(Settings("host-a"), connector, graph, services => services.AddSingleton<ILeaseStore>(sp =>
            leaderStore = new SeverableLeaseStore(sp.GetRequiredService<AzureBlobLeaseStore>())));
        try
        {
            await using var standby = await WorkflowHost.StartAsync(Settings("host-b"), connector, graph);
            Assert.IsTrue(Leadership(leader).IsLeader);
            Assert.IsFalse(Leadership(standby).IsLeader);

            var complaint = await standby.NewOpenComplaintAsync(Ct);
            var thread = complaint["card"]!["conversationId"]!.GetValue<string>();
            await WaitAsync(() => ThreadMessages(connector, thread, "Reminder: ").Count >= 1, "the reminder");

            // The leader dies right after the reminder: no renewal, no release, then the process is gone.
            leaderStore!.Sever();
            await leader.DisposeAsync();
            await Eventually.UntilAsync(_ => Task.FromResult(Leadership(standby).IsLeader), Ct, TimeSpan.FromSeconds(45), "for the standby to take over");

            await WaitAsync(() => PersonalCards(connector, executive).Count >= 1, "the second level's notice to the executive");
            // A few more scheduler passes: nothing may be sent again.
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);

            Assert.HasCount(1, ThreadMessages(connector, thread, "Reminder: "), "one reminder, sent by the first leader");
            Assert.HasCount(1, ThreadMessages(connector, thread, "Overdue: "), "one breach, sent by the new leader");
            Assert.HasCount(1, PersonalCards(connector, lead), "one card to the lead");
            Assert.HasCount(1, PersonalCards(connector, executive), "one notice to the executive");
            var steps = (await standby.GetAsync(CardActionTests.Id(complaint), Ct))["history"]!.AsArray()
                .Where(e => e!["kind"]!.GetValue<string>() == "escalated")
                .Select(e => $"{e!["escalation"]!["target"]}/{e["escalation"]!["level"]}")
                .ToList();
            CollectionAssert.AreEqual(new[] { "claim/reminder", "claim/breach", "claim/secondLevel" }, steps, string.Join(", ", steps));
        }
        finally
        {
            await leader.DisposeAsync();
            await new BlobContainerClient(azurite.ConnectionString, container).DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            await new QueueClient(azurite.ConnectionString, queue).DeleteIfExistsAsync(CancellationToken.None);
        }
    }

    private static ILeadership Leadership(WorkflowHost host) => host.App.Services.GetRequiredService<ILeadership>();

    private Task WaitAsync(Func<bool> condition, string what) =>
        Eventually.UntilAsync(_ => Task.FromResult(condition()), Ct, TimeSpan.FromSeconds(90), $"for {what}");

    private static List<RecordedCall> ThreadMessages(FakeBotConnector connector, string thread, string prefix) =>
        [.. connector.Calls.Where(c => c.IsSend && c.Succeeded && c.ConversationId == thread && c.Json?["text"]?.GetValue<string>() is { } text && text.StartsWith(prefix, StringComparison.Ordinal))];

    private static List<RecordedCall> PersonalCards(FakeBotConnector connector, UserRef person) =>
        [.. connector.Calls.Where(c => c.IsSend && c.Succeeded && c.ConversationId == $"a:conversation-{person.AadObjectId}" && c.Json?["attachments"] is JsonArray { Count: > 0 })];

    private static UserRef AddUser(FakeGraph graph, string name)
    {
        var id = Guid.NewGuid().ToString();
        graph.AddUser(new FakeGraphUser(id, name));
        return new UserRef("29:1" + Guid.NewGuid().ToString("N"), name, id);
    }
}
