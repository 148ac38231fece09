namespace TeamsEscalationBot.Domain.Reports;

/// <summary>One figure in the previous period and in this one.</summary>
public sealed record FigureTrend(int Previous, int Current)
{
    public TrendDirection Direction => Current.CompareTo(Previous) switch
    {
        > 0 => TrendDirection.Up,
        < 0 => TrendDirection.Down,
        _ => TrendDirection.Flat,
    };
}
