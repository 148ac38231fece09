using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Features.Digest;

namespace TeamsEscalationBot.UnitTests.Digest;

/// <summary>
/// When a digest falls due and which period it covers, in Madrid and New York, across the 2026 clock changes: Madrid
/// goes forward on 29 March and back on 25 October; New York forward on 8 March and back on 1 November.
/// </summary>
[TestClass]
public sealed class DigestScheduleTests
{
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [TestMethod]
    public void Latest_DailyBeforeAndAtTheHour_YesterdayOnlyFromTheHourOn()
    {
        var before = DigestSchedule.Latest(DigestCadence.Daily, Utc(2026, 3, 10, 6, 59), Madrid, 8, DayOfWeek.Monday);
        var at = DigestSchedule.Latest(DigestCadence.Daily, Utc(2026, 3, 10, 7, 0), Madrid, 8, DayOfWeek.Monday);

        Assert.AreEqual(new DateOnly(2026, 3, 8), before.FirstDay, "before 08:00 in Madrid the latest due is the day before yesterday's");
        Assert.AreEqual(Utc(2026, 3, 9, 7, 0), before.DueAt);
        Assert.AreEqual(new DateOnly(2026, 3, 9), at.FirstDay);
        Assert.AreEqual(Utc(2026, 3, 10, 7, 0), at.DueAt, "08:00 CET");
        Assert.AreEqual(new ReportPeriod(Utc(2026, 3, 8, 23, 0), Utc(2026, 3, 9, 23, 0)), at.Periods.Current);
        Assert.AreEqual(new ReportPeriod(Utc(2026, 3, 7, 23, 0), Utc(2026, 3, 8, 23, 0)), at.Periods.Previous);
    }

    [TestMethod]
    public void Latest_MadridSpringForward_TheShortDayIs23HoursAndTheHourMovesInUtc()
    {
        // Sunday 29 March: 02:00 becomes 03:00. The digest of the 29th is due on Monday 30th at 08:00 CEST = 06:00Z.
        var due = DigestSchedule.Latest(DigestCadence.Daily, Utc(2026, 3, 30, 6, 0), Madrid, 8, DayOfWeek.Monday);

        Assert.AreEqual(new DateOnly(2026, 3, 29), due.FirstDay);
        Assert.AreEqual(Utc(2026, 3, 30, 6, 0), due.DueAt);
        Assert.AreEqual(TimeSpan.FromHours(23), due.Periods.Current.Length);
        Assert.AreEqual(TimeSpan.FromHours(24), due.Periods.Previous.Length);
        Assert.AreEqual(Utc(2026, 3, 29, 6, 0), DigestSchedule.Latest(DigestCadence.Daily, Utc(2026, 3, 30, 5, 59), Madrid, 8, DayOfWeek.Monday).DueAt, "on the day itself, 08:00 CEST too");
    }

    [TestMethod]
    public void Latest_MadridFallBack_TheLongDayIs25Hours()
    {
        var due = DigestSchedule.Latest(DigestCadence.Daily, Utc(2026, 10, 26, 7, 0), Madrid, 8, DayOfWeek.Monday);

        Assert.AreEqual(new DateOnly(2026, 10, 25), due.FirstDay);
        Assert.AreEqual(Utc(2026, 10, 26, 7, 0), due.DueAt, "08:00 CET again");
        Assert.AreEqual(TimeSpan.FromHours(25), due.Periods.Current.Length);
    }

    [TestMethod]
    public void Latest_NewYorkSpringForward_DueAtEightLocalOnBothSidesOfTheChange()
    {
        var saturday = DigestSchedule.Latest(DigestCadence.Daily, Utc(2026, 3, 7, 13, 0), NewYork, 8, DayOfWeek.Monday);
        var sunday = DigestSchedule.Latest(DigestCadence.Daily, Utc(2026, 3, 8, 12, 0), NewYork, 8, DayOfWeek.Monday);
        var monday = DigestSchedule.Latest(DigestCadence.Daily, Utc(2026, 3, 9, 12, 0), NewYork, 8, DayOfWeek.Monday);

        Assert.AreEqual(Utc(2026, 3, 7, 13, 0), saturday.DueAt, "08:00 EST");
        Assert.AreEqual(Utc(2026, 3, 8, 12, 0), sunday.DueAt, "08:00 EDT, the day the clocks change");
        Assert.AreEqual(new DateOnly(2026, 3, 8), monday.FirstDay);
        Assert.AreEqual(TimeSpan.FromHours(23), monday.Periods.Current.Length, "Sunday 8 March is 23 hours long in New York");
        Assert.AreEqual(Utc(2026, 3, 8, 5, 0), monday.Periods.Current.From);
        Assert.AreEqual(Utc(2026, 3, 9, 4, 0), monday.Periods.Current.To);
    }

