using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.UnitTests.Storage;

/// <summary>How the outbox worker splits a lease into lanes and coalesces card updates.</summary>
[TestClass]
public sealed class OutboxLanePlanTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Of_RelayBesideThreadWork_OwnLaneSoNotHeldBehindTheThread()
    {
        var leases = Leases(("c1", "thread-reply", "{}"), ("c1", "relay", "{}"), ("c1", "thread-reply", "{}"), ("c2", "post-card", "{}"));

        var plan = OutboxLanePlan.Of(leases, kind => kind == "relay" ? "relay" : null, _ => false);

        Assert.HasCount(3, plan);
        var thread = plan.Single(p => p.Key == new OutboxLaneKey("c1", null));
        CollectionAssert.AreEqual(new[] { leases[0], leases[2] }, thread.Items.ToList(), "in the order written");
        Assert.AreEqual(leases[1], plan.Single(p => p.Key == new OutboxLaneKey("c1", "relay")).Items.Single());
    }

    [TestMethod]
    public void Of_SeveralUpdatesOfOneCard_OnlyTheLastKeptPerPayload()
    {
        var leases = Leases(
            ("c1", "update-card", "{}"), ("c1", "thread-reply", "{}"), ("c1", "update-card", """{"departmentId":"care"}"""),
            ("c1", "update-card", "{}"), ("c1", "update-card", "{}"));

        var lane = OutboxLanePlan.Of(leases, _ => null, kind => kind == "update-card").Single();

        CollectionAssert.AreEqual(new[] { leases[1], leases[2], leases[4] }, lane.Items.ToList());
        CollectionAssert.AreEqual(new[] { leases[0], leases[3] }, lane.Superseded.Select(s => s.Superseded).ToList());
        Assert.IsTrue(lane.Superseded.All(s => s.Latest == leases[4]));
    }

    [TestMethod]
    public void HeldLanes_UntilPassed_NoLongerHeld()
    {
        var held = new OutboxHeldLanes();
        var lane = new OutboxLaneKey("c1", null);
        held.Hold(lane, At.AddSeconds(5));
        held.Hold(lane, At.AddSeconds(2));

        Assert.AreEqual(At.AddSeconds(5), held.Until(lane, At), "the later wait wins");
        Assert.IsNull(held.Until(new OutboxLaneKey("c1", "relay"), At));
        held.Forget(At.AddSeconds(5));
        Assert.IsNull(held.Until(lane, At));
    }

    private static List<OutboxLease> Leases(params (string Complaint, string Kind, string Payload)[] items) =>
        [.. items.Select((x, i) => new OutboxLease(new OutboxItem($"{i:D4}", x.Kind, x.Complaint, x.Payload, At), "t", At.AddMinutes(1)))];
}
