using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;
using TeamsEscalationBot.TestHarness.Playground;

namespace TeamsEscalationBot.IntegrationTests.Workflow;

/// <summary>
/// Every complaint card action over HTTP (signed invokes from the channel thread), against the real host with the Graph
/// directory on a fake Graph: happy paths, refusals, directory trouble, bad data and refresh.
/// </summary>
[TestClass]
public sealed partial class CardActionTests
{
    private static WorkflowHost s_host = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => s_host = await WorkflowHost.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s_host.DisposeAsync();

    [TestMethod]
    public async Task Claim_Member_OwnerViewChannelCardUpdatedAndAuditLine()
    {
        var ana = s_host.NewBillingMember("Ana Ruiz");
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);

        var answer = await s_host.InvokeAsync(ana, "complaint.claim", complaint);

        var card = answer.Card;
        Assert.IsNull(CardJson.Notice(card));
        Assert.AreEqual(complaint["version"]!.GetValue<long>() + 1, CardJson.Version(card));
        CollectionAssert.Contains(CardJson.Verbs(card).ToList(), "complaint.resolve", "the owner's view offers the answer");
        CollectionAssert.Contains(CardJson.Verbs(card).ToList(), "complaint.unclaim");
        var stored = await s_host.GetAsync(Id(complaint), TestContext.CancellationToken);
        Assert.AreEqual("claimed", stored["state"]!.GetValue<string>());
        Assert.AreEqual(ana.AadObjectId, stored["owner"]!["aadObjectId"]!.GetValue<string>());
        Assert.AreEqual("Ana Ruiz", stored["owner"]!["displayName"]!.GetValue<string>());

