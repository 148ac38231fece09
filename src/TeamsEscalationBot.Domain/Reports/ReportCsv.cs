using System.Globalization;
using System.Text;

namespace TeamsEscalationBot.Domain.Reports;

/// <summary>
/// The summary as CSV (RFC 4180): a header row, one row per department in rank order, then a totals row; lines end
/// with CRLF. Numbers use the invariant culture. Text that a spreadsheet would run as a formula gets a leading apostrophe.
/// </summary>
public static class ReportCsv
{
    public const string MediaType = "text/csv";

    private static readonly string[] Header =
    [
        "period_from", "period_to", "rank", "department_id", "department", "received", "still_open", "claimed",
        "answered", "closed", "breached", "high_priority_breached", "median_minutes_to_claim",
        "median_minutes_to_answer", "oldest_open_minutes", "previous_received", "previous_closed", "previous_breached",
    ];

    /// <summary>The summary's department rows and totals as CSV text.</summary>
    public static string Write(ReportSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var csv = new StringBuilder();
        AppendRow(csv, Header);
        foreach (var department in summary.Departments)
        {
            AppendRow(csv, Row(summary, department.Rank.ToString(CultureInfo.InvariantCulture), department.DepartmentId, department.Name, department.Figures, department.Trend));
        }

        AppendRow(csv, Row(summary, string.Empty, string.Empty, "Total", summary.Totals, summary.TotalsTrend));
        return csv.ToString();
    }

    /// <summary>
    /// One field: a text starting with =, +, -, @, tab or carriage return gets a leading apostrophe (so spreadsheets
    /// show it instead of running it), then the field is quoted when it holds a comma, a quote or a line break
    /// (quotes doubled). Null is an empty field.
    /// </summary>
    public static string Field(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var safe = text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    private static string[] Row(ReportSummary summary, string rank, string departmentId, string name, ReportFigures figures, ReportTrend trend) =>
    [
        Field(Instant(summary.Period.From)),
        Field(Instant(summary.Period.To)),
        rank,
        Field(departmentId),
        Field(name),
        Number(figures.Received),
        Number(figures.StillOpen),
        Number(figures.Claimed),
        Number(figures.Answered),
        Number(figures.Closed),
        Number(figures.Breached),
        Number(figures.HighPriorityBreached),
        Minutes(figures.MedianTimeToClaim),
        Minutes(figures.MedianTimeToAnswer),
        Minutes(figures.OldestOpenAge),
        Number(trend.Received.Previous),
        Number(trend.Closed.Previous),
        Number(trend.Breached.Previous),
    ];

    private static void AppendRow(StringBuilder csv, string[] fields) => csv.AppendJoin(',', fields).Append("\r\n");

    private static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // Minutes with at most two decimals; empty when there is no value.
    private static string Minutes(TimeSpan? duration) =>
        duration is { } value ? Math.Round(value.TotalMinutes, 2).ToString("0.##", CultureInfo.InvariantCulture) : string.Empty;
}
