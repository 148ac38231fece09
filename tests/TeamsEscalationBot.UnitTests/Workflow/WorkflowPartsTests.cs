using System.Text.Json;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Workflow;
using TeamsEscalationBot.Storage;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Workflow;

/// <summary>The workflow's pure parts: reading an invoke, the outbox items per transition, threads and owners by version, options, merging.</summary>
[TestClass]
public sealed class WorkflowPartsTests
{
    private static readonly ComplaintRouter Router = new(
        [
            new Department { Id = Billing, Name = "Billing", TeamId = "19:t", ChannelId = "19:b", EntraGroupId = Guid.NewGuid().ToString() },
            new Department { Id = Logistics, Name = "Logistics", TeamId = "19:t", ChannelId = "19:l", EntraGroupId = Guid.NewGuid().ToString() },
        ],
        Billing);

    [TestMethod]
    [DataRow("""{"verb":"complaint.claim","data":{"version":3}}""", "MissingComplaintId")]
    [DataRow("""{"verb":"complaint.claim","data":{"complaintId":"C1"}}""", "MissingComplaintId")]
    [DataRow("""{"verb":"complaint.claim","data":{"complaintId":"C1","version":"3"}}""", "MissingComplaintId")]
    [DataRow("""{"verb":"complaint.claim","data":{"complaintId":"a/b","version":3}}""", "StaleCard")]
    [DataRow("""{"verb":"complaint.note","data":{"complaintId":"C1","version":3}}""", "MissingInput")]
    [DataRow("""{"verb":"complaint.note","data":{"complaintId":"C1","version":3,"noteText":"  "}}""", "MissingInput")]
    [DataRow("""{"verb":"complaint.draft","data":{"complaintId":"C1","version":3,"answerText":7}}""", "MissingInput")]
    [DataRow("""{"verb":"complaint.assign","data":{"complaintId":"C1","version":3}}""", "MissingInput")]
    [DataRow("""{"verb":"complaint.reassign","data":{"complaintId":"C1","version":3,"reassignReason":"x"}}""", "MissingInput")]
    [DataRow("""{"verb":"complaint.reassign","data":{"complaintId":"C1","version":3,"reassignDepartment":"logistics"}}""", "MissingInput")]
    [DataRow("""{"verb":"complaint.reassign","data":{"complaintId":"C1","version":3,"reassignDepartment":"legal","reassignReason":"x"}}""", "UnknownDepartment")]
    public void Read_BadData_400WithCode(string action, string code)
    {
        var (request, error) = CardActionRequest.Read(Invoke(action), Router);

        Assert.IsNull(request);
        Assert.AreEqual(400, error!.StatusCode);
        Assert.AreEqual(AdaptiveCardInvokeResponse.ErrorType, error.Type);
        Assert.AreEqual(code, ((InvokeError)error.Value!).Code);
    }

    [TestMethod]
    public void Read_Reassign_DepartmentAsConfiguredAndReason()
    {
        var (request, _) = CardActionRequest.Read(
            Invoke("""{"verb":"complaint.reassign","data":{"complaintId":"C1","version":3,"reassignDepartment":" LOGISTICS ","reassignReason":"wrong team"}}"""), Router);

        Assert.AreEqual(Logistics, request!.TargetDepartmentId);
        Assert.AreEqual("wrong team", request.Text);
        Assert.AreEqual(3, request.CardVersion);
        Assert.IsFalse(request.IsRefresh);
    }

    [TestMethod]
    public void Read_ResolveWithoutText_AllowedToUseTheDraft()
    {
        var (request, error) = CardActionRequest.Read(Invoke("""{"verb":"complaint.resolve","data":{"complaintId":"C1","version":3,"answerText":""}}"""), Router);

        Assert.IsNull(error);
        Assert.IsNull(request!.Text);
    }

    [TestMethod]
    public void Read_AutomaticTrigger_RefreshWhateverTheVerbAndNoInputsNeeded()
    {
        var (request, error) = CardActionRequest.Read(
            Invoke("""{"verb":"complaint.note","data":{"complaintId":"C1","version":3,"departmentId":"Logistics"}}""", "automatic"), Router);

        Assert.IsNull(error);
        Assert.IsTrue(request!.IsRefresh);
        Assert.AreEqual(Logistics, request.CardDepartmentId);
    }

    [TestMethod]
    public void Read_RefreshOfAnUnknownDepartment_CardDepartmentLeftOut()
    {
        var (request, _) = CardActionRequest.Read(Invoke("""{"verb":"complaint.refresh","data":{"complaintId":"C1","version":3,"departmentId":"gone"}}"""), Router);

        Assert.IsTrue(request!.IsRefresh);
        Assert.IsNull(request.CardDepartmentId);
    }

