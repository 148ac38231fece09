using TeamsEscalationBot.Domain.Sla;
using static TeamsEscalationBot.UnitTests.Sla.SlaFixture;

namespace TeamsEscalationBot.UnitTests.Sla;

[TestClass]
public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar Office = Calendar(Madrid, "Mon-Fri 09:00-18:00");

    private static DateTimeOffset InMadrid(int month, int day, int hour, int minute = 0) => Local(Madrid, 2026, month, day, hour, minute);

    [TestMethod]
    public void AddBusinessTime_WithinOpeningHours_AddsPlainly()
    {
        Assert.AreEqual(InMadrid(3, 2, 12), Office.AddBusinessTime(InMadrid(3, 2, 10), TimeSpan.FromHours(2)));
    }

    [TestMethod]
    public void AddBusinessTime_PastClosing_ContinuesNextMorning()
    {
        Assert.AreEqual(InMadrid(3, 3, 10), Office.AddBusinessTime(InMadrid(3, 2, 17), TimeSpan.FromHours(2)));
    }

    [TestMethod]
    public void AddBusinessTime_FridayAfternoon_ContinuesOnMonday()
    {
        Assert.AreEqual(InMadrid(3, 9, 10), Office.AddBusinessTime(InMadrid(3, 6, 17), TimeSpan.FromHours(2)));
    }

    [TestMethod]
    public void AddBusinessTime_StartOnSaturday_CountsFromMondayOpening()
    {
        Assert.AreEqual(InMadrid(3, 9, 10), Office.AddBusinessTime(InMadrid(3, 7, 12), TimeSpan.FromHours(1)));
    }

    [TestMethod]
    public void AddBusinessTime_StartBeforeOpening_CountsFromOpening()
    {
        Assert.AreEqual(InMadrid(3, 2, 10), Office.AddBusinessTime(InMadrid(3, 2, 7), TimeSpan.FromHours(1)));
    }

    [TestMethod]
    public void AddBusinessTime_ExactlyTheRestOfTheDay_ReturnsClosingTimeNotNextOpening()
    {
        Assert.AreEqual(InMadrid(3, 2, 18), Office.AddBusinessTime(InMadrid(3, 2, 9), TimeSpan.FromHours(9)));
    }

    [TestMethod]
    public void AddBusinessTime_ZeroDurationOutsideHours_ReturnsTheStart()
    {
        Assert.AreEqual(InMadrid(3, 7, 12), Office.AddBusinessTime(InMadrid(3, 7, 12), TimeSpan.Zero));
    }

    [TestMethod]
    public void AddBusinessTime_NegativeDuration_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Office.AddBusinessTime(InMadrid(3, 2, 10), TimeSpan.FromMinutes(-1)));
    }

    [TestMethod]
    public void AddBusinessTime_ResultIsUtc()
    {
        Assert.AreEqual(TimeSpan.Zero, Office.AddBusinessTime(InMadrid(3, 2, 10), TimeSpan.FromHours(1)).Offset);
    }

    [TestMethod]
    public void AddBusinessTime_HolidayInBetween_SkipsTheWholeDay()
    {
        var calendar = Calendar(Madrid, [new DateOnly(2026, 3, 3)], "Mon-Fri 09:00-18:00");

        Assert.AreEqual(InMadrid(3, 4, 10), calendar.AddBusinessTime(InMadrid(3, 2, 17), TimeSpan.FromHours(2)));
    }

    [TestMethod]
    public void AddBusinessTime_HolidayMondayAfterWeekend_ContinuesTuesday()
    {
        var calendar = Calendar(Madrid, [new DateOnly(2026, 3, 9)], "Mon-Fri 09:00-18:00");

        Assert.AreEqual(InMadrid(3, 10, 10), calendar.AddBusinessTime(InMadrid(3, 6, 17), TimeSpan.FromHours(2)));
    }

    [TestMethod]
    public void AddBusinessTime_SplitShift_SkipsTheLunchBreak()
    {
        var calendar = Calendar(Madrid, "Mon-Fri 09:00-13:00, 15:00-18:00");

        Assert.AreEqual(InMadrid(3, 2, 16), calendar.AddBusinessTime(InMadrid(3, 2, 12), TimeSpan.FromHours(2)));
    }

    [TestMethod]
    public void AddBusinessTime_NightShiftOverMidnight_EndsNextDay()
    {
        var calendar = Calendar(Madrid, "Fri 22:00-02:00");

        Assert.AreEqual(InMadrid(3, 7, 1), calendar.AddBusinessTime(InMadrid(3, 6, 21), TimeSpan.FromHours(3)));
    }

    [TestMethod]
    public void AddBusinessTime_HolidayOnTheDayAfterANightShift_ShiftRunsToItsEnd()
    {
        var calendar = Calendar(Madrid, [new DateOnly(2026, 3, 7)], "Fri 22:00-02:00");

        Assert.AreEqual(InMadrid(3, 7, 1), calendar.AddBusinessTime(InMadrid(3, 6, 21), TimeSpan.FromHours(3)));
    }

    [TestMethod]
    public void AddBusinessTime_HolidayOnTheDayANightShiftStarts_ShiftIsCancelled()
    {
        var calendar = Calendar(Madrid, [new DateOnly(2026, 3, 6)], "Fri 22:00-02:00");

        Assert.AreEqual(InMadrid(3, 14, 1), calendar.AddBusinessTime(InMadrid(3, 6, 21), TimeSpan.FromHours(3)));
    }

    [TestMethod]
    public void AddBusinessTime_StartInsideTheAfterMidnightPartOfANightShift_CountsTheRest()
    {
        var calendar = Calendar(Madrid, "Fri 22:00-02:00");

        Assert.AreEqual(InMadrid(3, 13, 23), calendar.AddBusinessTime(InMadrid(3, 7, 1), TimeSpan.FromHours(2)));
    }

    [TestMethod]
    public void BusinessTimeBetween_SundayNightShift_WrapsIntoMonday()
    {
        var calendar = Calendar(Madrid, "Sun 22:00-02:00");

        Assert.AreEqual(TimeSpan.FromHours(4), calendar.BusinessTimeBetween(InMadrid(3, 8, 20), InMadrid(3, 9, 12)));
        Assert.AreEqual(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(InMadrid(3, 9, 0), InMadrid(3, 9, 12)));
    }

    [TestMethod]
    public void BusinessTimeBetween_AcrossAWeekend_CountsOnlyOpenTime()
    {
        Assert.AreEqual(TimeSpan.FromHours(3), Office.BusinessTimeBetween(InMadrid(3, 6, 16), InMadrid(3, 9, 10)));
    }

    [TestMethod]
    public void BusinessTimeBetween_ToNotAfterFrom_Zero()
    {
        Assert.AreEqual(TimeSpan.Zero, Office.BusinessTimeBetween(InMadrid(3, 2, 12), InMadrid(3, 2, 10)));
        Assert.AreEqual(TimeSpan.Zero, Office.BusinessTimeBetween(InMadrid(3, 2, 12), InMadrid(3, 2, 12)));
    }

    [TestMethod]
    public void IsOpen_InsideAndOutsideHours_TellsThem()
    {
        Assert.IsTrue(Office.IsOpen(InMadrid(3, 2, 9)));
        Assert.IsFalse(Office.IsOpen(InMadrid(3, 2, 18)));
        Assert.IsFalse(Office.IsOpen(InMadrid(3, 7, 12)));
    }

    // Clocks go forward in Madrid on Sunday 29 March 2026 at 02:00 (CET, UTC+1) to 03:00 (CEST, UTC+2).
    [TestMethod]
    public void BusinessTimeBetween_MadridSpringForward_SkippedHourIsNotOpen()
    {
        var calendar = Calendar(Madrid, "Sun 01:00-03:00");

        Assert.AreEqual(TimeSpan.FromHours(1), calendar.BusinessTimeBetween(Utc(2026, 3, 28, 12), Utc(2026, 3, 30, 0)));
        Assert.AreEqual(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(Utc(2026, 3, 21, 12), Utc(2026, 3, 23, 0)));
    }

    [TestMethod]
    public void AddBusinessTime_MadridSpringForward_OneHourFromOneToThree()
    {
        var calendar = Calendar(Madrid, "Sun 01:00-03:00");

        Assert.AreEqual(Utc(2026, 3, 29, 0, 30), calendar.AddBusinessTime(Utc(2026, 3, 28, 12), TimeSpan.FromMinutes(30)));
        Assert.AreEqual(Utc(2026, 3, 29, 1), calendar.AddBusinessTime(Utc(2026, 3, 28, 12), TimeSpan.FromHours(1)));
        // The next Sunday is an ordinary one: 01:00 CEST is 23:00 UTC on Saturday.
        Assert.AreEqual(Utc(2026, 4, 4, 23, 30), calendar.AddBusinessTime(Utc(2026, 3, 28, 12), TimeSpan.FromMinutes(90)));
    }

    [TestMethod]
    public void AddBusinessTime_MadridSpringForwardOpeningInsideTheSkippedHour_OpensWhenTheClockResumes()
    {
        var calendar = Calendar(Madrid, "Sun 02:30-04:00");

        Assert.AreEqual(TimeSpan.FromHours(1), calendar.BusinessTimeBetween(Utc(2026, 3, 28, 12), Utc(2026, 3, 30, 0)));
        Assert.AreEqual(Utc(2026, 3, 29, 1, 10), calendar.AddBusinessTime(Utc(2026, 3, 28, 12), TimeSpan.FromMinutes(10)));
    }

    // Clocks go back in Madrid on Sunday 25 October 2026 at 03:00 (CEST, UTC+2) to 02:00 (CET, UTC+1).
    [TestMethod]
    public void BusinessTimeBetween_MadridFallBack_RepeatedHourIsOpenTwice()
    {
        var calendar = Calendar(Madrid, "Sun 01:00-03:00");

        Assert.AreEqual(TimeSpan.FromHours(3), calendar.BusinessTimeBetween(Utc(2026, 10, 24, 12), Utc(2026, 10, 26, 0)));
        Assert.IsTrue(calendar.IsOpen(Utc(2026, 10, 24, 23)));
        Assert.IsTrue(calendar.IsOpen(Utc(2026, 10, 25, 1, 59)));
        Assert.IsFalse(calendar.IsOpen(Utc(2026, 10, 25, 2)));
    }

    [TestMethod]
    public void AddBusinessTime_MadridFallBack_CountsTheSecondPassOfTheRepeatedHour()
    {
        var calendar = Calendar(Madrid, "Sun 01:00-03:00");

        // 01:00 CEST is 23:00 UTC; after two and a half hours the local clock reads 02:30 for the second time (CET).
        Assert.AreEqual(Utc(2026, 10, 25, 1, 30), calendar.AddBusinessTime(Utc(2026, 10, 24, 12), TimeSpan.FromMinutes(150)));
    }

    [TestMethod]
    public void AddBusinessTime_MadridFallBackOpeningInsideTheRepeatedHour_OpenInBothPasses()
    {
        var calendar = Calendar(Madrid, "Sun 02:30-04:00");

        // Open 02:30-03:00 CEST (00:30-01:00 UTC), closed 02:00-02:30 CET, open 02:30-04:00 CET (01:30-03:00 UTC).
        Assert.AreEqual(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(Utc(2026, 10, 24, 12), Utc(2026, 10, 26, 0)));
        Assert.IsFalse(calendar.IsOpen(Utc(2026, 10, 25, 1, 15)));
        Assert.AreEqual(Utc(2026, 10, 25, 1, 45), calendar.AddBusinessTime(Utc(2026, 10, 24, 12), TimeSpan.FromMinutes(45)));
    }

    [TestMethod]
    public void AddBusinessTime_MadridOfficeHoursOverTheSpringWeekend_SameLocalTimesNewOffset()
    {
        Assert.AreEqual(InMadrid(3, 30, 10), Office.AddBusinessTime(InMadrid(3, 27, 17), TimeSpan.FromHours(2)));
        Assert.AreEqual(Utc(2026, 3, 30, 8), Office.AddBusinessTime(InMadrid(3, 27, 17), TimeSpan.FromHours(2)));
    }

    [TestMethod]
    public void AddBusinessTime_MadridOfficeHoursOverTheAutumnWeekend_SameLocalTimesNewOffset()
    {
        Assert.AreEqual(Utc(2026, 10, 26, 9), Office.AddBusinessTime(InMadrid(10, 23, 17), TimeSpan.FromHours(2)));
    }

    // New York: clocks go forward on Sunday 8 March 2026 at 02:00 (EST, UTC-5) to 03:00 (EDT, UTC-4) and back on
    // Sunday 1 November 2026 at 02:00 (EDT) to 01:00 (EST).
    [TestMethod]
    public void BusinessTimeBetween_NewYorkSpringForward_OneHourFromOneToThree()
    {
        var calendar = Calendar(NewYork, "Sun 01:00-03:00");

        Assert.AreEqual(TimeSpan.FromHours(1), calendar.BusinessTimeBetween(Utc(2026, 3, 7, 12), Utc(2026, 3, 9, 0)));
        Assert.AreEqual(Utc(2026, 3, 8, 7), calendar.AddBusinessTime(Utc(2026, 3, 7, 12), TimeSpan.FromHours(1)));
    }

    [TestMethod]
    public void BusinessTimeBetween_NewYorkFallBack_ThreeHoursFromOneToThree()
    {
        var calendar = Calendar(NewYork, "Sun 01:00-03:00");

        Assert.AreEqual(TimeSpan.FromHours(3), calendar.BusinessTimeBetween(Utc(2026, 10, 31, 12), Utc(2026, 11, 2, 0)));
        Assert.IsFalse(calendar.IsOpen(Utc(2026, 11, 1, 4, 59)));
        Assert.IsTrue(calendar.IsOpen(Utc(2026, 11, 1, 5)));
        Assert.AreEqual(Utc(2026, 11, 1, 8), calendar.AddBusinessTime(Utc(2026, 10, 31, 12), TimeSpan.FromHours(3)));
        Assert.AreEqual(Utc(2026, 11, 1, 6, 30), calendar.AddBusinessTime(Utc(2026, 10, 31, 12), TimeSpan.FromMinutes(90)));
    }

    [TestMethod]
    public void AddBusinessTime_NewYorkOfficeHoursOverTheSpringWeekend_SameLocalTimesNewOffset()
    {
        var calendar = Calendar(NewYork, "Mon-Fri 09:00-18:00");

        Assert.AreEqual(Utc(2026, 3, 9, 14), calendar.AddBusinessTime(Local(NewYork, 2026, 3, 6, 17), TimeSpan.FromHours(2)));
    }

    [TestMethod]
    public void AddBusinessTime_NewYorkOfficeHoursOverTheAutumnWeekend_SameLocalTimesNewOffset()
    {
        var calendar = Calendar(NewYork, "Mon-Fri 09:00-18:00");

        Assert.AreEqual(Utc(2026, 11, 2, 15), calendar.AddBusinessTime(Local(NewYork, 2026, 10, 30, 17), TimeSpan.FromHours(2)));
    }

    [TestMethod]
    public void BusinessTimeBetween_AWholeYear_EveryOpenWeekdayMinusHolidays()
    {
        DateOnly[] holidays = [new(2026, 1, 1), new(2026, 1, 6), new(2026, 8, 15), new(2026, 12, 25)];
        var calendar = Calendar(Madrid, holidays, "Mon-Fri 09:00-18:00");
        var start = Local(Madrid, 2026, 1, 1, 0);

        // 261 weekdays in 2026, three of the holidays fall on one (15 August is a Saturday).
        var open = calendar.BusinessTimeBetween(start, Local(Madrid, 2027, 1, 1, 0));

        Assert.AreEqual(TimeSpan.FromHours(258 * 9), open);
        Assert.AreEqual(Local(Madrid, 2026, 12, 31, 18), calendar.AddBusinessTime(start, open));
    }

    [TestMethod]
    public void AddBusinessTime_TenYears_InverseOfBusinessTimeBetween()
    {
        var start = Local(Madrid, 2026, 1, 1, 0);
        var end = Office.AddBusinessTime(start, TimeSpan.FromHours(10 * 52 * 5 * 9));

        Assert.AreEqual(TimeSpan.FromHours(10 * 52 * 5 * 9), Office.BusinessTimeBetween(start, end));
        Assert.IsGreaterThan(start.AddYears(9), end);
    }

    [TestMethod]
    public void AddBusinessTime_ManyStartsAndDurations_BusinessTimeBetweenGivesTheDurationBack()
    {
        var random = new Random(20260329);
        BusinessCalendar[] calendars =
        [
            Calendar(Madrid, [new DateOnly(2026, 10, 23)], "Mon-Fri 09:00-13:00, 15:00-18:00", "Sat 10:00-14:00", "Sun 01:00-03:00"),
            Calendar(NewYork, "Mon-Thu 08:00-17:00", "Fri 22:00-02:00", "Sun 00:30-02:30"),
        ];
        foreach (var calendar in calendars)
        {
            for (var i = 0; i < 200; i++)
            {
                var start = Utc(2026, 1, 1, 0).AddMinutes(random.Next(0, 365 * 24 * 60));
                var duration = TimeSpan.FromMinutes(random.Next(1, 60 * 60));

                var end = calendar.AddBusinessTime(start, duration);

                Assert.AreEqual(duration, calendar.BusinessTimeBetween(start, end), $"{calendar.TimeZone.Id} from {start:O} for {duration}");
                Assert.AreEqual(duration - TimeSpan.FromTicks(1), calendar.BusinessTimeBetween(start, end.AddTicks(-1)), $"{calendar.TimeZone.Id}: {end:O} is the earliest instant");
            }
        }
    }

    [TestMethod]
    public void AddBusinessTime_EveryDayOfTwoYearsAHoliday_EndsAfterTheHolidays()
    {
        var holidays = Enumerable.Range(0, 731).Select(i => new DateOnly(2026, 1, 1).AddDays(i));
        var calendar = Calendar(Madrid, holidays, "Mon-Fri 09:00-18:00");

        Assert.AreEqual(Local(Madrid, 2028, 1, 3, 10), calendar.AddBusinessTime(Local(Madrid, 2026, 1, 1, 10), TimeSpan.FromHours(1)));
        Assert.AreEqual(TimeSpan.Zero, calendar.BusinessTimeBetween(Local(Madrid, 2026, 1, 1, 0), Local(Madrid, 2028, 1, 1, 0)));
    }

    [TestMethod]
    public void AddBusinessTime_NoOpeningHours_ThrowsInsteadOfSearchingForever()
    {
        var calendar = new BusinessCalendar(Madrid, []);

        Assert.ThrowsExactly<InvalidOperationException>(() => calendar.AddBusinessTime(InMadrid(3, 2, 10), TimeSpan.FromHours(1)));
        Assert.AreEqual(TimeSpan.Zero, calendar.BusinessTimeBetween(InMadrid(3, 2, 10), InMadrid(3, 2, 10).AddYears(1)));
    }

    [TestMethod]
    public void Constructor_OverlappingOpenings_Throws()
    {
        var thrown = Assert.ThrowsExactly<ArgumentException>(
            () => new BusinessCalendar(Madrid, [.. WeeklyOpening.Parse("Fri 22:00-02:00"), .. WeeklyOpening.Parse("Sat 01:00-05:00")]));

        Assert.Contains("Fri 22:00-02:00 overlaps Sat 01:00-05:00", thrown.Message);
    }

    [TestMethod]
    public void Constructor_OpensAndClosesAtTheSameTime_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(
            () => new BusinessCalendar(Madrid, [new WeeklyOpening(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(9))]));
    }

    [TestMethod]
    public void From_ConfiguredHours_ReadsLinesAndHolidays()
    {
        var calendar = BusinessCalendar.From(OfficeHours("Europe/Madrid", new DateOnly(2026, 3, 3)), Madrid);

        Assert.HasCount(5, calendar.Weekly);
        Assert.AreEqual(InMadrid(3, 4, 10), calendar.AddBusinessTime(InMadrid(3, 2, 17), TimeSpan.FromHours(2)));
    }

    [TestMethod]
    public void From_UnreadableLine_ThrowsNamingIt()
    {
        var hours = new BusinessHours { TimeZone = "Europe/Madrid", Weekly = ["Mon-Fri 09:00-18:00", "Sunday-ish 10:00-12:00"] };

        var thrown = Assert.ThrowsExactly<ArgumentException>(() => BusinessCalendar.From(hours, Madrid));

        Assert.Contains("Sunday-ish", thrown.Message);
    }
}
