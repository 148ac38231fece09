using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Storage;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;
using static TeamsEscalationBot.UnitTests.Sla.SlaFixture;

namespace TeamsEscalationBot.UnitTests.Sla;

/// <summary>What the store writes with each complaint: clocks, the indexed instants, and card refreshes at band changes.</summary>
[TestClass]
public sealed class SlaRecorderTests
{
    // Monday 2 March 2026, 09:00 UTC; calendar hours, claim within 1 h, answer within 4 h, due soon at 75%.
    private static readonly DateTimeOffset T0 = Utc(2026, 3, 2, 9);

    private static DateTimeOffset At(double hours) => T0.AddHours(hours);

    [TestMethod]
    public void Record_NewComplaint_StartsAClockIndexesItAndSchedulesEachBandChange()
    {
        var clocked = new ClockedComplaint(AroundTheClock(), T0);

        var write = Recorder(AroundTheClock()).Record(clocked.Complaint, null, T0);

        var record = write.Record!;
        Assert.HasCount(1, record.Clocks);
        Assert.AreEqual(clocked.Clocks[0], record.Clocks[0]);
        Assert.AreEqual(SlaBand.OnTrack, record.Band);
        Assert.AreEqual(At(0.75), record.NextDueAt);
        Assert.AreEqual(At(0.75), record.DueSoonAt);
        Assert.AreEqual(At(1), record.OverdueAt);
        CollectionAssert.AreEqual(new[] { At(0.75), At(1) }, record.RefreshesAt.ToArray());
        CollectionAssert.AreEqual(new[] { At(0.75), At(1) }, write.Outbox.Select(i => i.NotBefore).ToArray());
        Assert.IsTrue(write.Outbox.All(i => i.Kind == OutboxKinds.UpdateCard && i.ComplaintId == clocked.Complaint.Id && i.PayloadJson == "{}"));
    }

    [TestMethod]
    public void Record_NothingChanged_SchedulesNothingAgain()
    {
        var clocked = new ClockedComplaint(AroundTheClock(), T0);
        var recorder = Recorder(AroundTheClock());
        var first = recorder.Record(clocked.Complaint, null, T0);

        clocked.PostCard(At(0.1));
        var second = recorder.Record(clocked.Complaint, first.Record, At(0.1));

        Assert.IsEmpty(second.Outbox);
        CollectionAssert.AreEqual(first.Record!.RefreshesAt.ToArray(), second.Record!.RefreshesAt.ToArray());
    }

    [TestMethod]
    public void Record_Claimed_KeepsTheClockAndSchedulesTheAnswerTarget()
    {
        var clocked = new ClockedComplaint(AroundTheClock(), T0);
        var recorder = Recorder(AroundTheClock());
        var first = recorder.Record(clocked.Complaint, null, T0);

        clocked.PostAndClaim(At(0.5));
        var second = recorder.Record(clocked.Complaint, first.Record, At(0.5));

        Assert.AreSame(first.Record!.Clocks[0], second.Record!.Clocks[0]);
        Assert.AreEqual(At(3), second.Record.DueSoonAt);
        Assert.AreEqual(At(4), second.Record.OverdueAt);
        CollectionAssert.AreEqual(new[] { At(3), At(4) }, second.Outbox.Select(i => i.NotBefore).ToArray());
        CollectionAssert.AreEqual(new[] { At(0.75), At(1), At(3), At(4) }, second.Record.RefreshesAt.ToArray());
    }

    [TestMethod]
    public void Record_Reassigned_StartsAClockForTheNewDepartment()
    {
        var clocked = new ClockedComplaint(AroundTheClock(), T0);
        var recorder = Recorder(AroundTheClock());
        var first = recorder.Record(clocked.Complaint, null, T0);

        clocked.PostCard(At(0.1)).Reassign(Logistics, At(2));
        var second = recorder.Record(clocked.Complaint, first.Record, At(2));

        Assert.HasCount(2, second.Record!.Clocks);
        Assert.AreEqual(Logistics, second.Record.Clocks[1].DepartmentId);
        Assert.AreEqual(At(3), second.Record.OverdueAt);
    }

    [TestMethod]
    public void Record_PolicyChangedAfterTheStart_TheClockKeepsItsTerms()
    {
        var clocked = new ClockedComplaint(AroundTheClock(), T0);
        var first = Recorder(AroundTheClock()).Record(clocked.Complaint, null, T0);

        clocked.PostCard(At(0.1));
        var second = Recorder(AroundTheClock(claimHours: 2, answerHours: 8)).Record(clocked.Complaint, first.Record, At(0.1));

        Assert.AreEqual(At(1), second.Record!.OverdueAt);
    }

    [TestMethod]
    public void Record_NoPolicy_NoClockNothingIndexedNothingScheduled()
    {
        var clocked = new ClockedComplaint(SlaPolicySet.None, T0);

        var write = Recorder(SlaPolicySet.None).Record(clocked.Complaint, null, T0);

        Assert.AreEqual(SlaBand.NoClock, write.Record!.Band);
        Assert.IsNull(write.Record.Clocks[0].Terms);
        Assert.IsNull(write.Record.NextDueAt);
        Assert.IsNull(write.Record.DueSoonAt);
        Assert.IsNull(write.Record.OverdueAt);
        Assert.IsEmpty(write.Outbox);
    }

    [TestMethod]
    public void Record_StoredClocksOfAnotherHistory_StoredWithoutIndexedInstants()
    {
        var clocked = new ClockedComplaint(AroundTheClock(), T0);
        var foreign = new SlaRecord
        {
            Clocks = [new SlaClock { DepartmentId = Logistics, StartedAt = At(-5) }],
            OverdueAt = At(1),
            DueSoonAt = At(0.75),
            NextDueAt = At(0.75),
        };

        var write = Recorder(AroundTheClock()).Record(clocked.Complaint, foreign, T0);

        Assert.AreSame(foreign.Clocks, write.Record!.Clocks);
        Assert.IsNull(write.Record.OverdueAt);
        Assert.IsNull(write.Record.DueSoonAt);
        Assert.IsNull(write.Record.NextDueAt);
        Assert.IsEmpty(write.Outbox);
    }

    [TestMethod]
    public void StatusOf_RecordAttached_EvaluatesItAndNullWhenTheHistoryMovedOn()
    {
        var clocked = new ClockedComplaint(AroundTheClock(), T0);
        var record = Recorder(AroundTheClock()).Record(clocked.Complaint, null, T0).Record;
        SlaRecords.Attach(clocked.Complaint, record);

        Assert.AreEqual(SlaBand.Overdue, SlaRecords.StatusOf(clocked.Complaint, At(2))!.Band);

        clocked.PostCard(At(0.1)).Reassign(Logistics, At(0.2));
        Assert.IsNull(SlaRecords.StatusOf(clocked.Complaint, At(2)), "the stored clocks lack the reassignment's clock");
        Assert.IsNull(SlaRecords.StatusOf(new ClockedComplaint(AroundTheClock(), T0).Complaint, At(2)), "nothing attached");
    }

    private static SlaRecorder Recorder(SlaPolicySet policies) => new(
        Options.Create(new SlaOptions { Default = policies.Default, Departments = new(policies.Departments, StringComparer.OrdinalIgnoreCase) }),
        NullLogger<SlaRecorder>.Instance);
}
