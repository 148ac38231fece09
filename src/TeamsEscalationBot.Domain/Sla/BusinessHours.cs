namespace TeamsEscalationBot.Domain.Sla;

/// <summary>
/// A department's opening hours as written in configuration: plain data, so a started clock can keep a copy.
/// Turn it into a <see cref="BusinessCalendar"/> with <see cref="BusinessCalendar.From"/> and the time zone for <see cref="TimeZone"/>.
/// </summary>
public sealed record BusinessHours
{
    /// <summary>IANA time zone id the opening hours and holidays are in, e.g. <c>Europe/Madrid</c>.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Weekly opening hours in local time, one line per entry, e.g. <c>Mon-Fri 09:00-18:00</c> (see <see cref="WeeklyOpening.Parse"/>).</summary>
    public IReadOnlyList<string> Weekly { get; init; } = [];

    /// <summary>Local dates on which the department does not open (openings that start that day are cancelled).</summary>
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];
}
