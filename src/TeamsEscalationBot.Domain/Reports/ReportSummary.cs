namespace TeamsEscalationBot.Domain.Reports;

/// <summary>Everything a digest card or the summary endpoint shows, computed once by <see cref="ReportCalculator"/>.</summary>
public sealed record ReportSummary
{
    public required ReportPeriod Period { get; init; }

    public required ReportPeriod PreviousPeriod { get; init; }

    /// <summary>The department the report is limited to; null for every department.</summary>
    public string? DepartmentId { get; init; }

    /// <summary>The time zone of <see cref="DailyVolume"/>'s days.</summary>
    public required string TimeZoneId { get; init; }

    /// <summary>Departments, most severe first (see docs/reports.md for the rule).</summary>
    public required IReadOnlyList<DepartmentReport> Departments { get; init; }

    /// <summary>The same figures over every department in the report.</summary>
    public required ReportFigures Totals { get; init; }

    public required ReportTrend TotalsTrend { get; init; }

    /// <summary>Up to <see cref="ReportCalculator.OldestOpenCount"/> open complaints: the most overdue first, then the oldest.</summary>
    public required IReadOnlyList<OpenComplaintLine> OldestOpen { get; init; }

    /// <summary>Complaints received per local day, the last <see cref="ReportCalculator.DailyVolumeDays"/> days up to the end of the period, oldest first.</summary>
    public required IReadOnlyList<DailyVolume> DailyVolume { get; init; }
}
