using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Relay;

/// <summary>The agreed answer reaches the community manager who asked; Accept closes, Send back returns it to the department.</summary>
[TestClass]
public sealed class RelayTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Relay_RequesterByObjectId_OneToOneCardThenAcceptClosesAndSignedCallback()
    {
        await using var scenario = await RelayScenario.StartAsync();
        var cm = RelayScenario.Carla;
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);

        var create = (await scenario.Connector.WaitForCallsAsync(c => c.IsCreateConversation && c.Json!["isGroup"]?.GetValue<bool>() == false, cancellationToken: TestContext.CancellationToken)).Single();
        Assert.AreEqual(cm.AadObjectId, create.Json!["members"]![0]!["id"]!.GetValue<string>());
        Assert.AreEqual(BotApp.TenantId, create.Json!["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.AreEqual("28:" + BotApp.AppId, create.Json!["bot"]!["id"]!.GetValue<string>());
        var chat = RelayScenario.ChatWith(cm.AadObjectId);
        var card = await scenario.RelayCardInAsync(chat, TestContext.CancellationToken);
        Assert.Contains(RelayScenario.Answer, RelayScenario.Texts(card).ToList(), "the answer, ready to copy");
        Assert.IsTrue(RelayScenario.HasAction(card, "relay.sendBack"));
        var delivered = await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);
        Assert.AreEqual(chat, delivered["relay"]!["conversationId"]!.GetValue<string>());

        var answer = await scenario.ClickAsync(card, "relay.accept", cm, chat);

        Assert.AreEqual("application/vnd.microsoft.card.adaptive", answer["type"]!.GetValue<string>());
        Assert.IsFalse(RelayScenario.HasAction(answer["value"]!, "relay.accept"), "the decided card has no buttons");
        var closed = await scenario.GetAsync(id, TestContext.CancellationToken);
        Assert.AreEqual("closed", closed["state"]!.GetValue<string>());
        Assert.AreEqual("accepted", closed["relay"]!["status"]!.GetValue<string>());
        var callback = (await scenario.Receiver.WaitForRequestsAsync(r => r.Json!["state"]!.GetValue<string>() == "closed", cancellationToken: TestContext.CancellationToken)).Single();
        Assert.IsTrue(callback.SignatureMatches(RelayScenario.CallbackSecret), "the receiver can verify the signature");
        Assert.IsFalse(callback.SignatureMatches("another-secret"));
        var sent = callback.Json!;
        Assert.AreEqual(id, sent["complaintId"]!.GetValue<string>());
        Assert.AreEqual(RelayScenario.Source, sent["source"]!.GetValue<string>());
        Assert.AreEqual(RelayScenario.Answer, sent["answer"]!["text"]!.GetValue<string>());
        Assert.AreEqual(RelayScenario.Owner.DisplayName, sent["answer"]!["by"]!.GetValue<string>());
        Assert.AreEqual("accepted", sent["relayStatus"]!.GetValue<string>());
        Assert.IsNotNull(sent["closedAt"]);
        Assert.IsTrue(long.TryParse(callback.Header("X-Timestamp"), out var timestamp) && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp) < 600);
        await scenario.WaitForAsync(id, c => RelayScenario.HistoryKinds(c).Contains("callbackDelivered"), TestContext.CancellationToken);
        Assert.HasCount(1, scenario.CardsIn(chat), "exactly one relay card");
    }

    [TestMethod]
    public async Task Accept_SameWrite_UpdatesChannelCardPostsAuditLineAndCallsBack()
    {
        await using var scenario = await RelayScenario.StartAsync();
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);
        var chat = RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId);
        var card = await scenario.RelayCardInAsync(chat, TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);

        await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, chat);

        var complaint = await scenario.GetAsync(id, TestContext.CancellationToken);
        var accepted = complaint["history"]!.AsArray().Select((e, i) => (Event: e!, Version: i + 1)).Single(e => e.Event["kind"]!.GetValue<string>() == "accepted");
        var written = scenario.Store.Written.Where(i => i.ComplaintId == id).ToList();
        Assert.IsTrue(written.Any(i => i.Kind == OutboxKinds.ThreadReply && Json(i)["version"]!.GetValue<long>() == accepted.Version && Json(i)["mentionOwner"]?.GetValue<bool>() != true));
        Assert.IsTrue(written.Any(i => i.Kind == OutboxKinds.UpdateCard));
        Assert.IsTrue(written.Any(i => i.Kind == OutboxKinds.Callback && Json(i)["version"]!.GetValue<long>() == accepted.Version));
        Assert.AreEqual(RelayScenario.Carla.AadObjectId, accepted.Event["actor"]!["id"]!.GetValue<string>());
        Assert.AreEqual("communityManager", accepted.Event["actor"]!["kind"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task SendBack_WithComment_ClaimedAgainAndTheClaimantIsMentionedInTheThread()
    {
        const string comment = "Please mention the refund reference number.";
        await using var scenario = await RelayScenario.StartAsync();
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);
        var chat = RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId);
        var card = await scenario.RelayCardInAsync(chat, TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);

        var answer = await scenario.ClickAsync(card, "relay.sendBack", RelayScenario.Carla, chat, comment);

        Assert.Contains(comment, RelayScenario.Texts(answer["value"]).ToList(), "the card shows the comment");
        Assert.IsFalse(RelayScenario.HasAction(answer["value"]!, "relay.accept"));
        var complaint = await scenario.GetAsync(id, TestContext.CancellationToken);
        Assert.AreEqual("claimed", complaint["state"]!.GetValue<string>());
        Assert.AreEqual("sentBack", complaint["relay"]!["status"]!.GetValue<string>());
        Assert.AreEqual(RelayScenario.Owner.Id, complaint["owner"]!["aadObjectId"]!.GetValue<string>());
        Assert.AreEqual(RelayScenario.Answer, complaint["answerDraft"]!.GetValue<string>(), "the answer is back in the draft");
        var history = complaint["history"]!.AsArray();
        var sentBack = history.Select((e, i) => (Event: e!, Version: i + 1)).Single(e => e.Event["kind"]!.GetValue<string>() == "sentBack");
        Assert.AreEqual(comment, sentBack.Event["note"]!.GetValue<string>());
        var reply = scenario.Store.Written.Single(i => i.ComplaintId == id && i.Kind == OutboxKinds.ThreadReply && Json(i)["version"]!.GetValue<long>() == sentBack.Version);
        Assert.IsTrue(Json(reply)["mentionOwner"]!.GetValue<bool>(), "the thread reply @mentions the claimant");
        if (scenario.App.Services.GetServices<IOutboxHandler>().Any(h => h.Kind == OutboxKinds.ThreadReply))
        {
            // With the department workflow's thread-reply handler in the build, the reply itself reaches the thread.
            var thread = await scenario.ThreadOfAsync(id, TestContext.CancellationToken);
            await scenario.Connector.WaitForCallsAsync(c => c.IsSend && c.ConversationId == thread && c.Body.Contains("Please mention the refund", StringComparison.Ordinal) && c.Body.Contains("<at>", StringComparison.Ordinal), cancellationToken: TestContext.CancellationToken);
        }
    }

    [TestMethod]
    public async Task SendBack_WithoutComment_CardAsksForItAndNothingChanges()
    {
        await using var scenario = await RelayScenario.StartAsync();
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);
        var chat = RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId);
        var card = await scenario.RelayCardInAsync(chat, TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);

        var answer = await scenario.ClickAsync(card, "relay.sendBack", RelayScenario.Carla, chat, comment: "   ");

        Assert.Contains("Write a text first.", RelayScenario.Texts(answer["value"]).ToList());
        Assert.IsTrue(RelayScenario.HasAction(answer["value"]!, "relay.sendBack"), "still undecided");
        Assert.AreEqual("answered", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Accept_BySomeoneElse_RefusedWithANotice()
    {
        await using var scenario = await RelayScenario.StartAsync();
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);
        var card = await scenario.RelayCardInAsync(RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId), TestContext.CancellationToken);

        var answer = await scenario.ClickAsync(card, "relay.accept", Activities.Ben, "a:ben-chat");

        Assert.Contains("Only the community manager who asked for this answer can accept it or send it back.", RelayScenario.Texts(answer["value"]).ToList());
        Assert.AreEqual("answered", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Accept_ManyClicksAtOnce_ExactlyOneAcceptedTheOthersSeeTheOutcome()
    {
        await using var scenario = await RelayScenario.StartAsync();
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);
        var chat = RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId);
        var card = await scenario.RelayCardInAsync(chat, TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, chat)));

        var complaint = await scenario.GetAsync(id, TestContext.CancellationToken);
        Assert.HasCount(1, RelayScenario.HistoryKinds(complaint).Where(k => k == "accepted").ToList());
        Assert.AreEqual(7, answers.Count(a => RelayScenario.Texts(a["value"]).Any(t => t.Contains("not possible now", StringComparison.Ordinal))), "the losers are told");
        Assert.IsTrue(answers.All(a => !RelayScenario.HasAction(a["value"]!, "relay.accept")), "everyone sees the decided card");
    }

    [TestMethod]
    public async Task Accept_CardOfAnEarlierAnswer_StaleNoticeAndNoDecision()
    {
        await using var scenario = await RelayScenario.StartAsync();
        // No callback, and the delivery recorded first: nothing else changes the complaint while the test answers again.
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(callback: false), TestContext.CancellationToken);
        var chat = RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId);
        var first = await scenario.RelayCardInAsync(chat, TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);
        await scenario.ClickAsync(first, "relay.sendBack", RelayScenario.Carla, chat, "Shorter, please.");
        await scenario.ChangeAsync(id, (complaint, now) =>
        {
            Assert.IsTrue(complaint.Resolve(RelayScenario.Owner, "Refunded today.", now).Succeeded);
            return [];
        }, TestContext.CancellationToken);

        var answer = await scenario.ClickAsync(first, "relay.accept", RelayScenario.Carla, chat);

        Assert.IsTrue(RelayScenario.Texts(answer["value"]).Any(t => t.StartsWith("Someone changed this complaint", StringComparison.Ordinal)));
        Assert.AreEqual("answered", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>(), "the new answer was not accepted unseen");
    }

    [TestMethod]
    public async Task Relay_ThrottledAndFailing_ExactlyOneCardAfterRecovery()
    {
        await using var scenario = await RelayScenario.StartAsync(new Dictionary<string, string?> { ["Bot:MaxRetries"] = "1" });
        var chat = RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId);
        bool ToCarla(RecordedCall c) => (c.IsCreateConversation && c.Body.Contains(RelayScenario.Carla.AadObjectId, StringComparison.Ordinal)) || c.ConversationId == chat;
        scenario.Connector.EnqueueFault(new ConnectorFault(429, Count: 4) { RetryAfter = TimeSpan.FromSeconds(1), Match = ToCarla });
        scenario.Connector.EnqueueFault(new ConnectorFault(500, Count: 3) { Match = c => c.IsSend && c.ConversationId == chat });
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);

        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken, timeout: TimeSpan.FromMinutes(1));

        var toCarla = scenario.Connector.Calls.Where(ToCarla).ToList();
        Assert.HasCount(4, toCarla.Where(c => c.Status == 429).ToList(), "the storm happened");
        Assert.HasCount(3, toCarla.Where(c => c.Status == 500).ToList(), "and the failures");
        Assert.HasCount(1, scenario.CardsIn(chat), "exactly one card reached the CM");
        Assert.HasCount(1, RelayScenario.HistoryKinds(await scenario.GetAsync(id, TestContext.CancellationToken)).Where(k => k == "relayDelivered").ToList());
    }

    [TestMethod]
    public async Task Relay_AppNotInstalledForTheCm_InstalledThroughGraphThenDelivered()
    {
        await using var scenario = await RelayScenario.StartAsync(new Dictionary<string, string?> { ["Teams:CatalogAppId"] = RelayScenario.CatalogAppId }, withGraph: true);
        scenario.Graph!.AddUser(new FakeGraphUser(RelayScenario.Carla.AadObjectId, RelayScenario.Carla.Name));
        scenario.Connector.EnqueueFault(new ConnectorFault(403, Count: 1) { ErrorCode = "BotNotInConversationRoster", Match = c => c.IsCreateConversation && c.Body.Contains(RelayScenario.Carla.AadObjectId, StringComparison.Ordinal) });
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);

        await scenario.RelayCardInAsync(RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId), TestContext.CancellationToken);

        var install = (await scenario.Graph.WaitForRequestsAsync(r => r.IsInstallApp, cancellationToken: TestContext.CancellationToken)).Single();
        StringAssert.Contains(install.Path, RelayScenario.Carla.AadObjectId);
        StringAssert.Contains(install.Body, RelayScenario.CatalogAppId);
        Assert.Contains(RelayScenario.CatalogAppId, scenario.Graph.InstalledApps(RelayScenario.Carla.AadObjectId));
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);
    }

    [TestMethod]
    public async Task Relay_AppCannotBeInstalled_MentionInTheDepartmentThreadAndReasonRecorded()
    {
        await using var scenario = await RelayScenario.StartAsync();
        scenario.Connector.EnqueueFault(new ConnectorFault(403, Count: 5) { ErrorCode = "BotNotInConversationRoster", Match = c => c.IsCreateConversation && c.Body.Contains(RelayScenario.Carla.AadObjectId, StringComparison.Ordinal) });
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(), TestContext.CancellationToken);
        var thread = await scenario.ThreadOfAsync(id, TestContext.CancellationToken);

        var card = await scenario.RelayCardInAsync(thread, TestContext.CancellationToken);

        var post = scenario.CardsIn(thread).Single().Json!;
        StringAssert.Contains(post["text"]!.GetValue<string>(), $"<at>{RelayScenario.Carla.Name}</at>");
        var mention = post["entities"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "mention")!;
        Assert.AreEqual(RelayScenario.Carla.AadObjectId, mention["mentioned"]!["id"]!.GetValue<string>());
        Assert.AreEqual($"<at>{RelayScenario.Carla.Name}</at>", mention["text"]!.GetValue<string>());
        var complaint = await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "failed", TestContext.CancellationToken);
        var failed = complaint["history"]!.AsArray().Last(e => e!["kind"]!.GetValue<string>() == "relayFailed")!;
        StringAssert.Contains(failed["note"]!.GetValue<string>(), "Teams:CatalogAppId");
        StringAssert.Contains(failed["note"]!.GetValue<string>(), "department's thread");

        // The CM can still decide on the card in the thread.
        await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, thread, inChannel: true);
        Assert.AreEqual("closed", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Relay_RequesterByUpnGraphSlowAtIntake_ResolvedThroughGraphAtDelivery()
    {
        const string upn = "carla@contoso.example";
        await using var scenario = await RelayScenario.StartAsync(withGraph: true);
        scenario.Graph!.AddUser(new FakeGraphUser(RelayScenario.Carla.AadObjectId, RelayScenario.Carla.Name, UserPrincipalName: upn));
        scenario.Graph.HoldAnswers();
        using var intake = scenario.App.CreateIntakeClient();
        using var response = await intake.PostAsJsonAsync("/api/complaints", scenario.Intake(requesterUpn: upn));
        var submitted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, submitted.ToJsonString());
        Assert.IsNull(submitted["requester"]!["aadObjectId"], "intake does not wait for a slow directory");
        scenario.Graph.ReleaseAnswers();
        var id = submitted["id"]!.GetValue<string>();
        await scenario.WaitForAsync(id, c => c["state"]!.GetValue<string>() == "open", TestContext.CancellationToken);
        await scenario.AnswerAsync(id, TestContext.CancellationToken);
        var chat = RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId);

        var card = await scenario.RelayCardInAsync(chat, TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);
        await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, chat);

        Assert.AreEqual("closed", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Reopen_AfterTheAnswerWasDelivered_TheCommunityManagersCardSaysItWasWithdrawn()
    {
        await using var scenario = await RelayScenario.StartAsync();
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(callback: false), TestContext.CancellationToken);
        var chat = RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId);
        var delivered = await scenario.RelayCardInAsync(chat, TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);
        Assert.IsTrue(RelayScenario.HasAction(delivered, "relay.accept"));

        await scenario.ReopenAsync(id, "The refund is not confirmed yet.", TestContext.CancellationToken);

        var update = (await scenario.Connector.WaitForCallsAsync(c => c.IsUpdate && c.Succeeded && c.ConversationId == chat, cancellationToken: TestContext.CancellationToken)).Single();
        var card = update.Json!["attachments"]![0]!["content"]!;
        Assert.IsTrue(RelayScenario.Texts(card).Any(t => t.Contains("withdrew", StringComparison.Ordinal)), card.ToJsonString());
        Assert.IsFalse(RelayScenario.HasAction(card, "relay.accept"), "nothing left to accept");
        Assert.AreEqual("withdrawn", (await scenario.GetAsync(id, TestContext.CancellationToken))["relay"]!["status"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Relay_NoRequester_NewThreadInTheDefaultChannelWhereMembersDecide()
    {
        const string channel = "19:community-managers@thread.tacv2";
        await using var scenario = await RelayScenario.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:DefaultTargets:*:TeamId"] = Activities.TeamId,
            ["Relay:DefaultTargets:*:ChannelId"] = channel,
        });
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(requester: false, callback: false), TestContext.CancellationToken);

        var post = (await scenario.Connector.WaitForCallsAsync(c => c.IsCreateConversation && c.Json!["channelData"]?["channel"]?["id"]?.GetValue<string>() == channel, cancellationToken: TestContext.CancellationToken)).Single();
        var card = post.Json!["activity"]!["attachments"]![0]!["content"]!;
        var complaint = await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);
        var thread = complaint["relay"]!["conversationId"]!.GetValue<string>();
        StringAssert.StartsWith(thread, channel + ";messageid=");

        var outsider = await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, "a:carla-chat");
        Assert.Contains(
            "Only the people this answer was sent to can accept it or send it back, on the card they received.", RelayScenario.Texts(outsider["value"]).ToList());
        await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, thread, inChannel: true);
        Assert.AreEqual("closed", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Relay_NoRequester_EachListedCommunityManagerGetsOneCard()
    {
        const string other = "0a1b2c3d-5555-4e6f-8a9b-0c1d2e3f4a5b";
        await using var scenario = await RelayScenario.StartAsync(new Dictionary<string, string?>
        {
            [$"Relay:DefaultTargets:{RelayScenario.Source}:CommunityManagers:0"] = RelayScenario.Carla.AadObjectId,
            [$"Relay:DefaultTargets:{RelayScenario.Source}:CommunityManagers:1"] = other,
            ["Relay:DefaultTargets:*:TeamId"] = Activities.TeamId,
            ["Relay:DefaultTargets:*:ChannelId"] = "19:not-for-this-source@thread.tacv2",
        });
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(requester: false, callback: false), TestContext.CancellationToken);

        var carla = await scenario.RelayCardInAsync(RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId), TestContext.CancellationToken);
        await scenario.RelayCardInAsync(RelayScenario.ChatWith(other), TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => RelayScenario.HistoryKinds(c).Count(k => k == "relayDelivered") == 2, TestContext.CancellationToken);

        Assert.IsFalse(scenario.Connector.Calls.Any(c => c.Body.Contains("not-for-this-source", StringComparison.Ordinal)), "the source's own target wins over *");
        await scenario.ClickAsync(carla, "relay.accept", RelayScenario.Carla, RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId));
        var complaint = await scenario.GetAsync(id, TestContext.CancellationToken);
        Assert.AreEqual("closed", complaint["state"]!.GetValue<string>());
        Assert.HasCount(1, scenario.CardsIn(RelayScenario.ChatWith(other)));
        Assert.HasCount(1, scenario.CardsIn(RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId)));
        Assert.HasCount(2, RelayScenario.HistoryKinds(complaint).Where(k => k == "relayDelivered").ToList(), "each copy's delivery is recorded");
        Assert.HasCount(
            1, scenario.Store.Written.Where(i => i.ComplaintId == id && i.Kind == OutboxKinds.ThreadReply && HistoryKindAt(complaint, Json(i)["version"]!.GetValue<long>()) == "relayDelivered").ToList(),
            "the thread hears of the first delivery only");
    }

    [TestMethod]
    public async Task Relay_NoRequesterAndNoDefaultTarget_AnswerPostedInTheDepartmentThread()
    {
        await using var scenario = await RelayScenario.StartAsync(new Dictionary<string, string?> { ["Departments:1:LeadUserIds:0"] = Activities.Ben.AadObjectId });
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(requester: false, callback: false), TestContext.CancellationToken);
        var thread = await scenario.ThreadOfAsync(id, TestContext.CancellationToken);

        var card = await scenario.RelayCardInAsync(thread, TestContext.CancellationToken);

        var complaint = await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "failed", TestContext.CancellationToken);
        StringAssert.Contains(complaint["history"]!.AsArray().Last(e => e!["kind"]!.GetValue<string>() == "relayFailed")!["note"]!.GetValue<string>(), "Relay:DefaultTargets");
        await scenario.ClickAsync(card, "relay.accept", Activities.Ben, thread, inChannel: true);
        Assert.AreEqual("closed", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>(), "the department's lead decides when nobody else can");
    }

    private static JsonNode Json(OutboxItem item) => JsonNode.Parse(item.PayloadJson)!;

    private static string HistoryKindAt(JsonNode complaint, long version) => complaint["history"]![(int)version - 1]!["kind"]!.GetValue<string>();
}
