using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.UnitTests.Harness;

/// <summary>The Teams-like fake connector's limits, random failures and delivery ledger, on a fake clock.</summary>
[TestClass]
public sealed class TeamsThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    [TestMethod]
    public void Admit_EighthRequestWithinOneSecond_RefusedWithRetryAfterUntilTheWindowHasRoom()
    {
        var throttle = new TeamsThrottle(new TeamsLimits { Time = _time, AppRequestsPerSecond = 0 });

        var first = Enumerable.Range(0, 7).Select(_ => throttle.Admit("19:a@thread.tacv2")).ToList();
        _time.Advance(TimeSpan.FromMilliseconds(400));
        var eighth = throttle.Admit("19:a@thread.tacv2");

        Assert.IsTrue(first.All(a => a.Accepted));
        Assert.AreEqual(TeamsRefusal.ThreadLimit, eighth.Refusal);
        Assert.AreEqual(TimeSpan.FromMilliseconds(600), eighth.RetryAfter, "the first request leaves the 1 s window 600 ms later");
        Assert.AreEqual(1, throttle.ThreadLimitRefusals);
        Assert.AreEqual(7, throttle.Accepted);
    }

    [TestMethod]
    public void Admit_EightPerTwoSeconds_NinthInsideTwoSecondsRefused()
    {
        var throttle = new TeamsThrottle(new TeamsLimits { Time = _time, AppRequestsPerSecond = 0 });
        for (var i = 0; i < 7; i++)
        {
            Assert.IsTrue(throttle.Admit("t").Accepted);
        }

        _time.Advance(TimeSpan.FromSeconds(1.2));
        var eighth = throttle.Admit("t");
        var ninth = throttle.Admit("t");

        Assert.IsTrue(eighth.Accepted, "the 1 s window has room again");
        Assert.AreEqual(TeamsRefusal.ThreadLimit, ninth.Refusal, "8 per 2 s");
        Assert.AreEqual(TimeSpan.FromSeconds(0.8), ninth.RetryAfter);
    }

    [TestMethod]
    public void Admit_SixtyOneInThirtySeconds_RefusedUntilTheFirstLeaves()
    {
        var throttle = new TeamsThrottle(new TeamsLimits { Time = _time, AppRequestsPerSecond = 0 });
        var start = _time.GetUtcNow();
        for (var i = 0; i < 60; i++)
        {
            Assert.IsTrue(throttle.Admit("t").Accepted, $"request {i + 1} is within every window");
            _time.Advance(TimeSpan.FromMilliseconds(300));
        }

        var refused = throttle.Admit("t");

        Assert.AreEqual(TeamsRefusal.ThreadLimit, refused.Refusal);
        Assert.AreEqual(start + TimeSpan.FromSeconds(30) - _time.GetUtcNow(), refused.RetryAfter);
        _time.Advance(refused.RetryAfter);
        Assert.IsTrue(throttle.Admit("t").Accepted);
    }

    [TestMethod]
    public void Admit_OtherThread_NotHeldBackByAFullOne()
    {
        var throttle = new TeamsThrottle(new TeamsLimits { Time = _time, AppRequestsPerSecond = 0 });
        for (var i = 0; i < 7; i++)
        {
            throttle.Admit("19:a@thread.tacv2");
        }

        Assert.IsFalse(throttle.Admit("19:a@thread.tacv2").Accepted);
        Assert.IsTrue(throttle.Admit("19:b@thread.tacv2").Accepted);
        Assert.AreEqual(1, throttle.ThreadRefusalsByThread["19:a@thread.tacv2"]);
    }

    [TestMethod]
    public void Admit_AppBudget_RefusedBeyondTheBudgetAcrossThreads()
    {
        var throttle = new TeamsThrottle(new TeamsLimits { Time = _time, AppRequestsPerSecond = 10 });

        var answers = Enumerable.Range(0, 12).Select(i => throttle.Admit($"thread-{i}")).ToList();

        Assert.AreEqual(10, answers.Count(a => a.Accepted));
        Assert.IsTrue(answers.Skip(10).All(a => a.Refusal == TeamsRefusal.AppBudget));
        Assert.AreEqual(2, throttle.AppBudgetRefusals);
        Assert.AreEqual(0, throttle.ThreadLimitRefusals);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.IsTrue(throttle.Admit("thread-x").Accepted);
    }

    [TestMethod]
    [DataRow(TeamsThreadScope.Channel, "19:a@thread.tacv2")]
    [DataRow(TeamsThreadScope.Thread, "19:a@thread.tacv2;messageid=1")]
    public void ThreadKey_Scope_ChannelThreadsCountTogetherOrApart(TeamsThreadScope scope, string expected)
    {
        var throttle = new TeamsThrottle(new TeamsLimits { ThreadScope = scope });

        Assert.AreEqual(expected, throttle.ThreadKey("19:a@thread.tacv2;messageid=1", null));
        Assert.AreEqual("19:a@thread.tacv2", throttle.ThreadKey(null, "19:a@thread.tacv2"), "a new thread counts against its channel");
        Assert.AreEqual("create-conversation", throttle.ThreadKey(null, null));
    }

    [TestMethod]
    public void NextRandomFault_SameSeed_SameScheduleAndAboutTheShare()
    {
        var limits = new TeamsLimits { FaultShare = 0.2, FaultSeed = 42, FaultMix = (1, 1, 1) };
        var a = new TeamsThrottle(limits);
        var b = new TeamsThrottle(limits);
        var other = new TeamsThrottle(limits with { FaultSeed = 43 });

        var first = Enumerable.Range(0, 2000).Select(_ => a.NextRandomFault()).ToList();
        var second = Enumerable.Range(0, 2000).Select(_ => b.NextRandomFault()).ToList();
        var third = Enumerable.Range(0, 2000).Select(_ => other.NextRandomFault()).ToList();

        CollectionAssert.AreEqual(first, second);
        CollectionAssert.AreNotEqual(first, third);
        var faults = first.Count(f => f != TeamsRandomFault.None);
        Assert.IsTrue(faults is > 320 and < 480, $"{faults} faults of 2000 at a 20 % share");
        Assert.AreEqual(faults, a.RandomFaults);
        Assert.IsTrue(new[] { TeamsRandomFault.TooManyRequests, TeamsRandomFault.Unavailable, TeamsRandomFault.Timeout }.All(first.Contains));
        Assert.AreEqual(0, a.ThreadLimitRefusals, "injected failures are not limit violations");
    }

    [TestMethod]
    public void Ledger_CardPostedTwiceAndOneMissing_CountsOneDuplicateAndOneLoss()
    {
        var ledger = new DeliveryLedger();
        ledger.Add(Card("c1", "1"));
        ledger.Add(Card("c1", "2"));
        ledger.Add(Card("c2", "3"));
        ledger.Add(new DeliveredActivity(DeliveryKind.Post, "19:a;messageid=1", "4", null, null, """{"text":"Claimed"}""", DateTimeOffset.UtcNow));

        Assert.AreEqual(1, ledger.Duplicates());
        CollectionAssert.AreEqual(new[] { "c3" }, ledger.Lost(["c1", "c2", "c3"]).ToArray());
        Assert.AreEqual(2, ledger.CardsPostedByComplaint()["c1"]);
    }

    [TestMethod]
    public void FindComplaintId_CardActionData_Found()
    {
        var activity = JsonNode.Parse("""{"attachments":[{"content":{"actions":[{"type":"Action.Execute","data":{"complaintId":"C01","version":1}}]}}]}""");

        Assert.AreEqual("C01", DeliveryLedger.FindComplaintId(activity));
        Assert.IsNull(DeliveryLedger.FindComplaintId(JsonNode.Parse("""{"text":"hello"}""")));
    }

    private static DeliveredActivity Card(string complaintId, string activityId) =>
        new(DeliveryKind.NewConversation, "19:a;messageid=" + activityId, activityId, null, complaintId,
            """{"attachments":[{"contentType":"application/vnd.microsoft.card.adaptive"}]}""", DateTimeOffset.UtcNow);
}
