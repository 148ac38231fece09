using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;
using static TeamsEscalationBot.UnitTests.Sla.SlaFixture;

namespace TeamsEscalationBot.UnitTests.Sla;

/// <summary>When each escalation level falls due, and that each is recorded once per clock (docs/sla.md).</summary>
[TestClass]
public sealed class SlaEscalationsTests
{
    private static readonly EscalationPolicy Defaults = EscalationPolicy.Default;

    [TestMethod]
    public void Levels_CalendarHoursUnclaimed_ReminderBreachAndSecondLevelOfBothCountingTargets()
    {
        var complaint = new ClockedComplaint(AroundTheClock(claimHours: 1, answerHours: 4), Start).PostCard(Start);

        var levels = Levels(complaint, Start.AddMinutes(1));

        CollectionAssert.AreEqual(
            new[]
            {
                (SlaTarget.Claim, EscalationLevel.Reminder, Start.AddMinutes(45)),
                (SlaTarget.Claim, EscalationLevel.Breach, Start.AddHours(1)),
                (SlaTarget.Claim, EscalationLevel.SecondLevel, Start.AddHours(2)),
                (SlaTarget.Answer, EscalationLevel.Reminder, Start.AddHours(3)),
                (SlaTarget.Answer, EscalationLevel.Breach, Start.AddHours(4)),
                (SlaTarget.Answer, EscalationLevel.SecondLevel, Start.AddHours(8)),
            },
            levels.Select(l => (l.Target, l.Level, l.At)).ToArray());
        Assert.IsTrue(levels.All(l => !l.Recorded && !l.Superseded));
    }

    [TestMethod]
    public void Levels_ConfiguredShares_ReminderAtHalfSecondLevelAtThreeTimes()
    {
        var complaint = new ClockedComplaint(AroundTheClock(claimHours: 1, answerHours: 4), Start).PostCard(Start);
        var policy = new EscalationPolicy { ReminderShare = 0.5, SecondLevelFactor = 3 };

        var claim = SlaEscalations.Levels(complaint.Complaint.History, complaint.Clocks, Start, policy, FindZone)
            .Where(l => l.Target == SlaTarget.Claim).Select(l => l.At).ToArray();

        CollectionAssert.AreEqual(new[] { Start.AddMinutes(30), Start.AddHours(1), Start.AddHours(3) }, claim);
    }

    [TestMethod]
    public void Levels_BusinessHoursReceivedLateFriday_LevelsOutsideOpeningHoursFallOnMondayMorning()
    {
        // Madrid, Mon-Fri 09:00-18:00; received Friday 17:30: 30 minutes are left that day.
        var friday = Local(Madrid, 2026, 3, 6, 17, 30);
        var complaint = new ClockedComplaint(InOfficeHours(claimHours: 1, answerHours: 4), friday).PostCard(friday);

        var claim = Levels(complaint, friday).Where(l => l.Target == SlaTarget.Claim).Select(l => l.At).ToArray();

        CollectionAssert.AreEqual(
            new[] { Local(Madrid, 2026, 3, 9, 9, 15), Local(Madrid, 2026, 3, 9, 9, 30), Local(Madrid, 2026, 3, 9, 10, 30) },
            claim,
            "45 min, 1 h and 2 h of open time: 30 minutes on Friday, the rest from Monday 09:00");
    }

    [TestMethod]
    public void Levels_BusinessHoursSecondLevelOverAWeekendAndAHoliday_CountsOnlyOpenTime()
    {
        // Thursday 16:00, answer within 8 h of office hours; Friday is a holiday: 2 h Thursday, then Monday.
        var thursday = Local(Madrid, 2026, 3, 5, 16, 0);
        var policies = new SlaPolicySet
        {
            Default = new SlaPolicy { Targets = Targets(1, 8), BusinessHours = OfficeHours("Europe/Madrid", new DateOnly(2026, 3, 6)) },
        };
        var complaint = new ClockedComplaint(policies, thursday).PostCard(thursday).Claim(thursday.AddMinutes(5));

        var answer = Levels(complaint, thursday.AddMinutes(5)).Select(l => (l.Target, l.Level, l.At)).ToArray();

        CollectionAssert.AreEqual(
            new[]
            {
                (SlaTarget.Answer, EscalationLevel.Reminder, Local(Madrid, 2026, 3, 9, 13, 0)),
                (SlaTarget.Answer, EscalationLevel.Breach, Local(Madrid, 2026, 3, 9, 15, 0)),
                (SlaTarget.Answer, EscalationLevel.SecondLevel, Local(Madrid, 2026, 3, 10, 14, 0)),
            },
            answer,
            "once claimed only the answer counts: 6 h, 8 h and 16 h of open time from Thursday 16:00");
    }

