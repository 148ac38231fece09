using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Reports;

namespace TeamsEscalationBot.UnitTests.Features.Reports;

[TestClass]
public sealed class ReportQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 10, 30, 0, TimeSpan.Zero);

    private static readonly ComplaintRouter Router = new(
        [
            new Department { Id = "care", Name = "Customer Care", TeamId = "t", ChannelId = "c1", EntraGroupId = "g1" },
            new Department { Id = "billing", Name = "Billing", TeamId = "t", ChannelId = "c2", EntraGroupId = "g2" },
        ],
        "care");

    [TestMethod]
    public void Parse_NoBounds_YesterdayInTheConfiguredTimeZone()
    {
        var query = Valid(new(null, null, null, null, null, false), defaultTimeZone: "Europe/Madrid");

        Assert.AreEqual(new DateTimeOffset(2026, 3, 9, 23, 0, 0, TimeSpan.Zero), query.Request.Period.From);
        Assert.AreEqual(new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.Zero), query.Request.Period.To);
        Assert.AreEqual(new DateTimeOffset(2026, 3, 8, 23, 0, 0, TimeSpan.Zero), query.Request.PreviousPeriod!.From);
        Assert.AreEqual("Europe/Madrid", query.Request.TimeZone.Id);
        Assert.IsNull(query.Request.DepartmentId);
        Assert.AreEqual(ReportFormat.Json, query.Format);
    }

    [TestMethod]
    public void Parse_TimeZoneParameter_WinsOverTheConfiguredOne()
    {
        var query = Valid(new(null, null, null, "America/New_York", null, false), defaultTimeZone: "Europe/Madrid");

        Assert.AreEqual(new DateTimeOffset(2026, 3, 10, 4, 0, 0, TimeSpan.Zero), query.Request.Period.From);
        Assert.AreEqual("America/New_York", query.Request.TimeZone.Id);
    }

    [TestMethod]
    public void Parse_Dates_LocalMidnightsAndAsManyDaysBefore()
    {
        // The week of the European clock change: 29 March 2026 has 23 hours in Madrid.
        var query = Valid(new("2026-03-23", "2026-03-30", null, "Europe/Madrid", null, false));

        Assert.AreEqual(new DateTimeOffset(2026, 3, 22, 23, 0, 0, TimeSpan.Zero), query.Request.Period.From);
        Assert.AreEqual(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), query.Request.Period.To);
        Assert.AreEqual(TimeSpan.FromHours(167), query.Request.Period.Length);
        Assert.AreEqual(new DateTimeOffset(2026, 3, 15, 23, 0, 0, TimeSpan.Zero), query.Request.PreviousPeriod!.From);
        Assert.AreEqual(query.Request.Period.From, query.Request.PreviousPeriod.To);
    }

    [TestMethod]
    public void Parse_Instants_ExactAndThePrecedingPeriodOfTheSameLength()
    {
        var query = Valid(new("2026-03-10T08:00:00Z", "2026-03-10T20:00:00.5+01:00", null, null, null, false));

        Assert.AreEqual(new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero), query.Request.Period.From);
        Assert.AreEqual(new DateTimeOffset(2026, 3, 10, 19, 0, 0, 500, TimeSpan.Zero), query.Request.Period.To);
        Assert.AreEqual(query.Request.Period.Preceding(), query.Request.PreviousPeriod);
    }

    [TestMethod]
    public void Parse_OffsetPlusDecodedAsSpace_ReadAsPlus()
    {
        var query = Valid(new("2026-03-10T09:00:00 01:00", "2026-03-11", null, null, null, false));

        Assert.AreEqual(new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero), query.Request.Period.From);
    }

    [TestMethod]
    public void Parse_Department_ConfiguredSpellingWhateverTheCase()
    {
        var query = Valid(new(null, null, "BILLING", null, null, false));

        Assert.AreEqual("billing", query.Request.DepartmentId);
    }

    [TestMethod]
    [DataRow("csv", false, "Csv")]
    [DataRow("CSV", false, "Csv")]
    [DataRow("json", true, "Json")]
    [DataRow(null, true, "Csv")]
    [DataRow("", false, "Json")]
    public void Parse_FormatOrAccept_ChoosesTheFormat(string? format, bool acceptsCsv, string expected) =>
        Assert.AreEqual(expected, Valid(new(null, null, null, null, format, acceptsCsv)).Format.ToString());

    [TestMethod]
    [DataRow("2026-03-10", null, "to")]
    [DataRow(null, "2026-03-10", "from")]
    [DataRow("yesterday", "2026-03-10", "from")]
    [DataRow("2026-03-10", "2026-13-01", "to")]
    [DataRow("2026-03-10T08:00:00", "2026-03-11", "from")]
    [DataRow("10/03/2026", "2026-03-11", "from")]
    [DataRow("0001-01-01", "2026-03-11", "from")]
    [DataRow("2026-03-11", "2026-03-10", "to")]
    [DataRow("2026-03-10", "2026-03-10", "to")]
    [DataRow("2026-03-10T08:00:00Z", "2026-03-10T08:00:00Z", "to")]
    [DataRow("2025-01-01", "2026-01-03", "to")]
    [DataRow("2025-01-01T00:00:00Z", "2026-01-02T00:00:01Z", "to")]
    public void Parse_BadBounds_ProblemNamesTheField(string? from, string? to, string field)
    {
        var (query, errors) = ReportQuery.Parse(new(from, to, null, null, null, false), "UTC", Router, Now);

        Assert.IsNull(query);
        CollectionAssert.AreEqual(new[] { field }, errors.Keys.ToArray(), string.Join(" ", errors.Values.SelectMany(v => v)));
    }

    [TestMethod]
    public void Parse_ALeapYearOfDays_Allowed()
    {
        var query = Valid(new("2028-01-01", "2029-01-01", null, null, null, false));

        Assert.AreEqual(TimeSpan.FromDays(366), query.Request.Period.Length);
    }

    [TestMethod]
    public void Parse_EverythingWrong_EveryFieldNamed()
    {
        var (query, errors) = ReportQuery.Parse(new("soon", "later", "sales", "Mars/Olympus", "xml", false), "UTC", Router, Now);

        Assert.IsNull(query);
        CollectionAssert.AreEquivalent(new[] { "timeZone", "department", "format" }, errors.Keys.ToArray(), "bounds need a time zone to be read");
    }

    [TestMethod]
    public void Parse_UnknownDepartmentAndBadBound_BothNamed()
    {
        var (_, errors) = ReportQuery.Parse(new("soon", "2026-03-10", "sales", null, null, false), "UTC", Router, Now);

        CollectionAssert.AreEquivalent(new[] { "from", "department" }, errors.Keys.ToArray());
    }

    [TestMethod]
    public void FileName_Period_CompactUtcBounds() =>
        Assert.AreEqual(
            "complaints-summary-20260309T230000Z-20260310T230000Z.csv",
            ReportEndpoints.FileName(new ReportPeriod(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.Zero))));

    private static ReportQuery Valid(ReportQuery.Values values, string defaultTimeZone = "UTC")
    {
        var (query, errors) = ReportQuery.Parse(values, defaultTimeZone, Router, Now);
        Assert.IsNotNull(query, string.Join(" ", errors.Values.SelectMany(v => v)));
        return query;
    }
}
