using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Domain;

[TestClass]
public sealed class ComplaintLifecycleTests
{
    private static readonly DateTimeOffset Later = Start.AddHours(2);

    [TestMethod]
    public void Receive_ValidSubmission_ReceivedWithReceivedAndRoutedEvents()
    {
        var decision = new RoutingDecision(Billing, RoutingRule.Keyword, ["invoice", "refund"], "Sent to Billing because the text mentions: invoice, refund.");

        var complaint = Complaint.Receive("c-7", Submission(), decision, Api, Start);

        Assert.AreEqual(ComplaintState.Received, complaint.State);
        Assert.AreEqual(2L, complaint.Version);
        Assert.AreEqual(Billing, complaint.DepartmentId);
        Assert.AreEqual(Start, complaint.CreatedAt);
        Assert.AreEqual(Submission().ContentFingerprint(), complaint.ContentFingerprint);
        Assert.AreEqual(ComplaintEventKind.Received, complaint.History[0].Kind);
        Assert.AreEqual(Api, complaint.History[0].Actor);
        var routed = complaint.History[1];
        Assert.AreEqual(ComplaintEventKind.Routed, routed.Kind);
        Assert.AreEqual(Billing, routed.DepartmentId);
        Assert.AreEqual(RoutingRule.Keyword, routed.RoutingRule);
        Assert.AreSequenceEqual(new[] { "invoice", "refund" }, routed.MatchedKeywords!);
        Assert.AreEqual(decision.Explanation, routed.Note);
        Assert.AreEqual(ActorKind.System, routed.Actor.Kind);
        Assert.IsNull(complaint.Owner);
        Assert.AreEqual(RelayStatus.None, complaint.Relay);
        Assert.IsEmpty(complaint.Cards);
    }

    [TestMethod]
    public void Receive_InvalidSubmission_ThrowsArgumentException()
    {
        var invalid = Submission() with { Text = " ", PostUrl = new Uri("ftp://files.example/x") };

        var thrown = Assert.ThrowsExactly<ArgumentException>(() => Complaint.Receive("c-1", invalid, RoutedTo(Billing), Api, Start));

        Assert.Contains("text", thrown.Message);
        Assert.Contains("postUrl", thrown.Message);
    }

    [TestMethod]
    public void Claim_WhenClaimed_RefusesAlreadyClaimedNamingOwner()
    {
        var complaint = InState(ComplaintState.Claimed);

        var refusal = MustRefuse(complaint.Claim(Luis, Later));

        Assert.AreEqual(RefusalCode.AlreadyClaimed, refusal.Code);
        Assert.AreEqual("Ana Ruiz", refusal.OwnerDisplayName);
        Assert.Contains("Ana Ruiz", refusal.Reason);
        Assert.AreEqual("aad-ana", complaint.Owner!.AadObjectId);
    }

    [TestMethod]
    public void Claim_WhenOpen_OwnerIsTheActor()
    {
        var complaint = InState(ComplaintState.Open);

        var claimed = MustSucceed(complaint.Claim(Luis, Later));

        Assert.AreEqual(new Person("aad-luis", "Luis Gómez"), complaint.Owner);
        Assert.AreEqual(complaint.Owner, claimed.Assignee);
        Assert.AreEqual(Luis, claimed.Actor);
    }

    [TestMethod]
    public void Unclaim_WhenClaimed_ClearsOwnerKeepsDraft()
    {
        var complaint = InState(ComplaintState.Claimed);
        MustSucceed(complaint.SaveDraft(Ana, "Half-written answer", Later));

        var unclaimed = MustSucceed(complaint.Unclaim(Ana, Later));

        Assert.IsNull(complaint.Owner);
        Assert.AreEqual("Half-written answer", complaint.AnswerDraft);
        Assert.AreEqual("Ana Ruiz", unclaimed.PreviousOwner!.DisplayName);
    }

    [TestMethod]
    public void Assign_ToCurrentOwner_RefusesAlreadyOwner()
    {
        var complaint = InState(ComplaintState.Claimed);

        var refusal = MustRefuse(complaint.Assign(Luis, new Person("AAD-ANA", "Ana Ruiz"), Later));

        Assert.AreEqual(RefusalCode.AlreadyOwner, refusal.Code);
        Assert.AreEqual("Ana Ruiz", refusal.OwnerDisplayName);
    }

