namespace TeamsEscalationBot.Domain.Sla;

/// <summary>How a clock counts time: open time of a business calendar, or every hour.</summary>
internal interface IWorkingTime
{
    /// <summary>The earliest instant at which <paramref name="duration"/> of counted time has elapsed after <paramref name="start"/>.</summary>
    DateTimeOffset Add(DateTimeOffset start, TimeSpan duration);

    /// <summary>Counted time between two instants; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    TimeSpan Between(DateTimeOffset from, DateTimeOffset to);
}
