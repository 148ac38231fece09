using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.IntegrationTests.Relay;

/// <summary>The social tool's callback: signed, retried through the outbox, and only ever sent where configuration allows.</summary>
[TestClass]
public sealed class CallbackTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Callback_ReceiverFailsThenRecovers_RetriedUntilDeliveredAndEverySendSigned()
    {
        await using var scenario = await RelayScenario.StartAsync();
        scenario.Receiver.EnqueueFault(500);
        scenario.Receiver.EnqueueFault(429, retryAfter: TimeSpan.FromSeconds(1));
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);

        var complaint = await scenario.WaitForAsync(id, c => RelayScenario.HistoryKinds(c).Contains("callbackDelivered"), TestContext.CancellationToken, timeout: TimeSpan.FromMinutes(1));

        var requests = scenario.Receiver.Requests;
        Assert.HasCount(3, requests, "500, 429, then 204");
        Assert.IsTrue(requests.All(r => r.SignatureMatches(RelayScenario.CallbackSecret)));
        var body = requests[^1].Json!;
        Assert.AreEqual("answered", body["state"]!.GetValue<string>());
        Assert.AreEqual("delivered", body["relayStatus"]!.GetValue<string>());
        Assert.IsNull(body["closedAt"], "not closed yet");
        Assert.AreEqual("application/json; charset=utf-8", requests[^1].Header("Content-Type"));
        Assert.IsFalse(requests.Any(r => r.Header("Authorization") is not null), "a callback never carries a token");
        Assert.DoesNotContain("callbackFailed", RelayScenario.HistoryKinds(complaint).ToList());
    }

    [TestMethod]
    public async Task Callback_OlderStateRecordedAfterTheAccept_FinalStateStillCalledBack()
    {
        await using var scenario = await RelayScenario.StartAsync();
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => RelayScenario.HistoryKinds(c).Contains("callbackDelivered"), TestContext.CancellationToken);
        await scenario.Receiver.WaitForRequestsAsync(r => r.Json!["state"]!.GetValue<string>() == "answered", cancellationToken: TestContext.CancellationToken);
        await scenario.ChangeAsync(id, (complaint, now) =>
        {
            var answeredVersion = complaint.Version;
            Assert.IsTrue(complaint.Accept(new Actor(RelayScenario.Carla.AadObjectId, RelayScenario.Carla.Name, ActorKind.CommunityManager), now).Succeeded);
            var closedVersion = complaint.Version;
            // The answered state's POST is recorded only now, after the accept: it must not pass for the closed state's.
            Assert.IsTrue(complaint.RecordCallbackDelivered("late record of the answered state", answeredVersion, now).Succeeded);
            return [OutboxItem.Create(OutboxKinds.Callback, id, $"{{\"version\":{closedVersion}}}", now)];
        }, TestContext.CancellationToken);

        var closed = (await scenario.Receiver.WaitForRequestsAsync(r => r.Json!["state"]!.GetValue<string>() == "closed", cancellationToken: TestContext.CancellationToken)).Single();

        Assert.IsTrue(closed.SignatureMatches(RelayScenario.CallbackSecret));
    }

    [TestMethod]
    [DataRow(302, "redirects are not followed")]
    [DataRow(400, "answered 400")]
    public async Task Callback_ReceiverRefuses_NotRetriedAndTheReasonRecorded(int status, string reason)
    {
        await using var scenario = await RelayScenario.StartAsync();
        scenario.Receiver.EnqueueFault(status, count: 5);
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);

        var complaint = await scenario.WaitForAsync(id, c => RelayScenario.HistoryKinds(c).Contains("callbackFailed"), TestContext.CancellationToken);

        StringAssert.Contains(LastNote(complaint, "callbackFailed"), reason);
        Assert.HasCount(1, scenario.Receiver.Requests);
    }

    [TestMethod]
    public async Task Callback_HostNotAllowedAtSendTime_RefusedWithoutAnyRequest()
    {
        await using var scenario = await RelayScenario.StartAsync();
        // Intake refuses such a URL; a complaint that has one (configuration changed since) is refused again at send time.
        var submission = new ComplaintSubmission
        {
            Source = RelayScenario.Source,
            ExternalId = Guid.NewGuid().ToString("N"),
            Network = Network.X,
            AuthorHandle = "@angry_customer",
            Text = "I was charged twice on my last invoice!",
            Requester = new Requester(RelayScenario.Carla.AadObjectId, null, RelayScenario.Carla.Name, null),
            CallbackUrl = new Uri("https://internal.example/hooks"),
        };
        var service = scenario.App.Services.GetRequiredService<ComplaintService>();
        var created = (SubmitResult.Created)await service.SubmitAsync(submission, new Actor("test", "test", ActorKind.Api), TestContext.CancellationToken);
        await scenario.WaitForAsync(created.Complaint.Id, c => c["state"]!.GetValue<string>() == "open", TestContext.CancellationToken);
        await scenario.AnswerAsync(created.Complaint.Id, TestContext.CancellationToken);

        var complaint = await scenario.WaitForAsync(created.Complaint.Id, c => RelayScenario.HistoryKinds(c).Contains("callbackFailed"), TestContext.CancellationToken);

        StringAssert.Contains(LastNote(complaint, "callbackFailed"), "'internal.example' is not allowed");
        StringAssert.Contains(LastNote(complaint, "callbackFailed"), $"Intake:Sources:{RelayScenario.Source}:AllowedCallbackHosts");
        Assert.IsEmpty(scenario.Receiver.Requests);
    }

    [TestMethod]
    public async Task Callback_PortNotAllowedAtSendTime_RefusedWithoutAnyRequest()
    {
        // The source allows the receiver's host, but not the receiver's port (only 443 and port 1).
        await using var scenario = await RelayScenario.StartAsync(new Dictionary<string, string?> { [$"Intake:Sources:{RelayScenario.Source}:AllowedCallbackPorts:0"] = "1" });
        var submission = new ComplaintSubmission
        {
            Source = RelayScenario.Source,
            ExternalId = Guid.NewGuid().ToString("N"),
            Network = Network.X,
            AuthorHandle = "@angry_customer",
            Text = "I was charged twice on my last invoice!",
            Requester = new Requester(RelayScenario.Carla.AadObjectId, null, RelayScenario.Carla.Name, null),
            CallbackUrl = scenario.Receiver.Url(),
        };
        var service = scenario.App.Services.GetRequiredService<ComplaintService>();
        var created = (SubmitResult.Created)await service.SubmitAsync(submission, new Actor("test", "test", ActorKind.Api), TestContext.CancellationToken);
        await scenario.WaitForAsync(created.Complaint.Id, c => c["state"]!.GetValue<string>() == "open", TestContext.CancellationToken);
        await scenario.AnswerAsync(created.Complaint.Id, TestContext.CancellationToken);

        var complaint = await scenario.WaitForAsync(created.Complaint.Id, c => RelayScenario.HistoryKinds(c).Contains("callbackFailed"), TestContext.CancellationToken);

        StringAssert.Contains(LastNote(complaint, "callbackFailed"), $"port {scenario.Receiver.Url().Port} is not allowed");
        StringAssert.Contains(LastNote(complaint, "callbackFailed"), $"Intake:Sources:{RelayScenario.Source}:AllowedCallbackPorts");
        Assert.IsEmpty(scenario.Receiver.Requests);
    }

    [TestMethod]
    public async Task Callback_AllowedHostOnALoopbackAddress_RefusedUnlessPrivateNetworksAllowed()
    {
        await using var scenario = await RelayScenario.StartAsync(new Dictionary<string, string?> { ["Relay:Callback:AllowPrivateNetworks"] = "false" });
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);

        var complaint = await scenario.WaitForAsync(id, c => RelayScenario.HistoryKinds(c).Contains("callbackFailed"), TestContext.CancellationToken);

        StringAssert.Contains(LastNote(complaint, "callbackFailed"), "non-public addresses");
        Assert.IsEmpty(scenario.Receiver.Requests);
    }

    private static string LastNote(JsonNode complaint, string kind) =>
        complaint["history"]!.AsArray().Last(e => e!["kind"]!.GetValue<string>() == kind)!["note"]!.GetValue<string>();
}
