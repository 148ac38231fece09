using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Reports;

namespace TeamsEscalationBot.Features.Reports;

/// <summary>
/// The JSON of <c>GET /api/reports/summary</c>: the <see cref="ReportSummary"/> as computed, instants in UTC, durations
/// in seconds (fields named <c>…Seconds</c>), enums as camelCase words. See docs/reports.md.
/// </summary>
internal sealed record ReportSummaryView(
    PeriodView Period,
    PeriodView PreviousPeriod,
    string? Department,
    string TimeZone,
    FiguresView Totals,
    ReportTrend TotalsTrend,
    IReadOnlyList<DepartmentReportView> Departments,
    IReadOnlyList<OpenComplaintView> OldestOpen,
    IReadOnlyList<DailyVolume> DailyVolume,
    int ComplaintsRead)
{
    public static ReportSummaryView From(ReportSummary summary, int complaintsRead)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(
            PeriodView.Of(summary.Period),
            PeriodView.Of(summary.PreviousPeriod),
            summary.DepartmentId,
            summary.TimeZoneId,
            FiguresView.From(summary.Totals),
            summary.TotalsTrend,
            [.. summary.Departments.Select(d => new DepartmentReportView(d.Rank, d.DepartmentId, d.Name, FiguresView.From(d.Figures), d.Trend))],
            [.. summary.OldestOpen.Select(OpenComplaintView.From)],
            summary.DailyVolume,
            complaintsRead);
    }

    /// <summary>Seconds, to the millisecond; null stays null.</summary>
    internal static double? Seconds(TimeSpan? duration) => duration is { } value ? Math.Round(value.TotalSeconds, 3) : null;
}

/// <summary>A period: from (included) and to (excluded), UTC.</summary>
internal sealed record PeriodView(DateTime From, DateTime To)
{
    public static PeriodView Of(ReportPeriod period) => new(period.From.UtcDateTime, period.To.UtcDateTime);
}

internal sealed record DepartmentReportView(int Rank, string Id, string Name, FiguresView Figures, ReportTrend Trend);

internal sealed record FiguresView(
    int Received,
    int StillOpen,
    int Claimed,
    int Answered,
    int Closed,
    int Breached,
    int HighPriorityBreached,
    double? MedianSecondsToClaim,
    double? MedianSecondsToAnswer,
    double? OldestOpenSeconds)
{
    public static FiguresView From(ReportFigures figures) => new(
        figures.Received,
        figures.StillOpen,
        figures.Claimed,
        figures.Answered,
        figures.Closed,
        figures.Breached,
        figures.HighPriorityBreached,
        ReportSummaryView.Seconds(figures.MedianTimeToClaim),
        ReportSummaryView.Seconds(figures.MedianTimeToAnswer),
        ReportSummaryView.Seconds(figures.OldestOpenAge));
}

internal sealed record OpenComplaintView(
    string Id,
    string DepartmentId,
    string DepartmentName,
    string Gist,
    Priority Priority,
    ComplaintState State,
    DateTime ReceivedAt,
    double AgeSeconds,
    double? OverdueSeconds,
    CardLink? Card)
{
    public static OpenComplaintView From(OpenComplaintLine line) => new(
        line.Id,
        line.DepartmentId,
        line.DepartmentName,
        line.Gist,
        line.Priority,
        line.State,
        line.ReceivedAt.UtcDateTime,
        ReportSummaryView.Seconds(line.Age)!.Value,
        ReportSummaryView.Seconds(line.OverdueBy),
        line.Card);
}
