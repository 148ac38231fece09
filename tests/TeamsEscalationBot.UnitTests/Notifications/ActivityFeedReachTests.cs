using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.Features.Notifications;

namespace TeamsEscalationBot.UnitTests.Notifications;

/// <summary>A person Graph refused is noted once and skipped for the configured period, then tried again.</summary>
[TestClass]
public sealed class ActivityFeedReachTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private ActivityFeedReach Reach(TimeSpan? period = null) =>
        new(Options.Create(new ActivityFeedOptions { UnreachableFor = period ?? TimeSpan.FromHours(1) }), _time);

    [TestMethod]
    public void Note_FirstTimeOnly_ThenUnreachableUntilThePeriodEnds()
    {
        var reach = Reach();
        Assert.IsNull(reach.Unreachable("user-1"));

        Assert.IsTrue(reach.Note("user-1", UnreachableReason.Forbidden), "the first refusal is news");
        Assert.IsFalse(reach.Note("USER-1", UnreachableReason.Forbidden), "the same refusal again is not (ids ignore case)");
        Assert.AreEqual(UnreachableReason.Forbidden, reach.Unreachable("user-1"));
        Assert.IsNull(reach.Unreachable("user-2"));

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.AreEqual(UnreachableReason.Forbidden, reach.Unreachable("user-1"));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.IsNull(reach.Unreachable("user-1"), "tried again after the period");
        Assert.IsTrue(reach.Note("user-1", UnreachableReason.Forbidden), "a refusal after the period is noted (and logged) again");
    }

    [TestMethod]
    public void Note_AnotherReason_IsNews()
    {
        var reach = Reach();
        reach.Note("user-1", UnreachableReason.Forbidden);

        Assert.IsTrue(reach.Note("user-1", UnreachableReason.NotFound));
        Assert.AreEqual(UnreachableReason.NotFound, reach.Unreachable("user-1"));
    }

    [TestMethod]
    public void Note_ManyExpired_Swept()
    {
        var reach = Reach(TimeSpan.FromMinutes(1));
        for (var i = 0; i < ActivityFeedReach.SweepAbove; i++)
        {
            reach.Note("user-" + i, UnreachableReason.NotFound);
        }

        _time.Advance(TimeSpan.FromMinutes(2));
        reach.Note("one-more", UnreachableReason.NotFound);

        Assert.AreEqual(1, reach.Count);
    }

    [TestMethod]
    public void Validate_PeriodAndLanguage_CheckedOnStart()
    {
        var validator = new ActivityFeedOptionsValidator();

        Assert.IsTrue(validator.Validate(null, new ActivityFeedOptions()).Succeeded);
        Assert.IsTrue(validator.Validate(null, new ActivityFeedOptions { Enabled = false, Language = "es", UnreachableFor = TimeSpan.FromDays(7) }).Succeeded);
        var bad = validator.Validate(null, new ActivityFeedOptions { UnreachableFor = TimeSpan.FromSeconds(5), Language = "fr" });
        Assert.IsTrue(bad.Failed);
        StringAssert.Contains(bad.FailureMessage, "Notifications:ActivityFeed:UnreachableFor");
        StringAssert.Contains(bad.FailureMessage, "Notifications:ActivityFeed:Language");
    }
}
