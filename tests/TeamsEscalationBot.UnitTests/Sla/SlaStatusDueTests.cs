using TeamsEscalationBot.Domain.Sla;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;
using static TeamsEscalationBot.UnitTests.Sla.SlaFixture;

namespace TeamsEscalationBot.UnitTests.Sla;

/// <summary><see cref="SlaStatus.DueTarget"/>, <see cref="SlaStatus.DueSoonAt"/> and <see cref="SlaStatus.DueAt"/>: the target the band follows.</summary>
[TestClass]
public sealed class SlaStatusDueTests
{
    // Monday 2 March 2026; calendar hours: claim within 1 h, answer within 4 h, due soon at 75%.
    private static readonly DateTimeOffset T0 = Utc(2026, 3, 2, 9);

    private static DateTimeOffset At(double hours) => T0.AddHours(hours);

    [TestMethod]
    public void Evaluate_Unclaimed_FollowsTheClaimTarget()
    {
        var status = new ClockedComplaint(AroundTheClock(), T0).PostCard(At(0.1)).StatusAt(At(0.2));

        Assert.AreEqual(SlaTarget.Claim, status.DueTarget);
        Assert.AreEqual(At(0.75), status.DueSoonAt);
        Assert.AreEqual(At(1), status.DueAt);
    }

    [TestMethod]
    public void Evaluate_UnclaimedPastDue_DueAtIsWhenItTurnedOverdue()
    {
        var status = new ClockedComplaint(AroundTheClock(), T0).PostCard(At(0.1)).StatusAt(At(3));

        Assert.AreEqual(SlaBand.Overdue, status.Band);
        Assert.AreEqual(SlaTarget.Claim, status.DueTarget);
        Assert.AreEqual(At(1), status.DueAt);
    }

    [TestMethod]
    public void Evaluate_ClaimedLate_FollowsTheAnswerTarget()
    {
        var status = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(At(2)).StatusAt(At(2));

        Assert.AreEqual(SlaBand.OnTrack, status.Band);
        Assert.AreEqual(SlaTarget.Answer, status.DueTarget);
        Assert.AreEqual(At(3), status.DueSoonAt);
        Assert.AreEqual(At(4), status.DueAt);
    }

    [TestMethod]
    public void Evaluate_PausedClosedOrNoClock_NoDueInstant()
    {
        var paused = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(At(0.5)).Resolve(At(1)).StatusAt(At(2));
        var closed = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(At(0.5)).Resolve(At(1))
            .Do(c => c.Accept(Cm, At(1.5))).StatusAt(At(2));
        var none = new ClockedComplaint(SlaPolicySet.None, T0).StatusAt(At(2));

        foreach (var status in new[] { paused, closed, none })
        {
            Assert.IsNull(status.DueTarget);
            Assert.IsNull(status.DueSoonAt);
            Assert.IsNull(status.DueAt);
        }

        Assert.AreEqual(SlaBand.Paused, paused.Band);
        Assert.AreEqual(SlaBand.Met, closed.Band);
        Assert.AreEqual(SlaBand.NoClock, none.Band);
    }
}