    [TestMethod]
    public void Assign_WhenClaimedByOther_ReplacesOwnerAndRecordsBoth()
    {
        var complaint = InState(ComplaintState.Claimed);

        var assigned = MustSucceed(complaint.Assign(Ana, new Person("aad-luis", "Luis Gómez"), Later));

        Assert.AreEqual("aad-luis", complaint.Owner!.AadObjectId);
        Assert.AreEqual("aad-luis", assigned.Assignee!.AadObjectId);
        Assert.AreEqual("aad-ana", assigned.PreviousOwner!.AadObjectId);
        Assert.AreEqual(Ana, assigned.Actor);
    }

    [TestMethod]
    public void Reassign_WhenClaimed_ClearsOwnerAndDraftAndMovesDepartment()
    {
        var complaint = InState(ComplaintState.Claimed);
        MustSucceed(complaint.SaveDraft(Ana, "Billing's draft", Later));

        var reassigned = MustSucceed(complaint.Reassign(Ana, Logistics, "  The parcel never arrived.  ", Later));

        Assert.AreEqual(ComplaintState.Received, complaint.State);
        Assert.AreEqual(Logistics, complaint.DepartmentId);
        Assert.IsNull(complaint.Owner);
        Assert.IsNull(complaint.AnswerDraft);
        Assert.IsNull(complaint.CurrentCard, "The billing card is no longer current.");
        Assert.HasCount(1, complaint.Cards);
        Assert.AreEqual(Logistics, reassigned.DepartmentId);
        Assert.AreEqual(Billing, reassigned.FromDepartmentId);
        Assert.AreEqual("The parcel never arrived.", reassigned.Note);
        Assert.AreEqual("aad-ana", reassigned.PreviousOwner!.AadObjectId);
    }

    [TestMethod]
    public void Reassign_ThenCardPosted_NewCardIsCurrentAndOldKept()
    {
        var complaint = InState(ComplaintState.Open);
        MustSucceed(complaint.Reassign(Ana, Logistics, "Parcel issue", Later));

        MustSucceed(complaint.RecordCardPosted(Card(Logistics, 5), Later.AddMinutes(1)));

        Assert.AreEqual(ComplaintState.Open, complaint.State);
        Assert.HasCount(2, complaint.Cards);
        Assert.AreEqual(Billing, complaint.Cards[0].DepartmentId);
        Assert.AreEqual(Card(Logistics, 5), complaint.CurrentCard);
    }