        var replies = await s_host.WaitForThreadRepliesAsync(Thread(complaint), 1, TestContext.CancellationToken);
        StringAssert.StartsWith(replies[0], "Claimed by Ana Ruiz, ");
        var update = await LastUpdateShowingAsync(complaint, stored["version"]!.GetValue<long>());
        Assert.IsTrue(CardJson.Shows(update, "Ana Ruiz"), "the channel card names the owner");
        CollectionAssert.Contains(CardJson.RefreshUserIds(update).ToList(), ana.TeamsId, "whoever acted is refreshed automatically");
    }

    [TestMethod]
    public async Task Unclaim_Owner_OpenAgainWithAuditLine()
    {
        var ana = s_host.NewBillingMember("Ana Unclaim");
        var complaint = await ClaimedByAsync(ana);

        var card = (await s_host.InvokeAsync(ana, "complaint.unclaim", complaint)).Card;

        CollectionAssert.Contains(CardJson.Verbs(card).ToList(), "complaint.claim");
        Assert.AreEqual("open", (await s_host.GetAsync(Id(complaint), TestContext.CancellationToken))["state"]!.GetValue<string>());
        var replies = await s_host.WaitForThreadRepliesAsync(Thread(complaint), 2, TestContext.CancellationToken);
        StringAssert.StartsWith(replies[1], "Unclaimed by Ana Unclaim, ");
    }

    [TestMethod]
    public async Task Note_AnyState_NoteAddedNoticeAndQuotedInTheThread()
    {
        var ana = s_host.NewBillingMember("Ana Note");
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);

        var card = (await s_host.InvokeAsync(ana, "complaint.note", complaint, new JsonObject { ["noteText"] = "Checked the ledger: two charges." })).Card;

        Assert.AreEqual("Note added.", CardJson.Notice(card));
        var stored = await s_host.GetAsync(Id(complaint), TestContext.CancellationToken);
        Assert.AreEqual("open", stored["state"]!.GetValue<string>());
        Assert.AreEqual("noteAdded", stored["history"]!.AsArray().Last()!["kind"]!.GetValue<string>());
        var replies = await s_host.WaitForThreadRepliesAsync(Thread(complaint), 1, TestContext.CancellationToken);
        StringAssert.StartsWith(replies[0], "Note by Ana Note, ");
        StringAssert.EndsWith(replies[0], ": Checked the ledger: two charges.");
    }

    [TestMethod]
    public async Task Assign_ToAnotherMember_NewOwnerAndMentionInTheThread()
    {
        var ana = s_host.NewBillingMember("Ana Assign");
        var luis = s_host.NewBillingMember("Luis Gómez");
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);

        var card = (await s_host.InvokeAsync(ana, "complaint.assign", complaint, new JsonObject { ["assignee"] = luis.AadObjectId })).Card;

        Assert.IsNull(CardJson.Notice(card));
        CollectionAssert.DoesNotContain(CardJson.Verbs(card).ToList(), "complaint.resolve", "Ana is not the owner");
        var stored = await s_host.GetAsync(Id(complaint), TestContext.CancellationToken);
        Assert.AreEqual(luis.AadObjectId, stored["owner"]!["aadObjectId"]!.GetValue<string>());
        Assert.AreEqual("Luis Gómez", stored["owner"]!["displayName"]!.GetValue<string>(), "the name comes from the directory");
        await s_host.WaitForThreadRepliesAsync(Thread(complaint), 1, TestContext.CancellationToken);
        var reply = s_host.Connector.Calls.Single(c => c.IsSend && c.ConversationId == Thread(complaint)).Json!;
        StringAssert.Contains(reply["text"]!.GetValue<string>(), "Assigned to Luis Gómez by Ana Assign, ");
        StringAssert.EndsWith(reply["text"]!.GetValue<string>(), "<at>Luis Gómez</at>");
        var mention = reply["entities"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "mention")!;
        Assert.AreEqual(luis.AadObjectId, mention["mentioned"]!["id"]!.GetValue<string>());
        Assert.AreEqual("<at>Luis Gómez</at>", mention["text"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Assign_AssigneeNotAMember_RefusedAndNothingChanges()
    {
        var ana = s_host.NewBillingMember("Ana Assigner");
        var outsider = s_host.NewUser("Olga Outside", BotApp.CareGroupId);
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);

        var card = (await s_host.InvokeAsync(ana, "complaint.assign", complaint, new JsonObject { ["assignee"] = outsider.AadObjectId })).Card;

        Assert.AreEqual("Olga Outside is not a member of Billing, so they can't own this complaint.", CardJson.Notice(card));
        CollectionAssert.Contains(CardJson.Verbs(card).ToList(), "complaint.claim", "Ana keeps her member's view");
        await AssertUnchangedAsync(complaint);
    }

    [TestMethod]
    public async Task Assign_AssigneeUnknown_RefusedAndNothingChanges()
    {
        var ana = s_host.NewBillingMember("Ana Unknown");
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);

        var card = (await s_host.InvokeAsync(ana, "complaint.assign", complaint, new JsonObject { ["assignee"] = Guid.NewGuid().ToString() })).Card;

        Assert.AreEqual("I can't find that person in the directory.", CardJson.Notice(card));
        await AssertUnchangedAsync(complaint);
    }

    [TestMethod]
    public async Task DraftThenResolve_Owner_AnsweredWithTheDraftAndRelayQueued()
    {
        var ana = s_host.NewBillingMember("Ana Answer");
        var complaint = await ClaimedByAsync(ana);

        var drafted = await s_host.InvokeAsync(ana, "complaint.draft", complaint, new JsonObject { ["answerText"] = "We refunded the second charge." });
        Assert.AreEqual("Draft saved.", CardJson.Notice(drafted.Card));
        var withDraft = await s_host.GetAsync(Id(complaint), TestContext.CancellationToken);
        Assert.AreEqual("We refunded the second charge.", withDraft["answerDraft"]!.GetValue<string>());

        var resolved = (await s_host.InvokeAsync(ana, "complaint.resolve", withDraft, new JsonObject { ["answerText"] = "" })).Card;

        CollectionAssert.AreEquivalent(new[] { "complaint.reopen", "complaint.note" }, CardJson.Verbs(resolved).ToList());
        var stored = await s_host.GetAsync(Id(complaint), TestContext.CancellationToken);
        Assert.AreEqual("answered", stored["state"]!.GetValue<string>());
        Assert.AreEqual("We refunded the second charge.", stored["answer"]!["text"]!.GetValue<string>());
        Assert.AreEqual("pending", stored["relay"]!["status"]!.GetValue<string>());
        var replies = await s_host.WaitForThreadRepliesAsync(Thread(complaint), 3, TestContext.CancellationToken);
        StringAssert.StartsWith(replies[1], "Answer drafted by Ana Answer, ");
        StringAssert.StartsWith(replies[2], "Resolved by Ana Answer, ");
    }

    [TestMethod]
    public async Task Reopen_Answered_ClaimedAgainWithTheAnswerAsDraft()
    {
        var ana = s_host.NewBillingMember("Ana Reopen");
        var complaint = await ClaimedByAsync(ana);
        await s_host.InvokeAsync(ana, "complaint.resolve", complaint, new JsonObject { ["answerText"] = "Refunded." });
        var answered = await s_host.GetAsync(Id(complaint), TestContext.CancellationToken);

        var card = (await s_host.InvokeAsync(ana, "complaint.reopen", answered, new JsonObject { ["reopenNote"] = "Amount was wrong" })).Card;

        CollectionAssert.Contains(CardJson.Verbs(card).ToList(), "complaint.resolve");
        var stored = await s_host.GetAsync(Id(complaint), TestContext.CancellationToken);
        Assert.AreEqual("claimed", stored["state"]!.GetValue<string>());
        Assert.AreEqual("Refunded.", stored["answerDraft"]!.GetValue<string>());
        Assert.AreEqual("withdrawn", stored["relay"]!["status"]!.GetValue<string>());
        var replies = await s_host.WaitForThreadRepliesAsync(Thread(complaint), 3, TestContext.CancellationToken);
        StringAssert.StartsWith(replies[2], "Reopened by Ana Reopen, ");
        StringAssert.EndsWith(replies[2], ": Amount was wrong");
    }

    [TestMethod]
    public async Task Reopen_ClosedByTheCommunityManager_OpenAgainWithoutOwner()
    {
        var ana = s_host.NewBillingMember("Ana Closed");
        var ben = s_host.NewBillingMember("Ben Reopener");
        var complaint = await ClaimedByAsync(ana);
        await s_host.InvokeAsync(ana, "complaint.resolve", complaint, new JsonObject { ["answerText"] = "Refunded." });
        await AcceptAsCommunityManagerAsync(Id(complaint));
        var closed = await s_host.GetAsync(Id(complaint), TestContext.CancellationToken);
        Assert.AreEqual("closed", closed["state"]!.GetValue<string>());

        var card = (await s_host.InvokeAsync(ben, "complaint.reopen", closed)).Card;

        CollectionAssert.Contains(CardJson.Verbs(card).ToList(), "complaint.claim");
        var stored = await s_host.GetAsync(Id(complaint), TestContext.CancellationToken);
        Assert.AreEqual("open", stored["state"]!.GetValue<string>());
        Assert.IsNull(stored["owner"]);
        Assert.AreEqual("Refunded.", stored["answerDraft"]!.GetValue<string>(), "the old answer is the starting draft");
    }

    [TestMethod]
    public async Task Resolve_NotTheOwner_OwnerOnlyNoticeAndNothingChanges()
    {
        var ana = s_host.NewBillingMember("Ana Owner");
        var ben = s_host.NewBillingMember("Ben Other");
        var complaint = await ClaimedByAsync(ana);

        var card = (await s_host.InvokeAsync(ben, "complaint.resolve", complaint, new JsonObject { ["answerText"] = "Sorry!" })).Card;

        Assert.AreEqual("Only Ana Owner, who owns this complaint, can do that. Ask them, or have it assigned to you first.", CardJson.Notice(card));
        CollectionAssert.DoesNotContain(CardJson.Verbs(card).ToList(), "complaint.resolve", "Ben sees a member's view");
        await AssertUnchangedAsync(complaint);
    }

    [TestMethod]
    public async Task Claim_AlreadyClaimed_NoticeNamesTheOwner()
    {
        var ana = s_host.NewBillingMember("Ana First");
        var ben = s_host.NewBillingMember("Ben Second");
        var complaint = await ClaimedByAsync(ana);

        var card = (await s_host.InvokeAsync(ben, "complaint.claim", complaint, version: complaint["version"]!.GetValue<long>() - 1)).Card;

        Assert.AreEqual("Already claimed by Ana First.", CardJson.Notice(card));
        await AssertUnchangedAsync(complaint);
    }

    [TestMethod]
    public async Task Claim_NotAMember_ReadOnlyCardWithRefusal()
    {
        var outsider = s_host.NewUser("Carl Care", BotApp.CareGroupId);
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);

        var card = (await s_host.InvokeAsync(outsider, "complaint.claim", complaint)).Card;

        Assert.AreEqual("Only members of Billing can act on this complaint.", CardJson.Notice(card));
        Assert.IsEmpty(CardJson.Verbs(card), "a read-only card has no buttons");
        await AssertUnchangedAsync(complaint);
    }

    [TestMethod]
    public async Task Claim_NotInTheDirectory_ReadOnlyCardWithRefusal()
    {
        var stranger = new UserRef("29:1stranger", "Stranger", Guid.NewGuid().ToString());
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);

        var card = (await s_host.InvokeAsync(stranger, "complaint.claim", complaint)).Card;

        Assert.AreEqual("Only members of Billing can act on this complaint.", CardJson.Notice(card));
        Assert.IsEmpty(CardJson.Verbs(card));
        await AssertUnchangedAsync(complaint);
    }

    [TestMethod]
    [DataRow(429, DisplayName = "throttled with a long Retry-After")]
    [DataRow(500, DisplayName = "failing")]
    [DataRow(403, DisplayName = "permission missing")]
    public async Task Claim_GraphCannotAnswer_TryAgainNoticeAndNoTransition(int status)
    {
        var ana = s_host.NewBillingMember($"Ana Graph {status}");
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);
        s_host.Graph.EnqueueFault(new GraphFault(status, Count: 20)
        {
            RetryAfter = status == 429 ? TimeSpan.FromSeconds(30) : null,
            Match = r => r.Path.Contains(ana.AadObjectId, StringComparison.OrdinalIgnoreCase),
        });

        var card = (await s_host.InvokeAsync(ana, "complaint.claim", complaint)).Card;

        Assert.AreEqual(
            "The directory is not available right now, so I can't check who you are. Try again in a moment.", CardJson.Notice(card));
        Assert.AreSequenceEqual(new[] { "complaint.refresh" }, CardJson.Verbs(card).ToList(), "Try again asks for the card once more");
        Assert.IsFalse(CardJson.Shows(card, WorkflowHost.InvoiceText), "nobody is known to be a member: the least view");
        await AssertUnchangedAsync(complaint);
    }

    [TestMethod]
    public async Task Reassign_OtherDepartment_OldCardSaysWhereNewCardInTheOtherChannel()
    {
        var ana = s_host.NewBillingMember("Ana Reassign");
        var complaint = await ClaimedByAsync(ana);

        var card = (await s_host.InvokeAsync(ana, "complaint.reassign", complaint, new JsonObject
        {
            ["reassignDepartment"] = "CARE",
            ["reassignReason"] = "The customer is upset with an agent, not the bill",
        })).Card;

        Assert.AreEqual("This complaint has moved to Customer Care.", CardJson.Notice(card));
        Assert.IsEmpty(CardJson.Verbs(card), "the old card offers nothing");
        var moved = await s_host.WaitForAsync(Id(complaint), c => c["state"]!.GetValue<string>() == "open" && c["department"]!["id"]!.GetValue<string>() == "care", TestContext.CancellationToken);
        Assert.IsNull(moved["owner"]);
        Assert.StartsWith(Activities.CareChannelId, moved["card"]!["conversationId"]!.GetValue<string>(), "the new card is a thread in care's channel");
        var newCard = s_host.Connector.Calls.Single(c => c.IsCreateConversation && c.Succeeded && c.Body.Contains(Activities.CareChannelId, StringComparison.Ordinal)
            && c.Body.Contains(Id(complaint), StringComparison.Ordinal));
        Assert.IsNotNull(newCard);

        var oldUpdate = await LastUpdateShowingAsync(complaint, ReassignedVersion(moved));
        Assert.AreEqual("This complaint has moved to Customer Care.", CardJson.Notice(oldUpdate));
        Assert.IsEmpty(CardJson.Verbs(oldUpdate));
        var replies = await s_host.WaitForThreadRepliesAsync(Thread(complaint), 2, TestContext.CancellationToken);
        StringAssert.StartsWith(replies[1], "Reassigned to Customer Care by Ana Reassign, ");
    }

    [TestMethod]
    public async Task Reassign_SameDepartment_RefusedWithNotice()
    {
        var ana = s_host.NewBillingMember("Ana Same");
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);

        var card = (await s_host.InvokeAsync(ana, "complaint.reassign", complaint, new JsonObject
        {
            ["reassignDepartment"] = "billing",
            ["reassignReason"] = "oops",
        })).Card;

        Assert.AreEqual("It is already in Billing.", CardJson.Notice(card));
        await AssertUnchangedAsync(complaint);
    }

    [TestMethod]
    public async Task Refresh_Automatic_ViewersOwnCardWithoutSideEffects()
    {
        var ana = s_host.NewBillingMember("Ana Refresh");
        var outsider = s_host.NewUser("Olaf Refresh");
        var complaint = await ClaimedByAsync(ana);
        var data = new JsonObject { ["complaintId"] = Id(complaint), ["version"] = complaint["version"]!.GetValue<long>(), ["departmentId"] = "billing" };

        var owner = (await s_host.InvokeRawAsync(ana, "complaint.refresh", data.DeepClone(), trigger: "automatic")).Card;
        var other = (await s_host.InvokeRawAsync(outsider, "complaint.refresh", data.DeepClone(), trigger: "automatic")).Card;
        var clickedClaimAutomatically = (await s_host.InvokeRawAsync(outsider, "complaint.claim", data.DeepClone(), trigger: "automatic")).Card;

        CollectionAssert.Contains(CardJson.Verbs(owner).ToList(), "complaint.resolve");
        Assert.IsEmpty(CardJson.Verbs(other));
        Assert.IsTrue(CardJson.Shows(other, "Only members of Billing and the community manager who asked for it can see more"), "the outsider's line");
        Assert.IsFalse(CardJson.Shows(other, WorkflowHost.InvoiceText), "an outsider does not read the complaint");
        Assert.IsNull(CardJson.Notice(clickedClaimAutomatically), "an automatic trigger never acts, whatever the verb");
        await AssertUnchangedAsync(complaint);
    }

    [TestMethod]
    public async Task Refresh_Automatic_ReceivedAlsoSaysHowLongAgoWhileAnActionsAnswerSaysOnlyTheDate()
    {
        var ana = s_host.NewBillingMember("Ana Received");
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);
        var data = new JsonObject { ["complaintId"] = Id(complaint), ["version"] = complaint["version"]!.GetValue<long>(), ["departmentId"] = "billing" };

        var refreshed = (await s_host.InvokeRawAsync(ana, "complaint.refresh", data, trigger: "automatic")).Card;
        var claimed = (await s_host.InvokeAsync(ana, "complaint.claim", complaint)).Card;

        StringAssert.Matches(Received(refreshed), ReceivedWithAge(), "rebuilt each time it is seen: the age stays true");
        StringAssert.Matches(Received(claimed), ReceivedDateOnly(), "kept as sent: only the date stays true");
    }

    [TestMethod]
    public async Task Status_PersonalChat_TheComplaintCard()
    {
        var ana = s_host.NewBillingMember("Ana Status");
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);
        var data = new JsonObject { ["complaintId"] = Id(complaint), ["version"] = 1 };

        var card = (await s_host.InvokeRawAsync(ana, "complaint.status", data, conversationId: Activities.PersonalConversationId)).Card;

        Assert.IsTrue(CardJson.Shows(card, Id(complaint)));
        CollectionAssert.Contains(CardJson.Verbs(card).ToList(), "complaint.claim");
        await AssertUnchangedAsync(complaint);
    }

    [TestMethod]
    public async Task BadData_MissingIdsUnknownComplaintUnknownVerbMissingInputs_400BodiesWithHttp200()
    {
        var ana = s_host.NewBillingMember("Ana Bad");
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);

        Assert.AreEqual("MissingComplaintId", (await s_host.InvokeRawAsync(ana, "complaint.claim", new JsonObject { ["version"] = 3 })).ErrorCode);
        Assert.AreEqual("MissingComplaintId", (await s_host.InvokeRawAsync(ana, "complaint.claim", null)).ErrorCode);
        Assert.AreEqual("MissingComplaintId", (await s_host.InvokeRawAsync(ana, "complaint.claim", new JsonObject { ["complaintId"] = Id(complaint) })).ErrorCode);
        Assert.AreEqual("StaleCard", (await s_host.InvokeRawAsync(ana, "complaint.claim", new JsonObject { ["complaintId"] = "C00000000000DEAD", ["version"] = 3 })).ErrorCode);
        Assert.AreEqual("StaleCard", (await s_host.InvokeRawAsync(ana, "complaint.claim", new JsonObject { ["complaintId"] = "../../etc/passwd", ["version"] = 3 })).ErrorCode);
        Assert.AreEqual("UnknownVerb", (await s_host.InvokeAsync(ana, "complaint.explode", complaint)).ErrorCode);
        Assert.AreEqual("MissingInput", (await s_host.InvokeAsync(ana, "complaint.note", complaint)).ErrorCode);
        Assert.AreEqual("MissingInput", (await s_host.InvokeAsync(ana, "complaint.note", complaint, new JsonObject { ["noteText"] = "   " })).ErrorCode);
        Assert.AreEqual("MissingInput", (await s_host.InvokeAsync(ana, "complaint.draft", complaint)).ErrorCode);
        Assert.AreEqual("MissingInput", (await s_host.InvokeAsync(ana, "complaint.assign", complaint)).ErrorCode);
        Assert.AreEqual("MissingInput", (await s_host.InvokeAsync(ana, "complaint.reassign", complaint, new JsonObject { ["reassignDepartment"] = "care" })).ErrorCode);
        Assert.AreEqual("UnknownDepartment", (await s_host.InvokeAsync(ana, "complaint.reassign", complaint, new JsonObject { ["reassignDepartment"] = "legal", ["reassignReason"] = "x" })).ErrorCode);
        await AssertUnchangedAsync(complaint);
    }

    [TestMethod]
    public async Task Resolve_NeitherTextNorDraft_RefusedWithNotice()
    {
        var ana = s_host.NewBillingMember("Ana Empty");
        var complaint = await ClaimedByAsync(ana);

        var card = (await s_host.InvokeAsync(ana, "complaint.resolve", complaint)).Card;

        Assert.AreEqual("Write a text first.", CardJson.Notice(card));
        await AssertUnchangedAsync(complaint);
    }

    [TestMethod]
    public async Task Unclaim_OnAnOutdatedCardOfAnOpenComplaint_StaleNotice()
    {
        var ana = s_host.NewBillingMember("Ana Late");
        var complaint = await ClaimedByAsync(ana);
        var claimedCard = complaint;
        await s_host.InvokeAsync(ana, "complaint.unclaim", complaint);

        var card = (await s_host.InvokeAsync(ana, "complaint.unclaim", claimedCard)).Card;

        StringAssert.StartsWith(CardJson.Notice(card), "Someone changed this complaint meanwhile.");
        Assert.AreEqual("open", (await s_host.GetAsync(Id(complaint), TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Claim_SpanishViewer_NoticeInSpanish()
    {
        var ana = s_host.NewBillingMember("Ana Primera");
        var ben = s_host.NewBillingMember("Benito");
        var complaint = await ClaimedByAsync(ana);

        var card = (await s_host.InvokeAsync(ben, "complaint.claim", complaint, locale: "es-ES")).Card;

        Assert.AreEqual("Ya la ha asumido Ana Primera.", CardJson.Notice(card));
    }

    internal static string Id(JsonNode complaint) => complaint["id"]!.GetValue<string>();

    internal static string Thread(JsonNode complaint) => complaint["card"]!["conversationId"]!.GetValue<string>();

    private static long ReassignedVersion(JsonNode complaint) =>
        complaint["history"]!.AsArray().Select((e, i) => (e, i)).Last(p => p.e!["kind"]!.GetValue<string>() == "reassigned").i + 1;

    private async Task<JsonNode> ClaimedByAsync(UserRef user)
    {
        var complaint = await s_host.NewOpenComplaintAsync(TestContext.CancellationToken);
        var answer = await s_host.InvokeAsync(user, "complaint.claim", complaint);
        Assert.IsNull(CardJson.Notice(answer.Card));
        return await s_host.GetAsync(Id(complaint), TestContext.CancellationToken);
    }

    /// <summary>The relay feature's part, done directly on the store: the requesting CM accepts the answer.</summary>
    private async Task AcceptAsCommunityManagerAsync(string id)
    {
        var store = s_host.App.Services.GetRequiredService<IComplaintStore>();
        var complaint = (await store.GetAsync(id, TestContext.CancellationToken))!;
        var expected = complaint.Version;
        Assert.IsTrue(complaint.Accept(new Actor("cm", "Carla CM", ActorKind.CommunityManager), DateTimeOffset.UtcNow).Succeeded);
        Assert.AreEqual(UpdateOutcome.Updated, (await store.UpdateAsync(complaint, expected, [], TestContext.CancellationToken)).Outcome);
    }

    private async Task AssertUnchangedAsync(JsonNode before)
    {
        var now = await s_host.GetAsync(Id(before), TestContext.CancellationToken);
        Assert.AreEqual(before["version"]!.GetValue<long>(), now["version"]!.GetValue<long>(), "no transition was stored");
    }

    /// <summary>Waits (bounded) for a PUT of the complaint's first channel card that shows at least <paramref name="version"/>.</summary>
    private async Task<JsonNode> LastUpdateShowingAsync(JsonNode complaint, long version)
    {
        var activityId = complaint["card"]!["activityId"]!.GetValue<string>();
        await s_host.Connector.WaitForCallsAsync(c => c.IsUpdate && c.ActivityId == activityId && CardJson.Version(CardJson.FromActivity(c)) >= version, cancellationToken: TestContext.CancellationToken);
        return CardJson.FromActivity(s_host.CardUpdates(activityId)[^1]);
    }

    /// <summary>The "Received" fact of a complaint card.</summary>
    private static string Received(JsonNode card) => CardView.Facts(card.AsObject())["Received"];

    [GeneratedRegex(@"^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2} · (just now|\d+ (minute|hour|day)s? ago)$")]
    private static partial Regex ReceivedWithAge();

    [GeneratedRegex(@"^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$")]
    private static partial Regex ReceivedDateOnly();
}
