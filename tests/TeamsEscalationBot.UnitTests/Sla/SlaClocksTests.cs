using System.Text.Json;
using System.Text.Json.Serialization;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;
using static TeamsEscalationBot.UnitTests.Sla.SlaFixture;

namespace TeamsEscalationBot.UnitTests.Sla;

[TestClass]
public sealed class SlaClocksTests
{
    // Monday 2 March 2026; the default test policy (calendar hours): claim within 1 h, answer within 4 h, due soon at 75%.
    private static readonly DateTimeOffset T0 = Utc(2026, 3, 2, 9);

    private static DateTimeOffset At(double hours) => T0.AddHours(hours);

    private static DateTimeOffset AtMinutes(int minutes) => T0.AddMinutes(minutes);

    [TestMethod]
    public void Evaluate_JustReceived_OnTrackWithDueInstantsAndNextChangeAtClaimDueSoon()
    {
        var status = new ClockedComplaint(AroundTheClock(), T0).StatusAt(T0);

        Assert.AreEqual(SlaBand.OnTrack, status.Band);
        Assert.AreEqual(At(1), status.ClaimDueAt);
        Assert.AreEqual(At(4), status.AnswerDueAt);
        Assert.AreEqual(TimeSpan.FromHours(4), status.AnswerTimeLeft);
        Assert.AreEqual(AtMinutes(45), status.NextChangeAt);
        Assert.IsEmpty(status.Breaches);
        Assert.AreEqual(SlaPolicySet.DefaultPolicyName, status.Terms!.PolicyName);
        Assert.AreEqual(Billing, status.Clock.DepartmentId);
        Assert.AreEqual(T0, status.Clock.StartedAt);
    }

