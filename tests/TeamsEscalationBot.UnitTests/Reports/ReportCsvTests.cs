using System.Globalization;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Reports;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;
using static TeamsEscalationBot.UnitTests.Reports.ReportFixture;

namespace TeamsEscalationBot.UnitTests.Reports;

[TestClass]
public sealed class ReportCsvTests
{
    private const string Header =
        "period_from,period_to,rank,department_id,department,received,still_open,claimed,answered,closed,breached," +
        "high_priority_breached,median_minutes_to_claim,median_minutes_to_answer,oldest_open_minutes," +
        "previous_received,previous_closed,previous_breached";

    [TestMethod]
    public void Write_Summary_HeaderDepartmentRowsInRankOrderAndTotals()
    {
        ComplaintFacts[] facts =
        [
            ComplaintFacts.From(Receive("b-1", Billing, At(10, 9)).Posted(At(10, 9)).Claimed(At(10, 9, 12)).Answered(At(10, 10, 0))),
            OpenFacts("l-1", Logistics, At(10, 12), Priority.High) with { Breaches = [new(Logistics, BreachTarget.Claim, At(10, 13))] },
            OpenFacts("l-0", Logistics, At(9, 12)),
        ];

        var csv = ReportCsv.Write(Summarize(facts));

        var lines = csv.Split("\r\n");
        Assert.AreEqual(string.Empty, lines[^1], "every line ends with CRLF");
        Assert.AreSequenceEqual(
            new[]
            {
                Header,
                "2026-03-10T00:00:00Z,2026-03-11T00:00:00Z,1,logistics,Logistics,1,2,0,0,0,1,1,,,2160,1,0,0",
                "2026-03-10T00:00:00Z,2026-03-11T00:00:00Z,2,billing,Billing,1,1,1,1,0,0,0,12,60,900,0,0,0",
                "2026-03-10T00:00:00Z,2026-03-11T00:00:00Z,3,support,Support,0,0,0,0,0,0,0,,,,0,0,0",
                "2026-03-10T00:00:00Z,2026-03-11T00:00:00Z,,,Total,2,3,1,1,0,1,1,12,60,2160,1,0,0",
                string.Empty,
            },
            lines);
    }

    [TestMethod]
    public void Write_CommaDecimalCulture_NumbersStayInvariant()
    {
        var facts = new[]
        {
            ComplaintFacts.From(Receive("b-1", Billing, At(10, 9)).Posted(At(10, 9)).Claimed(At(10, 9).AddSeconds(90))),
            ComplaintFacts.From(Receive("b-2", Billing, At(10, 9)).Posted(At(10, 9)).Claimed(At(10, 9).AddSeconds(100))),
        };
        var before = CultureInfo.CurrentCulture;
        string csv;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("es-ES");
            csv = ReportCsv.Write(Summarize(facts));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }

        Assert.Contains(",1.58,", csv, "median of 1.5 and 1.67 minutes, rounded to two decimals");
        Assert.DoesNotContain("1,58", csv);
    }

    [TestMethod]
    [DataRow("plain", "plain")]
    [DataRow("", "")]
    [DataRow(null, "")]
    [DataRow("Billing, Spain", "\"Billing, Spain\"")]
    [DataRow("The \"VIP\" desk", "\"The \"\"VIP\"\" desk\"")]
    [DataRow("two\nlines", "\"two\nlines\"")]
    [DataRow("a\r\nb", "\"a\r\nb\"")]
    public void Field_Text_QuotedOnlyWhenNeeded(string? text, string expected)
    {
        Assert.AreEqual(expected, ReportCsv.Field(text));
    }

    [TestMethod]
    [DataRow("=1+2", "'=1+2")]
    [DataRow("+34 600 000 000", "'+34 600 000 000")]
    [DataRow("-2", "'-2")]
    [DataRow("@SUM(A1)", "'@SUM(A1)")]
    [DataRow("\tcmd", "'\tcmd")]
    [DataRow("\rcmd", "\"'\rcmd\"")]
    [DataRow("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")]
    [DataRow("a=b", "a=b")]
    public void Field_FormulaStart_LeadingApostrophe(string text, string expected)
    {
        Assert.AreEqual(expected, ReportCsv.Field(text));
    }

    [TestMethod]
    public void Write_DepartmentNamedLikeAFormula_Neutralized()
    {
        var csv = ReportCsv.Write(Summarize([], departments: [Department("x", "=cmd|' /C calc'!A0")]));

        Assert.Contains(",x,'=cmd|' /C calc'!A0,", csv);
    }
}
