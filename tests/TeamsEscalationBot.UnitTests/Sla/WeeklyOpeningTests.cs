using TeamsEscalationBot.Domain.Sla;

namespace TeamsEscalationBot.UnitTests.Sla;

[TestClass]
public sealed class WeeklyOpeningTests
{
    private static readonly TimeSpan Nine = TimeSpan.FromHours(9);
    private static readonly TimeSpan Six = TimeSpan.FromHours(18);

    [TestMethod]
    public void Parse_WeekdayRange_OneOpeningPerDay()
    {
        var openings = WeeklyOpening.Parse("Mon-Fri 09:00-18:00");

        Assert.AreSequenceEqual(
            new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
            openings.Select(o => o.Day).ToArray());
        Assert.IsTrue(openings.All(o => o.Opens == Nine && o.Closes == Six && !o.SpansMidnight));
        Assert.AreEqual(TimeSpan.FromHours(9), openings[0].Length);
    }

    [TestMethod]
    public void Parse_DayListAndSeveralRanges_EveryCombination()
    {
        var openings = WeeklyOpening.Parse("Mon,Wed 09:00-13:00, 15:00-18:00");

        Assert.AreSequenceEqual(
            new[] { "Mon 09:00-13:00", "Mon 15:00-18:00", "Wed 09:00-13:00", "Wed 15:00-18:00" },
            openings.Select(o => o.ToString()).ToArray());
    }

    [TestMethod]
    public void Parse_DayRangeAcrossTheWeekend_WrapsToMonday()
    {
        var openings = WeeklyOpening.Parse("Sat-Mon 10:00-14:00");

        Assert.AreSequenceEqual(
            new[] { DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday },
            openings.Select(o => o.Day).ToArray());
    }

    [TestMethod]
    public void Parse_ClosesBeforeOpens_SpansMidnight()
    {
        var opening = WeeklyOpening.Parse("Fri 22:00-02:00").Single();

        Assert.AreEqual(DayOfWeek.Friday, opening.Day);
        Assert.IsTrue(opening.SpansMidnight);
        Assert.AreEqual(TimeSpan.FromHours(4), opening.Length);
    }

    [TestMethod]
    public void Parse_FullNamesLowercaseShortHoursAndSpaces_Accepted()
    {
        var opening = WeeklyOpening.Parse("  monday 9:00 - 17:30 ").Single();

        Assert.AreEqual(new WeeklyOpening(DayOfWeek.Monday, Nine, new TimeSpan(17, 30, 0)), opening);
    }

    [TestMethod]
    public void Parse_WholeDay_UntilTwentyFour()
    {
        var openings = WeeklyOpening.Parse("Mon-Sun 00:00-24:00");

        Assert.HasCount(7, openings);
        Assert.IsTrue(openings.All(o => o.Length == TimeSpan.FromDays(1) && !o.SpansMidnight));
        Assert.AreEqual("Sun 00:00-24:00", openings[^1].ToString());
    }

    [TestMethod]
    public void Parse_UntilMidnightWrittenAsZero_EndsAtMidnight()
    {
        var opening = WeeklyOpening.Parse("Sat 20:00-00:00").Single();

        Assert.IsTrue(opening.SpansMidnight);
        Assert.AreEqual(TimeSpan.FromHours(4), opening.Length);
    }

    [TestMethod]
    [DataRow("Mox 09:00-18:00", "'Mox' is not a weekday")]
    [DataRow("Mon-Fry 09:00-18:00", "'Fry' is not a weekday")]
    [DataRow("Mon 09:00-09:00", "opens and closes at the same time")]
    [DataRow("Mon 25:00-26:00", "'25:00' is not a time")]
    [DataRow("Mon 24:00-02:00", "opens at 24:00")]
    [DataRow("Mon 9-18", "'9' is not a time")]
    [DataRow("Mon 09:00", "'09:00' is not a time range")]
    [DataRow("Mon", "has no hours")]
    [DataRow("09:00-18:00", "names no weekday")]
    [DataRow("", "is empty")]
    public void Parse_Invalid_ThrowsFormatExceptionNamingTheProblem(string line, string problem)
    {
        var thrown = Assert.ThrowsExactly<FormatException>(() => WeeklyOpening.Parse(line));

        Assert.Contains(problem, thrown.Message);
    }
}
