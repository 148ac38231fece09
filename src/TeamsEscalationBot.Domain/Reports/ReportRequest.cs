namespace TeamsEscalationBot.Domain.Reports;

/// <summary>What to report on: the period, the one to compare it with, an optional department and the reader's time zone.</summary>
public sealed record ReportRequest
{
    public required ReportPeriod Period { get; init; }

    /// <summary>The period the trend compares with; when null, the period of the same length just before <see cref="Period"/>.</summary>
    public ReportPeriod? PreviousPeriod { get; init; }

    /// <summary>Only this department (ignoring case); every department when null.</summary>
    public string? DepartmentId { get; init; }

    /// <summary>
    /// Only these departments (ignoring case), e.g. the ones a digest recipient sees; every department when null or
    /// empty. With <see cref="DepartmentId"/> as well, only the departments in both.
    /// </summary>
    public IReadOnlyCollection<string>? DepartmentIds { get; init; }

    /// <summary>The time zone whose local days the daily volume counts.</summary>
    public required TimeZoneInfo TimeZone { get; init; }
}