    [TestMethod]
    public void Latest_NewYorkFallBack_TheLongDayAndAnHourThatHappensTwiceIsDueTheFirstTime()
    {
        var due = DigestSchedule.Latest(DigestCadence.Daily, Utc(2026, 11, 2, 13, 0), NewYork, 8, DayOfWeek.Monday);
        Assert.AreEqual(TimeSpan.FromHours(25), due.Periods.Current.Length, "Sunday 1 November is 25 hours long");

        // 01:00 happens twice on 1 November: due at the first, 01:00 EDT = 05:00Z.
        Assert.AreEqual(Utc(2026, 11, 1, 5, 0), DigestSchedule.At(new DateOnly(2026, 11, 1), 1, NewYork));
        Assert.AreEqual(Utc(2026, 11, 1, 5, 0), DigestSchedule.Latest(DigestCadence.Daily, Utc(2026, 11, 1, 5, 30), NewYork, 1, DayOfWeek.Monday).DueAt);
    }

    [TestMethod]
    public void At_AnHourTheClocksSkip_DueWhenTheyJump()
    {
        // 02:00 does not exist in Madrid on 29 March: the clocks jump from 02:00 CET (01:00Z) to 03:00 CEST.
        Assert.AreEqual(Utc(2026, 3, 29, 1, 0), DigestSchedule.At(new DateOnly(2026, 3, 29), 2, Madrid));
        Assert.AreEqual(Utc(2026, 3, 8, 7, 0), DigestSchedule.At(new DateOnly(2026, 3, 8), 2, NewYork), "02:00 EST, when New York jumps");
    }

    [TestMethod]
    public void Latest_WeeklyOnWednesday_TheSevenDaysBeforeItFromItsHourOn()
    {
        // Wednesday 11 March 2026, just before and at 08:00 in Madrid.
        var before = DigestSchedule.Latest(DigestCadence.Weekly, Utc(2026, 3, 11, 6, 59), Madrid, 8, DayOfWeek.Wednesday);
        var at = DigestSchedule.Latest(DigestCadence.Weekly, Utc(2026, 3, 11, 7, 0), Madrid, 8, DayOfWeek.Wednesday);
        var saturday = DigestSchedule.Latest(DigestCadence.Weekly, Utc(2026, 3, 14, 12, 0), Madrid, 8, DayOfWeek.Wednesday);

        Assert.AreEqual(new DateOnly(2026, 2, 25), before.FirstDay, "the week before: Wednesday 25 February to Tuesday 3 March");
        Assert.AreEqual(Utc(2026, 3, 4, 7, 0), before.DueAt);
        Assert.AreEqual(new DateOnly(2026, 3, 4), at.FirstDay);
        Assert.AreEqual(Utc(2026, 3, 11, 7, 0), at.DueAt);
        Assert.AreEqual(new ReportPeriod(Utc(2026, 3, 3, 23, 0), Utc(2026, 3, 10, 23, 0)), at.Periods.Current);
        Assert.AreEqual(new ReportPeriod(Utc(2026, 2, 24, 23, 0), Utc(2026, 3, 3, 23, 0)), at.Periods.Previous);
        Assert.AreEqual(at, saturday, "the same digest stays the latest until next Wednesday");
    }

    [TestMethod]
    public void Latest_WeeklyAcrossTheSpringChange_SevenLocalDaysOf167Hours()
    {
        // Monday 30 March in Madrid: the week 23–29 March holds the 23-hour Sunday.
        var due = DigestSchedule.Latest(DigestCadence.Weekly, Utc(2026, 3, 30, 6, 0), Madrid, 8, DayOfWeek.Monday);

        Assert.AreEqual(new DateOnly(2026, 3, 23), due.FirstDay);
        Assert.AreEqual(TimeSpan.FromHours(167), due.Periods.Current.Length);
        Assert.AreEqual(Utc(2026, 3, 30, 6, 0), due.DueAt);
    }

    [TestMethod]
    public void Key_SameRecipientCadenceAndDay_SameKeyWhateverTheGuidSpelling()
    {
        var id = Guid.NewGuid();

        Assert.AreEqual(
            DigestSend.KeyOf(id.ToString("D").ToUpperInvariant(), DigestCadence.Daily, new DateOnly(2026, 3, 9)),
            DigestSend.KeyOf(id.ToString(), DigestCadence.Daily, new DateOnly(2026, 3, 9)));
        Assert.AreEqual($"{id}/weekly/2026-03-09", DigestSend.KeyOf(id.ToString(), DigestCadence.Weekly, new DateOnly(2026, 3, 9)));
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