    [TestMethod]
    public void OutboxFor_Claim_UpdateCardAndAuditLineOfThatVersion()
    {
        var complaint = InState(ComplaintState.Claimed);

        var items = WorkflowOutbox.For(complaint, complaint.History[^1], Start);

        CollectionAssert.AreEqual(new[] { OutboxKinds.UpdateCard, OutboxKinds.ThreadReply }, items.Select(i => i.Kind).ToArray());
        Assert.IsNull(WorkflowOutbox.Read<OutboxPayloads.UpdateCard>(items[0])!.DepartmentId);
        Assert.AreEqual(new OutboxPayloads.ThreadReply(complaint.Version, false), WorkflowOutbox.Read<OutboxPayloads.ThreadReply>(items[1]));
        Assert.IsTrue(items.All(i => i.ComplaintId == complaint.Id && i.NotBefore == Start));
    }

    [TestMethod]
    public void OutboxFor_Assign_MentionsTheNewOwner()
    {
        var complaint = InState(ComplaintState.Open);
        var assigned = MustSucceed(complaint.Assign(Ana, new Person(Luis.Id, Luis.DisplayName), Start.AddMinutes(5)));

        var reply = WorkflowOutbox.For(complaint, assigned, Start).Single(i => i.Kind == OutboxKinds.ThreadReply);

        Assert.IsTrue(WorkflowOutbox.Read<OutboxPayloads.ThreadReply>(reply)!.MentionOwner);
    }

    [TestMethod]
    public void OutboxFor_Reassign_OldCardUpdatedAuditLineAndNewCardPosted()
    {
        var complaint = InState(ComplaintState.Claimed);
        var moved = MustSucceed(complaint.Reassign(Ana, Logistics, "parcel problem", Start.AddMinutes(5)));

        var items = WorkflowOutbox.For(complaint, moved, Start);

        CollectionAssert.AreEquivalent(new[] { OutboxKinds.UpdateCard, OutboxKinds.ThreadReply, OutboxKinds.PostCard }, items.Select(i => i.Kind).ToArray());
        Assert.AreEqual(Billing, WorkflowOutbox.Read<OutboxPayloads.UpdateCard>(items.Single(i => i.Kind == OutboxKinds.UpdateCard))!.DepartmentId);
    }

    [TestMethod]
    public void OutboxFor_Resolve_RelayOfThatVersion()
    {
        var complaint = InState(ComplaintState.Answered);

        var relay = WorkflowOutbox.For(complaint, complaint.History[^1], Start).Single(i => i.Kind == OutboxKinds.Relay);

        Assert.AreEqual(new OutboxPayloads.Relay(complaint.Version), WorkflowOutbox.Read<OutboxPayloads.Relay>(relay));
    }

    [TestMethod]
    public void OutboxFor_ReopenOfAnAnswer_WithdrawsTheRelayedAnswer()
    {
        var complaint = InState(ComplaintState.Answered);
        var reopened = MustSucceed(complaint.Reopen(Ana, "not confirmed yet", Start.AddMinutes(5)));

        var items = WorkflowOutbox.For(complaint, reopened, Start);

        CollectionAssert.AreEqual(new[] { OutboxKinds.UpdateCard, OutboxKinds.ThreadReply, OutboxKinds.RelayWithdrawn }, items.Select(i => i.Kind).ToArray());
    }

    [TestMethod]
    public void OutboxFor_ReopenOfAClosedComplaint_NoRelayToWithdraw()
    {
        var complaint = InState(ComplaintState.Closed);
        var reopened = MustSucceed(complaint.Reopen(Ana, "customer wrote again", Start.AddMinutes(5)));

        var items = WorkflowOutbox.For(complaint, reopened, Start);

        Assert.IsFalse(items.Any(i => i.Kind == OutboxKinds.RelayWithdrawn));
    }

    [TestMethod]
    public void ReadPayload_NotJson_Null() =>
        Assert.IsNull(WorkflowOutbox.Read<OutboxPayloads.ThreadReply>(OutboxItem.Create(OutboxKinds.ThreadReply, "c-1", "not json", Start)));

