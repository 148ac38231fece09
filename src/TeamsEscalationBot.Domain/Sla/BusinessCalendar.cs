namespace TeamsEscalationBot.Domain.Sla;

/// <summary>
/// Weekly opening hours in a time zone, minus holidays, and the arithmetic of open time over them.
/// <para>
/// Openings are local wall-clock times. An instant is open when its local clock time lies inside an opening of
/// the day the opening starts on (for Fri 22:00-02:00, Friday). So on the day clocks go forward the skipped local
/// hour is never open (01:00-03:00 lasts one hour), and on the day clocks go back the repeated local hour is open
/// both times (01:00-03:00 lasts three hours). A holiday cancels every opening that starts on that local date; an
/// opening that started the evening before runs to its end.
/// </para>
/// <para>
/// The arithmetic walks one local day at a time (never minute by minute) and always ends: a calendar with no
/// opening hours has no open time, so <see cref="AddBusinessTime"/> throws instead of searching forever.
/// </para>
/// </summary>
public sealed class BusinessCalendar : IWorkingTime
{
    // No time zone is further than 14 hours from UTC.
    private static readonly TimeSpan MaxZoneOffset = TimeSpan.FromHours(14);

    // Past the last holiday, a calendar with any weekly opening is open within a week (two for a week whose only
    // opening falls in the hour a clock change skips); a search that finds nothing for this long never will.
    private const int FruitlessDaysBeforeGivingUp = 15;

    private static readonly TimeSpan ProbeStep = TimeSpan.FromHours(1);

    private readonly WeeklyOpening[][] openingsByDay;
    private readonly HashSet<DateOnly> holidays;
    private readonly DateOnly lastHoliday;
    private readonly TimeSpan minOffset;
    private readonly TimeSpan maxOffset;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when an opening is invalid (unknown weekday, time out of range, opens and
    /// closes at the same time) or two openings overlap. No openings at all is allowed: such a calendar is never open.
    /// </summary>
    public BusinessCalendar(TimeZoneInfo timeZone, IEnumerable<WeeklyOpening> weekly, IEnumerable<DateOnly>? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentNullException.ThrowIfNull(weekly);
        TimeZone = timeZone;
        Weekly = [.. weekly];
        var problems = Weekly.SelectMany(o => WeeklyOpening.Problems(o).Select(p => $"{o}: {p}"))
            .Concat(WeeklyOpening.Overlaps(Weekly).Select(pair => $"{Weekly[pair.First]} overlaps {Weekly[pair.Second]}."))
            .ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid opening hours: " + string.Join(" ", problems), nameof(weekly));
        }

        Holidays = [.. (holidays ?? []).Distinct().Order()];
        this.holidays = [.. Holidays];
        lastHoliday = Holidays.Count > 0 ? Holidays[^1] : DateOnly.MinValue;
        openingsByDay = [.. Enum.GetValues<DayOfWeek>().Select(day => Weekly.Where(o => o.Day == day).ToArray())];
        (minOffset, maxOffset) = OffsetRange(timeZone);
    }

    public TimeZoneInfo TimeZone { get; }

    public IReadOnlyList<WeeklyOpening> Weekly { get; }

    /// <summary>The holidays, each once, in order.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; }

    /// <summary>
    /// The calendar for configured <paramref name="hours"/>; <paramref name="timeZone"/> is the zone its
    /// <see cref="BusinessHours.TimeZone"/> names (the caller looks it up). Throws <see cref="ArgumentException"/>
    /// when a line of <see cref="BusinessHours.Weekly"/> cannot be read or openings overlap.
    /// </summary>
    public static BusinessCalendar From(BusinessHours hours, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var openings = new List<WeeklyOpening>();
        var errors = new List<string>();
        foreach (var line in hours.Weekly ?? [])
        {
            if (WeeklyOpening.TryParse(line, out var parsed, out var problems))
            {
                openings.AddRange(parsed);
            }
            else
            {
                errors.Add($"\"{line}\": " + string.Join(" ", problems));
            }
        }

        return errors.Count > 0
            ? throw new ArgumentException("Invalid opening hours: " + string.Join(" ", errors), nameof(hours))
            : new BusinessCalendar(timeZone, openings, hours.Holidays);
    }

    /// <summary>
    /// The earliest instant at which <paramref name="duration"/> of open time has elapsed after <paramref name="start"/>
    /// (in UTC). A start outside opening hours counts from the next opening; a zero duration returns the start.
    /// Throws <see cref="InvalidOperationException"/> when the calendar has no open time left (no weekly openings).
    /// </summary>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        if (duration == TimeSpan.Zero)
        {
            return start.ToUniversalTime();
        }

        var remaining = duration;
        foreach (var (open, close) in OpenSpans(start.UtcDateTime, until: null))
        {
            var length = close - open;
            if (length >= remaining)
            {
                return new DateTimeOffset(open + remaining, TimeSpan.Zero);
            }

            remaining -= length;
        }

