namespace TeamsEscalationBot.Domain.Reports;

/// <summary>Received, closed and breached, compared with the previous period.</summary>
public sealed record ReportTrend(FigureTrend Received, FigureTrend Closed, FigureTrend Breached)
{
    internal static ReportTrend Between(ReportFigures previous, ReportFigures current) => new(
        new FigureTrend(previous.Received, current.Received),
        new FigureTrend(previous.Closed, current.Closed),
        new FigureTrend(previous.Breached, current.Breached));
}