    [TestMethod]
    public void ThreadOf_EventsBeforeAndAfterAReassign_TheCardOfTheDepartmentTheyHappenedIn()
    {
        var complaint = InState(ComplaintState.Claimed);
        var claimedVersion = complaint.Version;
        MustSucceed(complaint.Reassign(Ana, Logistics, "parcel", Start.AddMinutes(5)));
        var reassignedVersion = complaint.Version;
        MustSucceed(complaint.AddNote(Luis, "waiting for the card", Start.AddMinutes(6)));
        var noteBeforeCard = complaint.Version;
        MustSucceed(complaint.RecordCardPosted(Card(Logistics, 2), Start.AddMinutes(7)));
        MustSucceed(complaint.Claim(Luis, Start.AddMinutes(8)));

        Assert.AreEqual(Card(Billing).ConversationId, ComplaintThreads.ThreadOf(complaint, claimedVersion)!.ConversationId);
        Assert.AreEqual(Card(Billing).ConversationId, ComplaintThreads.ThreadOf(complaint, reassignedVersion)!.ConversationId, "the move is told where it left");
        Assert.IsNull(ComplaintThreads.ThreadOf(complaint, noteBeforeCard), "no card in logistics yet");
        Assert.AreEqual(Card(Logistics, 2).ConversationId, ComplaintThreads.ThreadOf(complaint, complaint.Version)!.ConversationId);
        Assert.IsNull(ComplaintThreads.ThreadOf(complaint, 1), "received: nothing posted yet");
    }

    [TestMethod]
    public void OwnerAt_ClaimAssignUnclaim_TheOwnerRightAfterEachEntry()
    {
        var complaint = InState(ComplaintState.Claimed);
        var claimed = complaint.Version;
        MustSucceed(complaint.Assign(Ana, new Person(Luis.Id, Luis.DisplayName), Start.AddMinutes(5)));
        var assigned = complaint.Version;
        MustSucceed(complaint.AddNote(Ana, "note", Start.AddMinutes(6)));
        var noted = complaint.Version;
        MustSucceed(complaint.Unclaim(Luis, Start.AddMinutes(7)));

        Assert.AreEqual(Ana.Id, ComplaintThreads.OwnerAt(complaint, claimed)!.AadObjectId);
        Assert.AreEqual(Luis.Id, ComplaintThreads.OwnerAt(complaint, assigned)!.AadObjectId);
        Assert.AreEqual(Luis.Id, ComplaintThreads.OwnerAt(complaint, noted)!.AadObjectId);
        Assert.IsNull(ComplaintThreads.OwnerAt(complaint, complaint.Version));
    }

    [TestMethod]
    public void Options_Defaults_Valid() =>
        Assert.IsTrue(new WorkflowOptionsValidator().Validate(null, new WorkflowOptions()).Succeeded);

    [TestMethod]
    public void Options_OutOfRange_EveryBadKeyNamed()
    {
        var result = new WorkflowOptionsValidator().Validate(null, new WorkflowOptions
        {
            DirectoryTimeout = TimeSpan.FromMinutes(1),
            MaxUpdateAttempts = 0,
            ActiveMembersFlushInterval = TimeSpan.Zero,
            ActiveMembersCacheLifetime = TimeSpan.FromDays(1),
        });

        Assert.IsTrue(result.Failed);
        foreach (var key in new[] { "Workflow:DirectoryTimeout", "Workflow:MaxUpdateAttempts", "Workflow:ActiveMembersFlushInterval", "Workflow:ActiveMembersCacheLifetime" })
        {
            StringAssert.Contains(result.FailureMessage, key);
        }
    }

    [TestMethod]
    public void Merge_SamePersonTwice_LatestKeptMostRecentFirstCapped()
    {
        var stored = Enumerable.Range(0, 60).Select(i => new ActiveMember($"29:{i}", $"aad-{i}", $"P{i}", Start.AddMinutes(i))).ToList();
        ActiveMember[] added = [new("29:0", "aad-0", "P0 renamed", Start.AddHours(2)), new("29:new", "aad-new", "New", Start.AddHours(1))];

        var merged = ActiveMemberLists.Merge(stored, added, 60);

        Assert.HasCount(60, merged);
        Assert.AreEqual("P0 renamed", merged[0].DisplayName);
        Assert.AreEqual("29:new", merged[1].TeamsUserId);
        Assert.IsFalse(merged.Any(m => m.TeamsUserId == "29:1"), "the least recent falls off");
    }

    private static AdaptiveCardInvokeValue Invoke(string action, string trigger = "manual") =>
        JsonSerializer.Deserialize<AdaptiveCardInvokeValue>($$"""{"action":{{action.Replace("{\"verb\"", "{\"type\":\"Action.Execute\",\"verb\"", StringComparison.Ordinal)}},"trigger":"{{trigger}}"}""", ProtocolJsonSerializer.SerializationOptions)!;
}
