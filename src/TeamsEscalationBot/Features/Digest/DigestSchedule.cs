using TeamsEscalationBot.Domain.Reports;

namespace TeamsEscalationBot.Features.Digest;

/// <summary>
/// A digest that has fallen due: its cadence, the period it covers (whole local days) with the one it is compared
/// with, the period's first local day (which names it) and the instant it fell due.
/// </summary>
internal sealed record DueDigest(DigestCadence Cadence, DateOnly FirstDay, ComparedPeriods Periods, DateTimeOffset DueAt);

/// <summary>
/// When digests fall due, in the recipient's time zone. Daily: the local day before, due at the local hour of the day
/// after it. Weekly: the seven local days before the chosen weekday, due at the local hour of that weekday. Days are
/// whole local days (23 or 25 hours when the clocks change); an hour the clocks skip is due when they jump, an hour
/// that happens twice is due the first time.
/// </summary>
internal static class DigestSchedule
{
    /// <summary>The latest digest of <paramref name="cadence"/> due at or before <paramref name="now"/>.</summary>
    public static DueDigest Latest(DigestCadence cadence, DateTimeOffset now, TimeZoneInfo timeZone, int localHour, DayOfWeek weeklyDay)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentOutOfRangeException.ThrowIfNegative(localHour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localHour, 23);
        var day = ReportCalendar.LocalDate(now, timeZone);
        var length = cadence == DigestCadence.Daily ? 1 : 7;
        if (cadence != DigestCadence.Daily)
        {
            // The last chosen weekday on or before today.
            day = day.AddDays(-(((int)day.DayOfWeek - (int)weeklyDay + 7) % 7));
        }

        if (At(day, localHour, timeZone) > now)
        {
            day = day.AddDays(-length);
        }

        return new DueDigest(
            cadence, day.AddDays(-length),
            new ComparedPeriods(ReportCalendar.Days(day.AddDays(-length), length, timeZone), ReportCalendar.Days(day.AddDays(-2 * length), length, timeZone)),
            At(day, localHour, timeZone));
    }

    /// <summary>The instant of <paramref name="hour"/>:00 local time on <paramref name="day"/>.</summary>
    public static DateTimeOffset At(DateOnly day, int hour, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var local = day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Unspecified);
        if (timeZone.IsInvalidTime(local))
        {
            // The hour under the offset in force before the jump is the instant the clocks jumped.
            return new DateTimeOffset(local, timeZone.GetUtcOffset(local.AddHours(-3))).ToUniversalTime();
        }

        var offset = timeZone.IsAmbiguousTime(local) ? timeZone.GetAmbiguousTimeOffsets(local).Max() : timeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
