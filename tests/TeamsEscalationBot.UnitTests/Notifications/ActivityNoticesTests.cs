using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Notifications;
using TeamsEscalationBot.Features.Workflow;
using TeamsEscalationBot.Storage;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Notifications;

/// <summary>Which transitions write a notice, to whom, and when a written notice no longer applies.</summary>
[TestClass]
public sealed class ActivityNoticesTests
{
    private static readonly Person LuisPerson = new(Luis.Id, Luis.DisplayName);

    [TestMethod]
    public void Assigned_BySomeoneElse_NoticeForTheAssigneeAtTheNewVersion()
    {
        var complaint = InState(ComplaintState.Open);
        var assigned = MustSucceed(complaint.Assign(Ana, LuisPerson, Start.AddMinutes(5)));

        var item = ActivityNotices.Assigned(complaint, assigned, Start.AddMinutes(5));

        Assert.IsNotNull(item);
        Assert.AreEqual(OutboxKinds.ActivityNotice, item.Kind);
        Assert.AreEqual(complaint.Id, item.ComplaintId);
        Assert.AreEqual(new OutboxPayloads.ActivityNotice(Luis.Id, ActivityTypes.ComplaintAssigned, complaint.Version), ActivityNotices.Read(item));
    }

    [TestMethod]
    public void Assigned_ToThemselves_NoNotice()
    {
        var complaint = InState(ComplaintState.Open);
        var assigned = MustSucceed(complaint.Assign(Luis, LuisPerson, Start.AddMinutes(5)));

        Assert.IsNull(ActivityNotices.Assigned(complaint, assigned, Start.AddMinutes(5)));
    }

    [TestMethod]
    public void Claim_NoNotice()
    {
        var complaint = InState(ComplaintState.Open);
        var claimed = MustSucceed(complaint.Claim(Luis, Start.AddMinutes(5)));

        Assert.IsNull(ActivityNotices.Assigned(complaint, claimed, Start.AddMinutes(5)));
        Assert.IsFalse(WorkflowOutbox.For(complaint, claimed, Start).Any(i => i.Kind == OutboxKinds.ActivityNotice));
    }

    [TestMethod]
    public void WorkflowOutbox_Assign_NoticeWrittenWithTheCardAndTheReply()
    {
        var complaint = InState(ComplaintState.Claimed);
        var assigned = MustSucceed(complaint.Assign(Ana, LuisPerson, Start.AddMinutes(5)));

        var items = WorkflowOutbox.For(complaint, assigned, Start.AddMinutes(5));

        CollectionAssert.AreEqual(
            new[] { OutboxKinds.UpdateCard, OutboxKinds.ThreadReply, OutboxKinds.ActivityNotice },
            items.Select(i => i.Kind).ToArray());
        Assert.AreEqual(Luis.Id, ActivityNotices.Read(items[2])!.UserAadObjectId);
    }

    [TestMethod]
    public void AnswerReady_WithAndWithoutACommunityManager()
    {
        var complaint = InState(ComplaintState.Answered);

        var item = ActivityNotices.AnswerReady(complaint, " aad-cm ", Start);

        Assert.AreEqual(new OutboxPayloads.ActivityNotice("aad-cm", ActivityTypes.AnswerReady, complaint.Version), ActivityNotices.Read(item!));
        Assert.IsNull(ActivityNotices.AnswerReady(complaint, null, Start));
        Assert.IsNull(ActivityNotices.AnswerReady(complaint, " ", Start));
    }

    [TestMethod]
    public void Overdue_ForTheNamedPerson()
    {
        var complaint = InState(ComplaintState.Open);

        var item = ActivityNotices.Overdue(complaint, "aad-lead", Start);

        Assert.AreEqual(ActivityTypes.ComplaintOverdue, ActivityNotices.Read(item)!.ActivityType);
        Assert.AreEqual("aad-lead", ActivityNotices.Read(item)!.UserAadObjectId);
    }

    [TestMethod]
    public void Read_BrokenOrEmptyPayload_Null()
    {
        Assert.IsNull(ActivityNotices.Read(OutboxItem.Create(OutboxKinds.ActivityNotice, "c-1", "not json", Start)));
        Assert.IsNull(ActivityNotices.Read(OutboxItem.Create(OutboxKinds.ActivityNotice, "c-1", "{}", Start)));
        Assert.IsNull(ActivityNotices.Read(OutboxItem.Create(OutboxKinds.ActivityNotice, "c-1", """{"userAadObjectId":"","activityType":"answerReady","version":3}""", Start)));
    }

    [TestMethod]
    public void Stale_AssignedToSomeoneElseMeanwhile_Skipped()
    {
        var complaint = InState(ComplaintState.Open);
        MustSucceed(complaint.Assign(Ana, LuisPerson, Start.AddMinutes(5)));
        var notice = new OutboxPayloads.ActivityNotice(Luis.Id, ActivityTypes.ComplaintAssigned, complaint.Version);
        Assert.IsNull(ActivityNoticeHandler.Stale(complaint, notice));

        MustSucceed(complaint.Assign(Luis, new Person(Ana.Id, Ana.DisplayName), Start.AddMinutes(6)));

        Assert.IsNotNull(ActivityNoticeHandler.Stale(complaint, notice));
    }

    [TestMethod]
    public void Stale_AnswerDecidedOrComplaintClosed_Skipped()
    {
        var answered = InState(ComplaintState.Answered);
        MustSucceed(answered.RecordRelayDelivered("a:chat-cm", "act-1", Start.AddMinutes(4)));
        var ready = new OutboxPayloads.ActivityNotice("aad-cm", ActivityTypes.AnswerReady, answered.Version);
        Assert.IsNull(ActivityNoticeHandler.Stale(answered, ready));

        var closed = InState(ComplaintState.Closed);
        Assert.IsNotNull(ActivityNoticeHandler.Stale(closed, ready with { Version = closed.Version }));
        Assert.IsNotNull(ActivityNoticeHandler.Stale(closed, new OutboxPayloads.ActivityNotice("aad-lead", ActivityTypes.ComplaintOverdue, closed.Version)));
        Assert.IsNull(ActivityNoticeHandler.Stale(InState(ComplaintState.Open), new OutboxPayloads.ActivityNotice("aad-lead", ActivityTypes.ComplaintOverdue, 3)));
    }
}
