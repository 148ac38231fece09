using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Features.Workflow;
using TeamsEscalationBot.IntegrationTests.Relay;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.IntegrationTests.Faults;

/// <summary>
/// The relay to the community manager is not held back by its department thread's throttling: against a connector that
/// enforces Teams' per-thread windows (60 per 30 s), a complaint whose thread holds a long backlog of audit lines and card
/// updates, with the thread's 30-second window already full, is answered, and its answer reaches the CM's 1:1 chat
/// while that backlog is still draining. Requests refused by the thread window are reported, not asserted: whether the
/// limiter keeps exactly to Teams' windows is <c>FairDeliveryTests</c>' and <c>TeamsThrottleTests</c>' question.
/// </summary>
[TestClass]
public sealed class RelayThrottledThreadTests
{
    private const int Notes = 150;
    private const int ThreadWindow = 60;
    private static readonly TimeSpan RelayBound = TimeSpan.FromSeconds(20);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Relay_DepartmentThreadThrottledWithBacklog_DeliveredToTheCmWhileTheThreadDrains()
    {
        var ct = TestContext.CancellationToken;
        await using var scenario = await RelayScenario.StartAsync(connector: await FakeBotConnector.StartAsync(new TeamsLimits()));
        var id = await scenario.SubmitAsync(scenario.Intake(), ct);
        var outbox = scenario.App.Services.GetRequiredService<IOutbox>();

        // The department writes many notes: each one an audit line in the thread and a card update, as the card action writes.
        for (var i = 1; i <= Notes; i++)
        {
            var text = $"note {i:D4}";
            await scenario.ChangeAsync(id, (complaint, now) =>
            {
                Assert.IsTrue(complaint.AddNote(RelayScenario.Owner, text, now).Succeeded);
                return WorkflowOutbox.For(complaint, complaint.History[^1], now);
            }, ct);
        }

        // The thread's 30 s window fills up: from here on the thread is throttled and its backlog waits for the window to slide.
        var thread = await scenario.ThreadOfAsync(id, ct);
        await scenario.Connector.WaitForCallsAsync(c => IsThreadWrite(c, thread), ThreadWindow, TimeSpan.FromSeconds(60), ct);

        // Then it claims and answers: the resolve writes the relay with its own audit line and card update.
        await scenario.ChangeAsync(id, (complaint, now) =>
        {
            Assert.IsTrue(complaint.Claim(RelayScenario.Owner, now).Succeeded);
            return WorkflowOutbox.For(complaint, complaint.History[^1], now);
        }, ct);
        var backlogAtAnswer = (await outbox.ListPendingAsync(id, ct)).Count(i => i.Kind == OutboxKinds.ThreadReply);
        var clock = Stopwatch.StartNew();
        await scenario.ChangeAsync(id, (complaint, now) =>
        {
            Assert.IsTrue(complaint.Resolve(RelayScenario.Owner, RelayScenario.Answer, now).Succeeded);
            return WorkflowOutbox.For(complaint, complaint.History[^1], now);
        }, ct);

        var chat = RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId);
        await scenario.WaitForAsync(id, c => c["relay"]?["status"]?.GetValue<string>() == "delivered", ct, RelayBound);
        var waited = clock.Elapsed;
        var stillPending = (await outbox.ListPendingAsync(id, ct)).Count(i => i.Kind == OutboxKinds.ThreadReply);
        var threadWrites = scenario.Connector.Calls.Count(c => IsThreadWrite(c, thread));

        TestContext.WriteLine(
            $"{Notes} notes: {backlogAtAnswer} audit lines pending when the answer was written; the relay card reached the CM after " +
            $"{waited.TotalSeconds:0.0} s, with {stillPending} audit lines still pending ({threadWrites} writes in the thread so far); " +
            $"thread-limit refusals: {scenario.Connector.Teams!.ThreadLimitRefusals}");
        Assert.HasCount(1, scenario.CardsIn(chat), "the relay card is in the CM's chat");
        Assert.IsGreaterThan(0, stillPending, "the department thread was still draining when the relay went out");
    }

    private static bool IsThreadWrite(RecordedCall call, string thread) =>
        call.Succeeded && call.Method != "GET" && call.ConversationId == thread;
}