    [TestMethod]
    [DataRow(0, SlaBand.OnTrack)]
    [DataRow(44, SlaBand.OnTrack)]
    [DataRow(45, SlaBand.DueSoon)]
    [DataRow(59, SlaBand.DueSoon)]
    [DataRow(60, SlaBand.Overdue)]
    [DataRow(600, SlaBand.Overdue)]
    public void Evaluate_UnclaimedAtMinute_Band(int minutes, SlaBand expected)
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0).PostCard(AtMinutes(1));

        Assert.AreEqual(expected, complaint.StatusAt(AtMinutes(minutes)).Band);
    }

    [TestMethod]
    public void Evaluate_FollowingNextChangeAt_VisitsEachBandChangeOnce()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0).PostCard(AtMinutes(1));

        Assert.AreSequenceEqual(
            new[] { (AtMinutes(45), SlaBand.DueSoon), (At(1), SlaBand.Overdue) },
            FollowChanges(complaint, T0).ToArray());

        complaint.Claim(AtMinutes(30));

        Assert.AreSequenceEqual(
            new[] { (At(3), SlaBand.DueSoon), (At(4), SlaBand.Overdue) },
            FollowChanges(complaint, AtMinutes(30)).ToArray());
    }

    [TestMethod]
    public void Evaluate_ClaimPastDue_OverdueWithTheClaimBreachAndNoFurtherChange()
    {
        var status = new ClockedComplaint(AroundTheClock(), T0).PostCard(AtMinutes(1)).StatusAt(AtMinutes(70));

        Assert.AreEqual(SlaBand.Overdue, status.Band);
        Assert.AreEqual(new SlaBreach(SlaTarget.Claim, Billing, At(1), T0, SlaPolicySet.DefaultPolicyName), status.Breaches.Single());
        Assert.IsNull(status.NextChangeAt);
    }

    [TestMethod]
    public void Evaluate_ClaimedInTime_NoBreachAndTheAnswerTargetDrivesTheBand()
    {
        var status = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(AtMinutes(30)).StatusAt(At(1.5));

        Assert.AreEqual(SlaBand.OnTrack, status.Band);
        Assert.IsEmpty(status.Breaches);
        Assert.AreEqual(At(1), status.ClaimDueAt);
        Assert.AreEqual(At(3), status.NextChangeAt);
    }

    [TestMethod]
    public void Evaluate_ClaimedLate_KeepsTheClaimBreachWhileTheAnswerIsOnTrack()
    {
        var status = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(At(2)).StatusAt(At(2));

        Assert.AreEqual(SlaBand.OnTrack, status.Band);
        Assert.AreEqual(SlaTarget.Claim, status.Breaches.Single().Target);
        Assert.AreEqual(At(1), status.Breaches.Single().At);
        Assert.AreEqual(At(3), status.NextChangeAt);
    }

    [TestMethod]
    public void Evaluate_ClaimedExactlyAtTheDueInstant_Missed()
    {
        var status = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(At(1)).StatusAt(At(1));

        Assert.AreEqual(SlaTarget.Claim, status.Breaches.Single().Target);
    }

    [TestMethod]
    public void Evaluate_AssignedWhileOpen_CountsAsClaimed()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0)
            .PostCard(AtMinutes(1))
            .Do(c => c.Assign(Ana, new Person("aad-luis", "Luis Gómez"), AtMinutes(20)));

        var status = complaint.StatusAt(At(1.5));

        Assert.AreEqual(SlaBand.OnTrack, status.Band);
        Assert.IsEmpty(status.Breaches);
    }

    [TestMethod]
    public void Evaluate_AnswerPastDue_OverdueWithTheAnswerBreach()
    {
        var status = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(AtMinutes(10)).StatusAt(At(4));

        Assert.AreEqual(SlaBand.Overdue, status.Band);
        Assert.AreEqual(new SlaBreach(SlaTarget.Answer, Billing, At(4), T0, SlaPolicySet.DefaultPolicyName), status.Breaches.Single());
        Assert.AreEqual(TimeSpan.Zero, status.AnswerTimeLeft);
        Assert.IsNull(status.NextChangeAt);
    }

    [TestMethod]
    public void Evaluate_BothTargetsEqualAndUnclaimed_BothBreachedAtOnce()
    {
        var complaint = new ClockedComplaint(AroundTheClock(claimHours: 1, answerHours: 1), T0).PostCard(AtMinutes(1));

        Assert.AreEqual(SlaBand.DueSoon, complaint.StatusAt(AtMinutes(45)).Band);
        var overdue = complaint.StatusAt(At(1));

        Assert.AreEqual(SlaBand.Overdue, overdue.Band);
        Assert.AreSequenceEqual(new[] { SlaTarget.Claim, SlaTarget.Answer }, overdue.Breaches.Select(b => b.Target).ToArray());
    }

    [TestMethod]
    public void Evaluate_Answered_PausedWithTimeLeftAndNoDueInstant()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(AtMinutes(10)).Resolve(At(1));

        var status = complaint.StatusAt(At(2));

        Assert.AreEqual(SlaBand.Paused, status.Band);
        Assert.IsNull(status.AnswerDueAt);
        Assert.AreEqual(TimeSpan.FromHours(3), status.AnswerTimeLeft);
        Assert.IsNull(status.NextChangeAt);
        Assert.IsEmpty(complaint.StatusAt(At(100)).Breaches, "paused time never breaches");
    }

    [TestMethod]
    public void Evaluate_SentBack_ResumesWithThePausedTimeLeftOut()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0)
            .PostAndClaim(AtMinutes(10))
            .Resolve(At(1))
            .Do(c => c.SendBack(Cm, "Please add the refund date.", At(5)));

        var status = complaint.StatusAt(At(5));

        Assert.AreEqual(SlaBand.OnTrack, status.Band);
        Assert.AreEqual(At(8), status.AnswerDueAt);
        Assert.AreEqual(TimeSpan.FromHours(3), status.AnswerTimeLeft);
        Assert.AreEqual(At(7), status.NextChangeAt);
    }

    [TestMethod]
    public void Evaluate_DepartmentWithdrawsItsAnswer_ResumesWithThePausedTimeLeftOut()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0)
            .PostAndClaim(AtMinutes(10))
            .Resolve(At(1))
            .Do(c => c.Reopen(Ana, "Wrong amount.", At(3)));

        var status = complaint.StatusAt(At(3));

        Assert.AreEqual(SlaBand.OnTrack, status.Band);
        Assert.AreEqual(At(6), status.AnswerDueAt);
        Assert.AreEqual(At(5), status.NextChangeAt);
        Assert.HasCount(1, complaint.Clocks, "withdrawing an answer is not a new clock");
    }

    [TestMethod]
    public void Evaluate_ResolvedLate_PausedWithTheAnswerBreachThenOverdueOnceClosed()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(AtMinutes(10)).Resolve(At(5));

        var paused = complaint.StatusAt(At(5));

        Assert.AreEqual(SlaBand.Paused, paused.Band);
        Assert.AreEqual(At(4), paused.AnswerDueAt);
        Assert.AreEqual(At(4), paused.Breaches.Single(b => b.Target == SlaTarget.Answer).At);

        complaint.Do(c => c.Accept(Cm, At(6)));
        var closed = complaint.StatusAt(At(7));

        Assert.AreEqual(SlaBand.Overdue, closed.Band);
        Assert.AreEqual(SlaTarget.Answer, closed.Breaches.Single().Target);
        Assert.IsNull(closed.NextChangeAt);
        Assert.IsNull(closed.AnswerTimeLeft);
    }

    [TestMethod]
    public void Evaluate_ClosedInTime_MetWithTheDueInstantThatWasBeaten()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0)
            .PostAndClaim(AtMinutes(10))
            .Resolve(At(1))
            .Do(c => c.SendBack(Cm, "Please add the refund date.", At(2)))
            .Resolve(At(3))
            .Do(c => c.Accept(Cm, At(4)));

        var status = complaint.StatusAt(At(10));

        Assert.AreEqual(SlaBand.Met, status.Band);
        Assert.IsEmpty(status.Breaches);
        Assert.AreEqual(At(5), status.AnswerDueAt, "1 h used before the send-back, so the last stretch was due 3 h after it");
        Assert.IsNull(status.AnswerTimeLeft);
        Assert.IsNull(status.NextChangeAt);
    }

    [TestMethod]
    public void Evaluate_UnclaimedAfterClaiming_ClaimStaysMetAndTheAnswerKeepsRunning()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0)
            .PostAndClaim(AtMinutes(10))
            .Do(c => c.Unclaim(Ana, AtMinutes(20)));

        var status = complaint.StatusAt(At(2));

        Assert.AreEqual(SlaBand.OnTrack, status.Band);
        Assert.IsEmpty(status.Breaches);
        Assert.AreEqual(At(3), status.NextChangeAt);
        Assert.AreEqual(TimeSpan.FromHours(2), status.AnswerTimeLeft);
    }

    [TestMethod]
    public void Evaluate_ReassignedAfterMissingTheClaim_KeepsTheOldBreachAndRunsTheNewDepartmentsClock()
    {
        var policies = AroundTheClock() with
        {
            Departments = new Dictionary<string, SlaPolicy> { [Logistics] = new() { Targets = Targets(2, 8) } },
        };
        var complaint = new ClockedComplaint(policies, T0).PostCard(AtMinutes(1)).Reassign(Logistics, At(2));

        var status = complaint.StatusAt(At(2) + TimeSpan.FromMinutes(10));

        Assert.HasCount(2, complaint.Clocks);
        Assert.AreEqual(new SlaBreach(SlaTarget.Claim, Billing, At(1), T0, SlaPolicySet.DefaultPolicyName), status.Breaches.Single());
        Assert.AreEqual(Logistics, status.Clock.DepartmentId);
        Assert.AreEqual(At(2), status.Clock.StartedAt);
        Assert.AreEqual(Logistics, status.Terms!.PolicyName);
        Assert.AreEqual(At(4), status.ClaimDueAt);
        Assert.AreEqual(At(10), status.AnswerDueAt);
        Assert.AreEqual(SlaBand.OnTrack, status.Band);

        var later = complaint.StatusAt(At(5));

        Assert.AreEqual(SlaBand.Overdue, later.Band);
        Assert.AreSequenceEqual(
            new[] { (Billing, At(1)), (Logistics, At(4)) },
            later.Breaches.Select(b => (b.DepartmentId, b.At)).ToArray());
    }

    [TestMethod]
    public void Evaluate_ReassignedBeforeAnythingWasDue_NoBreachFromTheOldDepartment()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0).PostCard(AtMinutes(1)).Reassign(Logistics, AtMinutes(30));

        var status = complaint.StatusAt(AtMinutes(40));

        Assert.IsEmpty(status.Breaches);
        Assert.AreEqual(AtMinutes(90), status.ClaimDueAt);
    }

    [TestMethod]
    public void Evaluate_ReassignedAfterTheOldAnswerWasDue_KeepsTheOldAnswerBreach()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(AtMinutes(10)).Reassign(Logistics, At(5));

        var breach = complaint.StatusAt(At(5)).Breaches.Single();

        Assert.AreEqual((SlaTarget.Answer, Billing, At(4)), (breach.Target, breach.DepartmentId, breach.At));
    }

    [TestMethod]
    public void StartNew_PolicyChangedWhileOpen_TheStartedClockKeepsItsTargets()
    {
        var complaint = new ClockedComplaint(AroundTheClock(claimHours: 1, answerHours: 4), T0);

        complaint.Policies = AroundTheClock(claimHours: 3, answerHours: 12);
        complaint.PostCard(AtMinutes(1));
        var status = complaint.StatusAt(At(2));

        Assert.AreEqual(Targets(1, 4), status.Terms!.Targets);
        Assert.AreEqual(At(1), status.ClaimDueAt);
        Assert.AreEqual(SlaBand.Overdue, status.Band);
        var newcomer = new ClockedComplaint(complaint.Policies, At(1)).StatusAt(At(2));
        Assert.AreEqual(At(4), newcomer.ClaimDueAt);
    }

    [TestMethod]
    public void StartNew_ReassignedAfterAPolicyChange_TheNewClockTakesTheCurrentPolicy()
    {
        var complaint = new ClockedComplaint(AroundTheClock(claimHours: 1, answerHours: 4), T0).PostCard(AtMinutes(1));

        complaint.Policies = AroundTheClock(claimHours: 3, answerHours: 12);
        complaint.Reassign(Logistics, AtMinutes(30));

        Assert.AreEqual(Targets(1, 4), complaint.Clocks[0].Terms!.Targets);
        Assert.AreEqual(Targets(3, 12), complaint.Clocks[1].Terms!.Targets);
        Assert.AreEqual(AtMinutes(30 + 180), complaint.StatusAt(At(1)).ClaimDueAt);
    }

    [TestMethod]
    public void StartNew_NothingStartedSinceLastTime_ReturnsTheSameClocks()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(AtMinutes(10));

        var again = SlaClocks.StartNew(complaint.Complaint, complaint.Clocks, AroundTheClock(claimHours: 5, answerHours: 9));

        Assert.HasCount(1, again);
        Assert.AreSame(complaint.Clocks[0], again[0]);
    }

    [TestMethod]
    public void Evaluate_ReopenedAfterClosing_FreshClockWithTheCurrentPolicy()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0)
            .PostAndClaim(AtMinutes(10))
            .Resolve(At(1))
            .Do(c => c.Accept(Cm, At(2)));
        complaint.Policies = AroundTheClock(claimHours: 2, answerHours: 6);
        var reopenedAt = At(24);

        complaint.Do(c => c.Reopen(Ana, "The customer wrote again.", reopenedAt));
        var status = complaint.StatusAt(reopenedAt.AddMinutes(30));

        Assert.HasCount(2, complaint.Clocks);
        Assert.AreEqual(reopenedAt, status.Clock.StartedAt);
        Assert.AreEqual(reopenedAt.AddHours(2), status.ClaimDueAt);
        Assert.AreEqual(reopenedAt.AddHours(6), status.AnswerDueAt);
        Assert.AreEqual(SlaBand.OnTrack, status.Band);
        Assert.IsEmpty(status.Breaches);
    }

    [TestMethod]
    public void Evaluate_NoPolicy_NoClock()
    {
        var status = new ClockedComplaint(SlaPolicySet.None, T0).PostCard(AtMinutes(1)).StatusAt(At(100));

        Assert.AreEqual(SlaBand.NoClock, status.Band);
        Assert.IsNull(status.Terms);
        Assert.IsNull(status.ClaimDueAt);
        Assert.IsNull(status.AnswerDueAt);
        Assert.IsNull(status.AnswerTimeLeft);
        Assert.IsNull(status.NextChangeAt);
        Assert.IsEmpty(status.Breaches);
    }

    [TestMethod]
    public void Evaluate_ReassignedFromNoClockIntoADepartmentWithAPolicy_ClockStartsThere()
    {
        var policies = new SlaPolicySet
        {
            Departments = new Dictionary<string, SlaPolicy> { [Logistics] = new() { Targets = Targets(2, 8) } },
        };
        var complaint = new ClockedComplaint(policies, T0).PostCard(AtMinutes(1)).Reassign(Logistics, At(5));

        var status = complaint.StatusAt(At(5));

        Assert.IsNull(complaint.Clocks[0].Terms);
        Assert.AreEqual(SlaBand.OnTrack, status.Band);
        Assert.AreEqual(At(7), status.ClaimDueAt);
        Assert.IsEmpty(status.Breaches);
    }

    [TestMethod]
    public void Evaluate_ReceivedOnSaturday_ClockStartsAtMondayOpening()
    {
        var received = Local(Madrid, 2026, 3, 7, 12);
        var complaint = new ClockedComplaint(InOfficeHours(claimHours: 1, answerHours: 4), received).PostCard(received.AddMinutes(1));

        var status = complaint.StatusAt(Local(Madrid, 2026, 3, 8, 20));

        Assert.AreEqual(SlaBand.OnTrack, status.Band);
        Assert.AreEqual(Local(Madrid, 2026, 3, 9, 10), status.ClaimDueAt);
        Assert.AreEqual(Local(Madrid, 2026, 3, 9, 13), status.AnswerDueAt);
        Assert.AreEqual(Local(Madrid, 2026, 3, 9, 9, 45), status.NextChangeAt);
    }

    [TestMethod]
    public void Evaluate_PausedOvernightInBusinessHours_ResumesWithWhatWasLeft()
    {
        var received = Local(Madrid, 2026, 3, 2, 9);
        var complaint = new ClockedComplaint(InOfficeHours(claimHours: 1, answerHours: 4), received)
            .PostAndClaim(Local(Madrid, 2026, 3, 2, 9, 10))
            .Resolve(Local(Madrid, 2026, 3, 2, 11))
            .Do(c => c.SendBack(Cm, "Please add the refund date.", Local(Madrid, 2026, 3, 3, 17)));

        var status = complaint.StatusAt(Local(Madrid, 2026, 3, 3, 17));

        Assert.AreEqual(SlaBand.OnTrack, status.Band);
        Assert.AreEqual(TimeSpan.FromHours(2), status.AnswerTimeLeft);
        Assert.AreEqual(Local(Madrid, 2026, 3, 4, 10), status.AnswerDueAt);
        Assert.AreEqual(Local(Madrid, 2026, 3, 3, 18), status.NextChangeAt);
    }

    [TestMethod]
    public void Evaluate_NewYorkOfficeOverTheSpringForwardWeekend_DueInLocalHours()
    {
        var policies = new SlaPolicySet
        {
            Default = new SlaPolicy { Targets = Targets(2, 9), BusinessHours = OfficeHours("America/New_York") },
        };
        var complaint = new ClockedComplaint(policies, Local(NewYork, 2026, 3, 6, 17));

        var status = complaint.StatusAt(Local(NewYork, 2026, 3, 7, 12));

        Assert.AreEqual(Utc(2026, 3, 9, 14), status.ClaimDueAt);
        Assert.AreEqual(Local(NewYork, 2026, 3, 9, 17), status.AnswerDueAt);
    }

    [TestMethod]
    public void Evaluate_DueSoonShareConfigured_MovesTheThreshold()
    {
        var complaint = new ClockedComplaint(AroundTheClock(dueSoonShare: 0.5), T0);

        Assert.AreEqual(AtMinutes(30), complaint.StatusAt(T0).NextChangeAt);
        Assert.AreEqual(SlaBand.DueSoon, complaint.StatusAt(AtMinutes(30)).Band);
    }

    [TestMethod]
    public void Evaluate_ClockNotStartedForAReassignment_ThrowsAskingForStartNew()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0).PostCard(AtMinutes(1));
        var clocksBefore = complaint.Clocks;
        MustSucceed(complaint.Complaint.Reassign(Ana, Logistics, "Not ours.", AtMinutes(30)));

        var thrown = Assert.ThrowsExactly<ArgumentException>(
            () => SlaClocks.Evaluate(complaint.Complaint, clocksBefore, At(1), FindZone));

        Assert.Contains("StartNew", thrown.Message);
    }

    [TestMethod]
    public void Evaluate_ClockOfAnotherDepartment_Throws()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), T0);
        SlaClock[] wrong = [new() { DepartmentId = Logistics, StartedAt = T0 }];

        Assert.ThrowsExactly<ArgumentException>(() => SlaClocks.Evaluate(complaint.Complaint, wrong, At(1), FindZone));
        Assert.ThrowsExactly<ArgumentException>(() => SlaClocks.StartNew(complaint.Complaint, wrong, AroundTheClock()));
    }

    [TestMethod]
    public void Evaluate_StoredTimeZoneUnknown_Throws()
    {
        var complaint = new ClockedComplaint(InOfficeHours(), T0);

        Assert.ThrowsExactly<InvalidOperationException>(() => SlaClocks.Evaluate(complaint.Complaint, complaint.Clocks, At(1), _ => null));
    }

    [TestMethod]
    public void Evaluate_ClocksStoredAsJson_SameStatus()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter() },
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        var policies = InOfficeHours() with
        {
            Default = InOfficeHours().Default! with { BusinessHours = OfficeHours("Europe/Madrid", new DateOnly(2026, 3, 3)) },
        };
        var complaint = new ClockedComplaint(policies, T0).PostCard(AtMinutes(1)).Reassign(Logistics, At(2));

        var json = JsonSerializer.Serialize(complaint.Clocks, options);
        var restored = JsonSerializer.Deserialize<List<SlaClock>>(json, options)!;
        var now = At(30);
        var original = complaint.StatusAt(now);
        var fromJson = SlaClocks.Evaluate(complaint.Complaint.History, restored, now, FindZone);

        Assert.Contains("\"2026-03-03\"", json);
        Assert.Contains("\"BusinessHours\"", json);
        Assert.AreEqual(original.Band, fromJson.Band);
        Assert.AreEqual(original.ClaimDueAt, fromJson.ClaimDueAt);
        Assert.AreEqual(original.AnswerDueAt, fromJson.AnswerDueAt);
        Assert.AreEqual(original.NextChangeAt, fromJson.NextChangeAt);
        Assert.AreSequenceEqual(original.Breaches.ToArray(), fromJson.Breaches.ToArray());
    }

    /// <summary>Wakes up at each NextChangeAt the way the host's scheduler does, recording the band found there.</summary>
    private static IEnumerable<(DateTimeOffset, SlaBand)> FollowChanges(ClockedComplaint complaint, DateTimeOffset from)
    {
        var next = complaint.StatusAt(from).NextChangeAt;
        for (var wakeUps = 0; next is { } at && wakeUps < 10; wakeUps++)
        {
            var status = complaint.StatusAt(at);
            yield return (at, status.Band);
            next = status.NextChangeAt;
        }
    }
}