    [TestMethod]
    public void Levels_AnsweredWaitingOnTheCommunityManager_NoLevel()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), Start).PostAndClaim(Start.AddMinutes(10)).Resolve(Start.AddMinutes(20));

        Assert.IsEmpty(Levels(complaint, Start.AddHours(10)));
        Assert.IsNull(SlaEscalations.NextDueAt(complaint.Complaint, complaint.Clocks, Start.AddHours(10), Defaults, FindZone));
    }

    [TestMethod]
    public void Levels_SentBackAfterAPause_AnswerLevelsMovedByThePause()
    {
        var complaint = new ClockedComplaint(AroundTheClock(claimHours: 1, answerHours: 4), Start)
            .PostAndClaim(Start.AddMinutes(10))
            .Resolve(Start.AddHours(1))
            .Do(c => c.SendBack(Cm, "Please add the refund date.", Start.AddHours(3)));

        var answer = Levels(complaint, Start.AddHours(3)).Select(l => l.At).ToArray();

        CollectionAssert.AreEqual(new[] { Start.AddHours(5), Start.AddHours(6), Start.AddHours(10) }, answer, "paused two hours");
    }

    [TestMethod]
    public void Levels_Closed_NoLevel()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), Start).PostAndClaim(Start.AddMinutes(10)).Resolve(Start.AddMinutes(20))
            .Do(c => c.Accept(Cm, Start.AddMinutes(30)));

        Assert.IsEmpty(Levels(complaint, Start.AddHours(10)));
    }

    [TestMethod]
    public void Levels_NoPolicy_NoLevel()
    {
        var complaint = new ClockedComplaint(new SlaPolicySet(), Start).PostCard(Start);

        Assert.IsEmpty(Levels(complaint, Start.AddHours(10)));
    }

    [TestMethod]
    public void Levels_Reassigned_TheNewDepartmentsClockCountsAndTheOldBreachStaysInTheHistory()
    {
        var complaint = new ClockedComplaint(AroundTheClock(claimHours: 1, answerHours: 4), Start).PostCard(Start);
        complaint.Do(c => c.RecordEscalation(new EscalationStep(SlaTarget.Claim, EscalationLevel.Breach, Start.AddHours(1), ["aad-lead"]), null, Start.AddHours(1)));
        var moved = Start.AddMinutes(90);
        complaint.Reassign(Logistics, moved).PostCard(moved);

        var levels = Levels(complaint, moved);

        var breach = levels.Single(l => l.Target == SlaTarget.Claim && l.Level == EscalationLevel.Breach);
        Assert.AreEqual(moved.AddHours(1), breach.At);
        Assert.IsFalse(breach.Recorded, "the new clock's breach is its own step");
        Assert.AreEqual(1, complaint.Complaint.History.Count(e => e.Kind == ComplaintEventKind.Escalated), "the old breach stays in the history");
        Assert.AreEqual(Start.AddHours(1), complaint.StatusAt(moved).Breaches.Single().At);
    }

    [TestMethod]
    public void Due_RecordedStepsLeftOutAndNextDueIsTheNextUnrecordedLevel()
    {
        var complaint = new ClockedComplaint(AroundTheClock(claimHours: 1, answerHours: 4), Start).PostCard(Start);
        var now = Start.AddMinutes(50);
        complaint.Do(c => c.RecordEscalation(new EscalationStep(SlaTarget.Claim, EscalationLevel.Reminder, Start.AddHours(1), [EscalationStep.Channel]), null, now));

        Assert.IsEmpty(SlaEscalations.Due(complaint.Complaint, complaint.Clocks, now, Defaults, FindZone));
        Assert.AreEqual(Start.AddHours(1), SlaEscalations.NextDueAt(complaint.Complaint, complaint.Clocks, now, Defaults, FindZone));
    }

    [TestMethod]
    public void Due_ReminderAndBreachDueTogether_ReminderSuperseded()
    {
        var complaint = new ClockedComplaint(AroundTheClock(claimHours: 1, answerHours: 4), Start).PostCard(Start);

        var due = SlaEscalations.Due(complaint.Complaint, complaint.Clocks, Start.AddMinutes(70), Defaults, FindZone);

        CollectionAssert.AreEqual(
            new[] { (EscalationLevel.Reminder, true), (EscalationLevel.Breach, false) },
            due.Select(d => (d.Level, d.Superseded)).ToArray());
        Assert.AreEqual(Start.AddMinutes(45), SlaEscalations.NextDueAt(complaint.Complaint, complaint.Clocks, Start.AddMinutes(70), Defaults, FindZone), "due already: now");
    }

    [TestMethod]
    public void RecordEscalation_SameTargetAndLevelTwiceInOneClock_RefusedTheSecondTime()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), Start).PostCard(Start).Complaint;
        var step = new EscalationStep(SlaTarget.Claim, EscalationLevel.Breach, Start.AddHours(1), ["aad-lead"]);

        var first = MustSucceed(complaint.RecordEscalation(step, null, Start.AddHours(1)));
        var again = complaint.RecordEscalation(step, null, Start.AddHours(1));

        Assert.AreEqual(ComplaintEventKind.Escalated, first.Kind);
        Assert.AreEqual(complaint.State, first.ToState, "no state change");
        Assert.AreEqual((step.Target, step.Level, step.DueAt), (first.Escalation!.Target, first.Escalation.Level, first.Escalation.DueAt));
        CollectionAssert.AreEqual(step.Told.ToArray(), first.Escalation.Told.ToArray());
        Assert.AreEqual(RefusalCode.IllegalTransition, MustRefuse(again).Code);
    }

    [TestMethod]
    public void RecordEscalation_SkippedStep_RecordsNobodyAndTheReason()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), Start).PostCard(Start).Complaint;

        var entry = MustSucceed(complaint.RecordEscalation(new EscalationStep(SlaTarget.Claim, EscalationLevel.SecondLevel, Start.AddHours(1), []), "No executives configured.", Start.AddHours(2)));

        Assert.IsEmpty(entry.Escalation!.Told);
        Assert.AreEqual("No executives configured.", entry.Note);
    }

    [TestMethod]
    public void RecordEscalationNotDelivered_SamePersonTwice_RecordedOnce()
    {
        var complaint = new ClockedComplaint(AroundTheClock(), Start).PostCard(Start).Complaint;
        MustSucceed(complaint.RecordEscalation(new EscalationStep(SlaTarget.Claim, EscalationLevel.Breach, Start.AddHours(1), ["aad-lead", "aad-other"]), null, Start.AddHours(1)));
        var step = complaint.Version;

        var first = MustSucceed(complaint.RecordEscalationNotDelivered(step, "aad-lead", "Teams refused with 403.", Start.AddHours(1)));
        var again = complaint.RecordEscalationNotDelivered(step, "aad-lead", "Teams refused with 403.", Start.AddHours(1));
        var other = complaint.RecordEscalationNotDelivered(step, "aad-other", "Teams refused with 404.", Start.AddHours(1));
        var notAStep = complaint.RecordEscalationNotDelivered(1, "aad-lead", "x", Start.AddHours(1));

        CollectionAssert.AreEqual(new[] { "aad-lead" }, first.Escalation!.Told.ToArray());
        Assert.AreEqual(RefusalCode.IllegalTransition, MustRefuse(again).Code);
        Assert.IsTrue(other.Succeeded);
        Assert.AreEqual(RefusalCode.IllegalTransition, MustRefuse(notAStep).Code);
    }

    [TestMethod]
    [DataRow(0.0, 2.0)]
    [DataRow(1.0, 2.0)]
    [DataRow(0.75, 1.0)]
    [DataRow(0.75, 0.5)]
    public void Validate_OutOfRange_NamesTheKey(double reminderShare, double secondLevelFactor)
    {
        var problems = new EscalationPolicy { ReminderShare = reminderShare, SecondLevelFactor = secondLevelFactor }.Validate();

        var problem = Assert.ContainsSingle(problems);
        StringAssert.StartsWith(problem, reminderShare is > 0 and < 1 ? "Sla:Escalation:SecondLevelFactor" : "Sla:Escalation:ReminderShare");
    }

    [TestMethod]
    public void Validate_Defaults_Valid() => Assert.IsEmpty(EscalationPolicy.Default.Validate());

    private static IReadOnlyList<EscalationDue> Levels(ClockedComplaint complaint, DateTimeOffset now) =>
        SlaEscalations.Levels(complaint.Complaint.History, complaint.Clocks, now, Defaults, FindZone);
}