    [TestMethod]
    [DataRow("billing")]
    [DataRow("BILLING")]
    public void Reassign_ToSameDepartment_RefusesSameDepartment(string department)
    {
        var complaint = InState(ComplaintState.Open);

        var refusal = MustRefuse(complaint.Reassign(Ana, department, "Why not", Later));

        Assert.AreEqual(RefusalCode.SameDepartment, refusal.Code);
        Assert.AreEqual(Billing, refusal.DepartmentId);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    public void Reassign_WithoutReason_RefusesTextRequired(string reason)
    {
        var complaint = InState(ComplaintState.Claimed);

        var refusal = MustRefuse(complaint.Reassign(Ana, Logistics, reason, Later));

        Assert.AreEqual(RefusalCode.TextRequired, refusal.Code);
        Assert.AreEqual(Billing, complaint.DepartmentId);
    }

    [TestMethod]
    public void RecordCardPosted_ForDepartmentItLeft_RefusesDepartmentMismatch()
    {
        var complaint = InState(ComplaintState.Open);
        MustSucceed(complaint.Reassign(Ana, Logistics, "Parcel issue", Later));

        var refusal = MustRefuse(complaint.RecordCardPosted(Card(Billing, 9), Later));

        Assert.AreEqual(RefusalCode.DepartmentMismatch, refusal.Code);
        Assert.AreEqual(ComplaintState.Received, complaint.State);
    }

    [TestMethod]
    public void RecordCardPostFailed_WhenReceived_KeepsStateAndSetsFailureUntilCardPosted()
    {
        var complaint = Received();

        var failed = MustSucceed(complaint.RecordCardPostFailed("403 MessageWritesBlocked", Later));

        Assert.AreEqual(ComplaintState.Received, complaint.State);
        Assert.AreEqual(new DeliveryFailure("403 MessageWritesBlocked", Later), complaint.DeliveryFailure);
        Assert.AreEqual("403 MessageWritesBlocked", failed.Note);

        MustSucceed(complaint.RecordCardPosted(Card(Billing), Later.AddMinutes(5)));

        Assert.IsNull(complaint.DeliveryFailure);
        Assert.AreEqual(ComplaintState.Open, complaint.State);
    }

    [TestMethod]
    public void RecordCardPosted_WhenReceived_RecordsCardReference()
    {
        var complaint = Received();

        var posted = MustSucceed(complaint.RecordCardPosted(Card(Billing, 3), Later));

        Assert.AreEqual(Card(Billing, 3), complaint.CurrentCard);
        Assert.AreEqual(Card(Billing, 3).ConversationId, posted.ConversationId);
        Assert.AreEqual(Card(Billing, 3).ActivityId, posted.ActivityId);
        Assert.AreEqual(Billing, posted.DepartmentId);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow(" \n ")]
    public void AddNote_Blank_RefusesTextRequired(string text)
    {
        var complaint = InState(ComplaintState.Open);

        Assert.AreEqual(RefusalCode.TextRequired, MustRefuse(complaint.AddNote(Ana, text, Later)).Code);
    }

    [TestMethod]
    public void AddNote_WhenOpen_RecordsTrimmedTextWithoutStateChange()
    {
        var complaint = InState(ComplaintState.Open);

        var note = MustSucceed(complaint.AddNote(Luis, " Checked the order. ", Later));

        Assert.AreEqual("Checked the order.", note.Note);
        Assert.AreEqual(ComplaintState.Open, complaint.State);
    }

    [TestMethod]
    public void SaveDraft_AtTheLimit_Saved()
    {
        var complaint = InState(ComplaintState.Claimed);

        MustSucceed(complaint.SaveDraft(Ana, new string('a', ComplaintLimits.MaxTextLength), Later));

        Assert.AreEqual(ComplaintLimits.MaxTextLength, complaint.AnswerDraft!.Length);
    }

    [TestMethod]
    public void SaveDraft_OverTheLimit_RefusesTextTooLong()
    {
        var complaint = InState(ComplaintState.Claimed);

        var refusal = MustRefuse(complaint.SaveDraft(Ana, new string('a', ComplaintLimits.MaxTextLength + 1), Later));

        Assert.AreEqual(RefusalCode.TextTooLong, refusal.Code);
        Assert.IsNull(complaint.AnswerDraft);
    }

    [TestMethod]
    public void Resolve_WithText_RecordsAnswerClearsDraftRelayPending()
    {
        var complaint = InState(ComplaintState.Open);
        MustSucceed(complaint.Claim(Luis, Later));
        MustSucceed(complaint.SaveDraft(Luis, "old draft", Later));

        var resolved = MustSucceed(complaint.Resolve(Luis, "We refund you today.", Later.AddMinutes(1)));

        Assert.AreEqual(new ComplaintAnswer("We refund you today.", Luis, Later.AddMinutes(1)), complaint.Answer);
        Assert.IsNull(complaint.AnswerDraft);
        Assert.AreEqual(RelayStatus.Pending, complaint.Relay);
        Assert.AreEqual("We refund you today.", resolved.Note);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("  ")]
    public void Resolve_WithoutText_UsesSavedDraft(string? answer)
    {
        var complaint = InState(ComplaintState.Open);
        MustSucceed(complaint.Claim(Luis, Later));
        MustSucceed(complaint.SaveDraft(Luis, "The drafted answer", Later));

        MustSucceed(complaint.Resolve(Luis, answer, Later));

        Assert.AreEqual("The drafted answer", complaint.Answer!.Text);
        Assert.AreEqual(ComplaintState.Answered, complaint.State);
    }

    [TestMethod]
    public void Resolve_WithoutTextOrDraft_RefusesTextRequired()
    {
        var complaint = InState(ComplaintState.Open);
        MustSucceed(complaint.Claim(Luis, Later));

        var refusal = MustRefuse(complaint.Resolve(Luis, null, Later));

        Assert.AreEqual(RefusalCode.TextRequired, refusal.Code);
        Assert.AreEqual(ComplaintState.Claimed, complaint.State);
    }

    [TestMethod]
    public void Accept_WhenAnswered_ClosesKeepingOwnerAndAnswer()
    {
        var complaint = InState(ComplaintState.Answered);

        MustSucceed(complaint.Accept(Cm, Later));

        Assert.AreEqual(ComplaintState.Closed, complaint.State);
        Assert.AreEqual(RelayStatus.Accepted, complaint.Relay);
        Assert.AreEqual("aad-ana", complaint.Owner!.AadObjectId);
        Assert.IsNotNull(complaint.Answer);
    }

    [TestMethod]
    public void SendBack_WhenAnswered_KeepsOwnerAndRestoresDraft()
    {
        var complaint = InState(ComplaintState.Answered);

        var sentBack = MustSucceed(complaint.SendBack(Cm, "Add the refund date, please.", Later));

        Assert.AreEqual(ComplaintState.Claimed, complaint.State);
        Assert.AreEqual("aad-ana", complaint.Owner!.AadObjectId);
        Assert.AreEqual("We are refunding you today.", complaint.AnswerDraft);
        Assert.IsNull(complaint.Answer);
        Assert.AreEqual(RelayStatus.SentBack, complaint.Relay);
        Assert.AreEqual("Add the refund date, please.", sentBack.Note);
        Assert.AreEqual(Cm, sentBack.Actor);
    }

    [TestMethod]
    public void SendBack_WithoutComment_RefusesTextRequired()
    {
        var complaint = InState(ComplaintState.Answered);

        var refusal = MustRefuse(complaint.SendBack(Cm, "", Later));

        Assert.AreEqual(RefusalCode.TextRequired, refusal.Code);
        Assert.AreEqual(ComplaintState.Answered, complaint.State);
    }

    [TestMethod]
    public void SendBack_ThenResolveWithoutText_ResendsTheSameAnswer()
    {
        var complaint = InState(ComplaintState.Answered);
        MustSucceed(complaint.SendBack(Cm, "Too short.", Later));

        MustSucceed(complaint.Resolve(Ana, null, Later.AddMinutes(1)));

        Assert.AreEqual("We are refunding you today.", complaint.Answer!.Text);
        Assert.AreEqual(RelayStatus.Pending, complaint.Relay);
    }

    [TestMethod]
    public void Reopen_WhenAnswered_WithdrawsAnswerKeepsOwner()
    {
        var complaint = InState(ComplaintState.Answered);

        var reopened = MustSucceed(complaint.Reopen(Ana, "Wrong refund amount.", Later));

        Assert.AreEqual(ComplaintState.Claimed, complaint.State);
        Assert.AreEqual("aad-ana", complaint.Owner!.AadObjectId);
        Assert.IsNull(complaint.Answer);
        Assert.AreEqual("We are refunding you today.", complaint.AnswerDraft);
        Assert.AreEqual(RelayStatus.Withdrawn, complaint.Relay);
        Assert.AreEqual("Wrong refund amount.", reopened.Note);
        Assert.IsNull(reopened.PreviousOwner);
    }

    [TestMethod]
    public void Reopen_WhenClosed_OpensWithoutOwner()
    {
        var complaint = InState(ComplaintState.Closed);

        var reopened = MustSucceed(complaint.Reopen(Luis, null, Later));

        Assert.AreEqual(ComplaintState.Open, complaint.State);
        Assert.IsNull(complaint.Owner);
        Assert.IsNull(complaint.Answer);
        Assert.AreEqual("We are refunding you today.", complaint.AnswerDraft);
        Assert.AreEqual(RelayStatus.None, complaint.Relay);
        Assert.AreEqual("aad-ana", reopened.PreviousOwner!.AadObjectId);
        Assert.IsNull(reopened.Note);
    }

    [TestMethod]
    public void RecordRelayDelivered_WhenPending_DeliveredWithCardReference()
    {
        var complaint = InState(ComplaintState.Answered);

        var delivered = MustSucceed(complaint.RecordRelayDelivered("a:cm-chat", "act-9", Later));

        Assert.AreEqual(RelayStatus.Delivered, complaint.Relay);
        Assert.AreEqual(new RelayCard("a:cm-chat", "act-9"), complaint.RelayCard);
        Assert.AreEqual("a:cm-chat", delivered.ConversationId);
        Assert.AreEqual("act-9", delivered.ActivityId);
    }

    [TestMethod]
    public void RecordRelayDelivered_AfterFailure_Delivered()
    {
        var complaint = InState(ComplaintState.Answered);
        MustSucceed(complaint.RecordRelayFailed("500", Later));
        Assert.AreEqual(RelayStatus.Failed, complaint.Relay);

        MustSucceed(complaint.RecordRelayDelivered("a:cm-chat", "act-9", Later.AddMinutes(1)));

        Assert.AreEqual(RelayStatus.Delivered, complaint.Relay);
    }

    [TestMethod]
    public void RecordRelayDelivered_AfterWithdraw_StaysWithdrawnWithCardReference()
    {
        var complaint = InState(ComplaintState.Answered);
        MustSucceed(complaint.Reopen(Ana, null, Later));

        MustSucceed(complaint.RecordRelayDelivered("a:cm-chat", "act-9", Later.AddMinutes(1)));

        Assert.AreEqual(RelayStatus.Withdrawn, complaint.Relay);
        Assert.AreEqual(new RelayCard("a:cm-chat", "act-9"), complaint.RelayCard);
        Assert.AreEqual(ComplaintState.Claimed, complaint.State);
    }

    [TestMethod]
    public void RecordRelayDelivered_WhenAlreadyDelivered_RefusesIllegalTransition()
    {
        var complaint = InState(ComplaintState.Answered);
        MustSucceed(complaint.RecordRelayDelivered("a:cm-chat", "act-9", Later));

        var refusal = MustRefuse(complaint.RecordRelayDelivered("a:cm-chat", "act-10", Later));

        Assert.AreEqual(RefusalCode.IllegalTransition, refusal.Code);
        Assert.AreEqual("act-9", complaint.RelayCard!.ActivityId);
    }

    [TestMethod]
    public void RecordCallbackDelivered_WithoutCallbackUrl_RefusesIllegalTransition()
    {
        var complaint = Received(Submission() with { CallbackUrl = null });

        var refusal = MustRefuse(complaint.RecordCallbackDelivered("closed", complaint.Version, Later));

        Assert.AreEqual(RefusalCode.IllegalTransition, refusal.Code);
    }

    [TestMethod]
    public void Operations_WholeLifecycle_HistoryIsAppendOnlyInOrder()
    {
        var complaint = InState(ComplaintState.Open);
        var earlier = complaint.History.ToList();

        MustSucceed(complaint.Claim(Ana, Later));
        MustSucceed(complaint.AddNote(Ana, "Looking into it", Later));
        MustSucceed(complaint.Resolve(Ana, "Sorry, refunded.", Later));
        MustSucceed(complaint.RecordRelayDelivered("a:cm", "act-1", Later));
        MustSucceed(complaint.SendBack(Cm, "Say when.", Later));
        MustSucceed(complaint.Resolve(Ana, "Sorry, refunded today.", Later));
        MustSucceed(complaint.RecordRelayDelivered("a:cm", "act-2", Later));
        MustSucceed(complaint.Accept(Cm, Later));
        MustSucceed(complaint.RecordCallbackDelivered(null, complaint.Version, Later));

        Assert.AreSequenceEqual(earlier, complaint.History.Take(earlier.Count));
        Assert.AreSequenceEqual(
            new[]
            {
                ComplaintEventKind.Received, ComplaintEventKind.Routed, ComplaintEventKind.CardPosted,
                ComplaintEventKind.Claimed, ComplaintEventKind.NoteAdded, ComplaintEventKind.Resolved,
                ComplaintEventKind.RelayDelivered, ComplaintEventKind.SentBack, ComplaintEventKind.Resolved,
                ComplaintEventKind.RelayDelivered, ComplaintEventKind.Accepted, ComplaintEventKind.CallbackDelivered,
            },
            complaint.History.Select(e => e.Kind));
        Assert.AreEqual(complaint.History.Count, complaint.Version);
        Assert.AreEqual(ComplaintState.Closed, complaint.State);
    }

    [TestMethod]
    public void Claim_NullActor_ThrowsArgumentNullException()
    {
        var complaint = InState(ComplaintState.Open);

        Assert.ThrowsExactly<ArgumentNullException>(() => complaint.Claim(null!, Later));
    }

    [TestMethod]
    public void RecordRelayFailed_BlankReason_ThrowsArgumentException()
    {
        var complaint = InState(ComplaintState.Answered);

        Assert.ThrowsExactly<ArgumentException>(() => complaint.RecordRelayFailed(" ", Later));
    }
}
