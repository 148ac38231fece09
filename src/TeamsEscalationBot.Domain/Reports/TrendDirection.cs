namespace TeamsEscalationBot.Domain.Reports;

public enum TrendDirection
{
    Flat,
    Up,
    Down,
}
