namespace TeamsEscalationBot.Domain.Reports;

/// <summary>
/// Report periods in a recipient's time zone: whole local days, from local midnight to local midnight, as instants.
/// A day is 23 or 25 hours long when the clocks change, never shifted by an hour.
/// </summary>
public static class ReportCalendar
{
    /// <summary>The local day before the one <paramref name="now"/> falls in, and the day before that.</summary>
    public static ComparedPeriods Yesterday(DateTimeOffset now, TimeZoneInfo timeZone)
    {
        var today = LocalDate(now, timeZone);
        return new ComparedPeriods(Days(today.AddDays(-1), 1, timeZone), Days(today.AddDays(-2), 1, timeZone));
    }

    /// <summary>
    /// The last complete week before the one <paramref name="now"/> falls in, weeks starting on
    /// <paramref name="firstDayOfWeek"/>, and the week before it.
    /// </summary>
    public static ComparedPeriods LastWeek(DateTimeOffset now, TimeZoneInfo timeZone, DayOfWeek firstDayOfWeek)
    {
        var today = LocalDate(now, timeZone);
        var thisWeek = today.AddDays(-(((int)today.DayOfWeek - (int)firstDayOfWeek + 7) % 7));
        return new ComparedPeriods(Days(thisWeek.AddDays(-7), 7, timeZone), Days(thisWeek.AddDays(-14), 7, timeZone));
    }

    /// <summary><paramref name="count"/> whole local days starting with <paramref name="first"/>.</summary>
    public static ReportPeriod Days(DateOnly first, int count, TimeZoneInfo timeZone)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return new ReportPeriod(StartOfDay(first, timeZone), StartOfDay(first.AddDays(count), timeZone));
    }

    /// <summary>The local date of an instant.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, timeZone).DateTime);
    }

    /// <summary>
    /// The instant a local day starts, in UTC. When the clocks skip midnight the day starts when they jump; when
    /// midnight happens twice it starts at the first one.
    /// </summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (timeZone.IsInvalidTime(midnight))
        {
            // Midnight under the offset in force before the jump is the instant the clocks jumped.
            var before = timeZone.GetUtcOffset(midnight.AddDays(-1));
            return new DateTimeOffset(midnight, before).ToUniversalTime();
        }

        var offset = timeZone.IsAmbiguousTime(midnight)
            ? timeZone.GetAmbiguousTimeOffsets(midnight).Max()
            : timeZone.GetUtcOffset(midnight);
        return new DateTimeOffset(midnight, offset).ToUniversalTime();
    }
}