        throw new InvalidOperationException("Unreachable: the open spans are endless or end with an exception.");
    }

    /// <summary>Open time between two instants; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var end = to.UtcDateTime;
        var total = TimeSpan.Zero;
        foreach (var (open, close) in OpenSpans(from.UtcDateTime, until: end))
        {
            if (open >= end)
            {
                break;
            }

            total += (close < end ? close : end) - open;
        }

        return total;
    }

    /// <summary>True when <paramref name="instant"/> is inside opening hours.</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        var at = instant.UtcDateTime;
        return OpenSpans(at, until: at.AddTicks(1)).Any(span => span.Open <= at && at < span.Close);
    }

    DateTimeOffset IWorkingTime.Add(DateTimeOffset start, TimeSpan duration) => AddBusinessTime(start, duration);

    TimeSpan IWorkingTime.Between(DateTimeOffset from, DateTimeOffset to) => BusinessTimeBetween(from, to);

    /// <summary>
    /// Open spans (UTC, Kind Utc) at or after <paramref name="from"/>, in order, clipped to start at it. Stops once no
    /// further span can start before <paramref name="until"/>; without it, runs until the caller stops, and throws when
    /// the calendar is never open again.
    /// </summary>
    private IEnumerable<(DateTime Open, DateTime Close)> OpenSpans(DateTime from, DateTime? until)
    {
        // An opening of local date d lies within local [d, d+2); the day before from's local date can still be open.
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(from, TimeZone)).AddDays(-1);
        var lastFruitful = date;
        var pending = new List<(DateTime Open, DateTime Close)>();
        while (true)
        {
            // Every span of this date or later starts at or after local midnight of it, so no earlier than this instant.
            var frontier = DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue) - maxOffset, DateTimeKind.Utc);
            pending.Sort((a, b) => a.Open.CompareTo(b.Open));
            var ready = pending.TakeWhile(span => span.Open < frontier).ToList();
            pending.RemoveRange(0, ready.Count);
            foreach (var span in ready)
            {
                yield return span;
            }

            if (until is not null && frontier >= until.Value)
            {
                yield break;
            }

            var before = pending.Count;
            AddSpansOf(date, from, pending);
            if (pending.Count > before)
            {
                lastFruitful = date;
            }
            else if (until is null && date > Later(lastFruitful, lastHoliday).AddDays(FruitlessDaysBeforeGivingUp))
            {
                throw new InvalidOperationException(
                    "The business calendar has no opening hours left, so the time would never elapse.");
            }

            date = date.AddDays(1);
        }
    }

    /// <summary>Adds the open spans of the openings that start on local <paramref name="date"/>, clipped to start at <paramref name="from"/>.</summary>
    private void AddSpansOf(DateOnly date, DateTime from, List<(DateTime Open, DateTime Close)> into)
    {
        if (holidays.Contains(date))
        {
            return;
        }

        var midnight = date.ToDateTime(TimeOnly.MinValue);
        foreach (var opening in openingsByDay[(int)date.DayOfWeek])
        {
            var localOpen = midnight + opening.Opens;
            var localClose = midnight + opening.Closes + (opening.SpansMidnight ? WeeklyOpening.OneDay : TimeSpan.Zero);
            foreach (var (open, close) in InstantsWithLocalTimeIn(localOpen, localClose))
            {
                if (close > from)
                {
                    into.Add((open > from ? open : from, close));
                }
            }
        }
    }

    /// <summary>
    /// The UTC spans whose local clock time lies in [<paramref name="localStart"/>, <paramref name="localEnd"/>):
    /// one span on an ordinary day, less or two spans when the clock changes inside.
    /// </summary>
    private IEnumerable<(DateTime Open, DateTime Close)> InstantsWithLocalTimeIn(DateTime localStart, DateTime localEnd)
    {
        var first = DateTime.SpecifyKind(localStart - maxOffset, DateTimeKind.Utc);
        var last = DateTime.SpecifyKind(localEnd - minOffset, DateTimeKind.Utc);
        var at = first;
        while (at < last)
        {
            var offset = TimeZone.GetUtcOffset(at);
            var next = NextOffsetChange(at, last, offset);
            var open = Later(at, DateTime.SpecifyKind(localStart - offset, DateTimeKind.Utc));
            var close = Earlier(next, DateTime.SpecifyKind(localEnd - offset, DateTimeKind.Utc));
            if (open < close)
            {
                yield return (open, close);
            }

            at = next;
        }
    }

    /// <summary>The first instant after <paramref name="at"/> with an offset other than <paramref name="offset"/>, or <paramref name="limit"/>.</summary>
    private DateTime NextOffsetChange(DateTime at, DateTime limit, TimeSpan offset)
    {
        // Clock changes are months apart: probing hourly finds the hour of a change, halving finds its tick.
        var low = at;
        while (true)
        {
            var high = Earlier(low + ProbeStep, limit);
            if (TimeZone.GetUtcOffset(high) != offset)
            {
                while (high - low > TimeSpan.FromTicks(1))
                {
                    var middle = low + ((high - low) / 2);
                    if (TimeZone.GetUtcOffset(middle) == offset)
                    {
                        low = middle;
                    }
                    else
                    {
                        high = middle;
                    }
                }

                return high;
            }

            if (high >= limit)
            {
                return limit;
            }

            low = high;
        }
    }

    /// <summary>The smallest and largest offsets the zone has ever had, an hour wider, capped at ±14 hours.</summary>
    private static (TimeSpan Min, TimeSpan Max) OffsetRange(TimeZoneInfo zone)
    {
        var offsets = zone.GetAdjustmentRules()
            .SelectMany(rule => new[]
            {
                zone.BaseUtcOffset + rule.BaseUtcOffsetDelta,
                zone.BaseUtcOffset + rule.BaseUtcOffsetDelta + rule.DaylightDelta,
            })
            .Append(zone.BaseUtcOffset)
            .ToList();
        var slack = TimeSpan.FromHours(1);
        var min = offsets.Min() - slack;
        var max = offsets.Max() + slack;
        return (min < -MaxZoneOffset ? -MaxZoneOffset : min, max > MaxZoneOffset ? MaxZoneOffset : max);
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Earlier(DateTime a, DateTime b) => a < b ? a : b;

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
