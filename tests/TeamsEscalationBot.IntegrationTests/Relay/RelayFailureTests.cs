using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;

namespace TeamsEscalationBot.IntegrationTests.Relay;

/// <summary>
/// A relay never fails silently and never opens a second chat: odd Connector answers, failures no retry can fix and
/// items the outbox gives up on all end in RelayFailed with the answer posted in the department's thread; the logs
/// name people by id only.
/// </summary>
[TestClass]
public sealed class RelayFailureTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly string Chat = RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId);

    [TestMethod]
    public async Task Relay_CreateConversationAnswersBlankServiceUrl_OneChatAndTheCardDelivered()
    {
        await using var scenario = await RelayScenario.StartAsync();
        var id = await scenario.SubmitAsync(scenario.Intake(callback: false), TestContext.CancellationToken);
        scenario.Connector.CreatedConversationServiceUrl = string.Empty;

        await scenario.AnswerAsync(id, TestContext.CancellationToken);

        await scenario.RelayCardInAsync(Chat, TestContext.CancellationToken);
        var complaint = await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() != "pending", TestContext.CancellationToken);
        Assert.AreEqual("delivered", complaint["relay"]!["status"]!.GetValue<string>(), complaint.ToJsonString());
        Assert.HasCount(1, ChatsCreated(scenario), "a blank serviceUrl means the request's own");
        Assert.HasCount(1, scenario.CardsIn(Chat));
    }

    [TestMethod]
    public async Task Relay_CreateConversationAnswersMalformedServiceUrl_FallbackAtOnceAndRelayFailed()
    {
        await using var scenario = await RelayScenario.StartAsync();
        var id = await scenario.SubmitAsync(scenario.Intake(callback: false), TestContext.CancellationToken);
        var thread = await scenario.ThreadOfAsync(id, TestContext.CancellationToken);
        scenario.Connector.CreatedConversationServiceUrl = "not a url";

        await scenario.AnswerAsync(id, TestContext.CancellationToken);

        await scenario.RelayCardInAsync(thread, TestContext.CancellationToken);
        var complaint = await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() != "pending", TestContext.CancellationToken);
        Assert.AreEqual("failed", complaint["relay"]!["status"]!.GetValue<string>(), complaint.ToJsonString());
        var note = LastRelayFailedNote(complaint);
        StringAssert.Contains(note, "not an absolute URL");
        StringAssert.Contains(note, "department's thread");
        Assert.HasCount(1, ChatsCreated(scenario), "no retry storm, no second chat");
        Assert.IsFalse(
            scenario.App.Logs.GetSnapshot().Any(r => r.Level == LogLevel.Warning && r.Message.Contains("will retry", StringComparison.Ordinal)),
            "a failure no retry can fix is not retried");
    }

    [TestMethod]
    public async Task Relay_SendFailsRightAfterTheChatWasCreated_TheRetryReusesThatChat()
    {
        await using var scenario = await RelayScenario.StartAsync();
        scenario.Connector.EnqueueFault(new ConnectorFault(500, Count: 1) { Match = c => c.IsSend && c.ConversationId == Chat });
        var id = await scenario.SubmitAsync(scenario.Intake(callback: false), TestContext.CancellationToken);

        await scenario.AnswerAsync(id, TestContext.CancellationToken);

        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);
        Assert.HasCount(1, ChatsCreated(scenario), "the chat created by the first attempt is remembered");
        Assert.HasCount(2, scenario.Connector.Calls.Where(c => c.IsSend && c.ConversationId == Chat).ToList(), "the failed send and the retry");
        Assert.HasCount(1, scenario.CardsIn(Chat));
    }

    [TestMethod]
    public async Task Relay_FailsUntilTheOutboxGivesUp_RelayFailedAndTheAnswerInTheDepartmentThread()
    {
        await using var scenario = await RelayScenario.StartAsync(
            new Dictionary<string, string?> { ["Storage:Outbox:MaxAttempts"] = "2" },
            services: BrokenPersonalLookups.Install);
        var id = await scenario.SubmitAsync(scenario.Intake(callback: false), TestContext.CancellationToken);
        var thread = await scenario.ThreadOfAsync(id, TestContext.CancellationToken);

        await scenario.AnswerAsync(id, TestContext.CancellationToken);

        await scenario.RelayCardInAsync(thread, TestContext.CancellationToken);
        var complaint = await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "failed", TestContext.CancellationToken);
        var note = LastRelayFailedNote(complaint);
        StringAssert.Contains(note, "Gave up after 2 attempts");
        StringAssert.Contains(note, "department's thread");
    }

    [TestMethod]
    public async Task Relay_RequesterByUpnNotInTheDirectory_LogsNameNeitherNameNorUpnAboveDebug()
    {
        const string upn = "zoe.private@contoso.example";
        const string name = "Zoë Privatename";
        await using var scenario = await RelayScenario.StartAsync(withGraph: true);
        scenario.Graph!.AddUser(new FakeGraphUser("11111111-2222-4333-8444-555555555555", "Someone Else"));
        var body = scenario.Intake(callback: false);
        body["requester"] = new JsonObject { ["upn"] = upn, ["displayName"] = name };
        var id = await scenario.SubmitAsync(body, TestContext.CancellationToken);

        await scenario.AnswerAsync(id, TestContext.CancellationToken);

        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "failed", TestContext.CancellationToken);
        var leaks = scenario.App.Logs.GetSnapshot()
            .Where(r => r.Level > LogLevel.Debug)
            .Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception}")
            .Where(line => line.Contains(upn, StringComparison.OrdinalIgnoreCase) || line.Contains(name, StringComparison.Ordinal)
                || line.Contains("Privatename", StringComparison.Ordinal))
            .ToList();
        Assert.IsEmpty(leaks, string.Join(Environment.NewLine, leaks));
    }

    private static List<RecordedCall> ChatsCreated(RelayScenario scenario) =>
        [.. scenario.Connector.Calls.Where(c => c.IsCreateConversation && c.Body.Contains(RelayScenario.Carla.AadObjectId, StringComparison.Ordinal))];

    private static string LastRelayFailedNote(JsonNode complaint) =>
        complaint["history"]!.AsArray().Last(e => e!["kind"]!.GetValue<string>() == "relayFailed")!["note"]!.GetValue<string>();

    /// <summary>The installation store, except that looking up a person's chat always throws: a fault no handler expects.</summary>
    private sealed class BrokenPersonalLookups(IInstallationStore inner) : IInstallationStore
    {
        public static void Install(IServiceCollection services)
        {
            var original = services.Last(d => d.ServiceType == typeof(IInstallationStore));
            services.Remove(original);
            services.AddSingleton<IInstallationStore>(sp => new BrokenPersonalLookups(
                (IInstallationStore)(original.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!))));
        }

        public Task<Installation?> FindPersonalAsync(string userAadObjectId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The personal installations cannot be read.");

        public Task UpsertAsync(Installation installation, CancellationToken cancellationToken) => inner.UpsertAsync(installation, cancellationToken);

        public Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken) => inner.RemoveAsync(conversationId, cancellationToken);

        public Task<Installation?> GetAsync(string conversationId, CancellationToken cancellationToken) => inner.GetAsync(conversationId, cancellationToken);

        public Task<Installation?> FindTeamAsync(string teamId, CancellationToken cancellationToken) => inner.FindTeamAsync(teamId, cancellationToken);

        public Task<IReadOnlyList<string>> ListServiceUrlsAsync(CancellationToken cancellationToken) => inner.ListServiceUrlsAsync(cancellationToken);
    }
}
