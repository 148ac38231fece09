using TeamsEscalationBot.Domain.Reports;
using static TeamsEscalationBot.UnitTests.Reports.ReportFixture;

namespace TeamsEscalationBot.UnitTests.Reports;

[TestClass]
public sealed class ReportCalendarTests
{
    private static DateTimeOffset Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Yesterday_MadridOrdinaryDay_LocalMidnightToLocalMidnight()
    {
        var periods = ReportCalendar.Yesterday(Utc(3, 10, 8), Madrid);

        Assert.AreEqual(new ReportPeriod(Utc(3, 8, 23), Utc(3, 9, 23)), periods.Current);
        Assert.AreEqual(new ReportPeriod(Utc(3, 7, 23), Utc(3, 8, 23)), periods.Previous);
    }

    [TestMethod]
    public void Yesterday_MadridSpringForward_23HourDay()
    {
        var periods = ReportCalendar.Yesterday(Utc(3, 30, 6), Madrid);

        Assert.AreEqual(new ReportPeriod(Utc(3, 28, 23), Utc(3, 29, 22)), periods.Current);
        Assert.AreEqual(TimeSpan.FromHours(23), periods.Current.Length);
        Assert.AreEqual(TimeSpan.FromHours(24), periods.Previous.Length);
    }

    [TestMethod]
    public void Yesterday_MadridFallBack_25HourDay()
    {
        var periods = ReportCalendar.Yesterday(Utc(10, 26, 6), Madrid);

        Assert.AreEqual(new ReportPeriod(Utc(10, 24, 22), Utc(10, 25, 23)), periods.Current);
        Assert.AreEqual(TimeSpan.FromHours(25), periods.Current.Length);
    }

    [TestMethod]
    public void Yesterday_NewYorkEveningAfterUtcMidnight_UsesTheLocalDate()
    {
        // 02:00 UTC on 11 March is 22:00 on 10 March in New York (EDT since 8 March).
        var periods = ReportCalendar.Yesterday(Utc(3, 11, 2), NewYork);

        Assert.AreEqual(new ReportPeriod(Utc(3, 9, 4), Utc(3, 10, 4)), periods.Current);
    }

    [TestMethod]
    public void LastWeek_NewYorkMondayWeeksAcrossSpringForward_167Hours()
    {
        // Thursday 12 March: this week started on Monday 9 March; the last week holds Sunday 8 March, when the clocks changed.
        var periods = ReportCalendar.LastWeek(Utc(3, 12, 15), NewYork, DayOfWeek.Monday);

        Assert.AreEqual(new ReportPeriod(Utc(3, 2, 5), Utc(3, 9, 4)), periods.Current);
        Assert.AreEqual(TimeSpan.FromHours(167), periods.Current.Length);
        Assert.AreEqual(new ReportPeriod(Utc(2, 23, 5), Utc(3, 2, 5)), periods.Previous);
    }

    [TestMethod]
    public void LastWeek_MadridSundayWeeksOnTheFirstDay_TheWeekBefore()
    {
        // Sunday 15 March, weeks starting on Sunday: this week starts today, so the last week is 8–14 March.
        var periods = ReportCalendar.LastWeek(Utc(3, 15, 10), Madrid, DayOfWeek.Sunday);

        Assert.AreEqual(new ReportPeriod(Utc(3, 7, 23), Utc(3, 14, 23)), periods.Current);
        Assert.AreEqual(new ReportPeriod(Utc(2, 28, 23), Utc(3, 7, 23)), periods.Previous);
    }

    [TestMethod]
    public void LastWeek_NewYorkMondayJustBeforeLocalMidnight_StillTheSameWeek()
    {
        // 03:59 UTC on Tuesday 17 March is 23:59 on Monday 16 March in New York.
        var periods = ReportCalendar.LastWeek(new DateTimeOffset(2026, 3, 17, 3, 59, 0, TimeSpan.Zero), NewYork, DayOfWeek.Monday);

        Assert.AreEqual(new ReportPeriod(Utc(3, 9, 4), Utc(3, 16, 4)), periods.Current);
    }

    [TestMethod]
    public void StartOfDay_MidnightSkipped_StartsWhenTheClocksJump()
    {
        // Clocks jump from 00:00 to 01:00 (-04:00 to -03:00) on the first Sunday of September: 6 September 2026.
        var start = ReportCalendar.StartOfDay(new DateOnly(2026, 9, 6), MidnightChangeZone());

        Assert.AreEqual(Utc(9, 6, 4), start);
    }

    [TestMethod]
    public void StartOfDay_MidnightTwice_StartsAtTheFirst()
    {
        // Clocks go back from 01:00 to 00:00 (-03:00 to -04:00) on the first Sunday of April: 5 April 2026.
        var zone = MidnightChangeZone();

        var start = ReportCalendar.StartOfDay(new DateOnly(2026, 4, 5), zone);

        Assert.AreEqual(Utc(4, 5, 3), start);
        Assert.AreEqual(TimeSpan.FromHours(25), ReportCalendar.Days(new DateOnly(2026, 4, 5), 1, zone).Length);
    }

    [TestMethod]
    public void ReportPeriod_EndNotAfterStart_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new ReportPeriod(Utc(3, 10, 0), Utc(3, 10, 0)));
    }

    [TestMethod]
    public void ReportPeriod_Preceding_SameLengthEndingAtTheStart()
    {
        var period = new ReportPeriod(Utc(3, 10, 0), Utc(3, 10, 6));

        Assert.AreEqual(new ReportPeriod(Utc(3, 9, 18), Utc(3, 10, 0)), period.Preceding());
        Assert.IsTrue(period.Contains(Utc(3, 10, 0)));
        Assert.IsFalse(period.Contains(Utc(3, 10, 6)));
    }

    /// <summary>A southern-hemisphere zone whose clocks change at midnight (as Santiago de Chile's do).</summary>
    private static TimeZoneInfo MidnightChangeZone()
    {
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            new DateTime(2000, 1, 1),
            new DateTime(2099, 12, 31),
            TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 0, 0, 0), 9, 1, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 1, 0, 0), 4, 1, DayOfWeek.Sunday));
        return TimeZoneInfo.CreateCustomTimeZone("Test/MidnightChange", TimeSpan.FromHours(-4), "Midnight change", "Standard", "Daylight", [rule]);
    }
}
