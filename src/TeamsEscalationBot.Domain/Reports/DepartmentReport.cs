namespace TeamsEscalationBot.Domain.Reports;

/// <summary>One department's row: its figures for the period and their trend. <see cref="Rank"/> 1 is the most severe.</summary>
public sealed record DepartmentReport(int Rank, string DepartmentId, string Name, ReportFigures Figures, ReportTrend Trend);
