using TeamsEscalationBot.Domain.Complaints;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Domain;

/// <summary>Where the answer went, as the history records it: each copy delivered, and the thread a failed relay fell back to.</summary>
[TestClass]
public sealed class RelayRecordTests
{
    private static readonly DateTimeOffset Later = Start.AddHours(1);

    [TestMethod]
    public void RecordRelayCopyDelivered_AfterTheFirstCopy_AnotherDeliveryFirstCardKept()
    {
        var complaint = InState(ComplaintState.Answered);
        MustSucceed(complaint.RecordRelayDelivered("a:carla", "act-1", Later));

        var copy = MustSucceed(complaint.RecordRelayCopyDelivered("a:dario", "act-2", Later.AddSeconds(1)));

        Assert.AreEqual(ComplaintEventKind.RelayDelivered, copy.Kind);
        Assert.AreEqual("a:dario", copy.ConversationId);
        Assert.AreEqual("act-2", copy.ActivityId);
        Assert.AreEqual(ComplaintState.Answered, complaint.State);
        Assert.AreEqual(RelayStatus.Delivered, complaint.Relay);
        Assert.AreEqual(new RelayCard("a:carla", "act-1"), complaint.RelayCard, "the first copy stays the one the API shows");
    }

    [TestMethod]
    [DataRow(ComplaintState.Answered, DisplayName = "before the first copy")]
    [DataRow(ComplaintState.Closed, DisplayName = "after the decision")]
    public void RecordRelayCopyDelivered_NoFirstCopyOrAlreadyDecided_RefusedNothingChanges(ComplaintState state)
    {
        var complaint = InState(state);
        var before = Json(complaint);

        var refusal = MustRefuse(complaint.RecordRelayCopyDelivered("a:dario", "act-2", Later));

        Assert.AreEqual(RefusalCode.IllegalTransition, refusal.Code);
        Assert.AreEqual(before, Json(complaint));
    }

    [TestMethod]
    public void RecordRelayFailed_PostedInTheThreadInstead_RecordsWhere()
    {
        var complaint = InState(ComplaintState.Answered);

        var failed = MustSucceed(complaint.RecordRelayFailed("Teams refused.", Later, new RelayCard("19:billing@thread.tacv2;messageid=1", "act-9")));

        Assert.AreEqual("19:billing@thread.tacv2;messageid=1", failed.ConversationId);
        Assert.AreEqual("act-9", failed.ActivityId);
        Assert.AreEqual(RelayStatus.Failed, complaint.Relay);
        Assert.IsNull(complaint.RelayCard, "a fallback post is not a delivery to the community manager");
    }

    [TestMethod]
    public void RecordRelayFailed_NowhereElse_NoConversation()
    {
        var complaint = InState(ComplaintState.Answered);

        var failed = MustSucceed(complaint.RecordRelayFailed("Nobody to send it to.", Later));

        Assert.IsNull(failed.ConversationId);
        Assert.IsNull(failed.ActivityId);
    }
}
