namespace TeamsEscalationBot.Domain.Reports;

/// <summary>A period to report on and the one before it, to show the trend.</summary>
public sealed record ComparedPeriods(ReportPeriod Current, ReportPeriod Previous);
