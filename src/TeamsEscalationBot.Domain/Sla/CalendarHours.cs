namespace TeamsEscalationBot.Domain.Sla;

/// <summary>Calendar hours: plain UTC arithmetic.</summary>
internal sealed class CalendarHours : IWorkingTime
{
    public static CalendarHours Instance { get; } = new();

    public DateTimeOffset Add(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return start.ToUniversalTime() + duration;
    }

    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to) => to > from ? to - from : TimeSpan.Zero;
}
