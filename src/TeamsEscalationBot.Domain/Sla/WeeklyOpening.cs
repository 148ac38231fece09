using System.Globalization;

namespace TeamsEscalationBot.Domain.Sla;

/// <summary>
/// One weekly opening in local wall-clock time: it opens on <see cref="Day"/> at <see cref="Opens"/> and closes at
/// <see cref="Closes"/>; on the next day when <see cref="Closes"/> is earlier than <see cref="Opens"/> (Fri 22:00-02:00).
/// <see cref="Opens"/> is in [00:00, 24:00), <see cref="Closes"/> in [00:00, 24:00] and differs from <see cref="Opens"/>.
/// </summary>
public sealed record WeeklyOpening(DayOfWeek Day, TimeSpan Opens, TimeSpan Closes)
{
    internal static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    private static readonly TimeSpan OneWeek = TimeSpan.FromDays(7);

    /// <summary>True when it closes on the next day.</summary>
    public bool SpansMidnight => Closes < Opens;

    /// <summary>How long it is open on an ordinary day (no clock change).</summary>
    public TimeSpan Length => SpansMidnight ? Closes + OneDay - Opens : Closes - Opens;

    /// <summary>
    /// Reads one line of opening hours: weekdays, then one or more time ranges. Weekdays are English names or their
    /// first three letters, separated by commas, with ranges that may wrap the week ("Sat-Mon"); times are H:mm or
    /// HH:mm, 24:00 allowed as a closing time. Examples: <c>Mon-Fri 09:00-18:00</c>,
    /// <c>Mon,Wed 09:00-13:00, 15:00-18:00</c>, <c>Fri 22:00-02:00</c>. Throws <see cref="FormatException"/> naming every problem.
    /// </summary>
    public static IReadOnlyList<WeeklyOpening> Parse(string text)
    {
        if (!TryParse(text, out var openings, out var errors))
        {
            throw new FormatException($"\"{text}\" is not a line of opening hours: " + string.Join(" ", errors));
        }

        return openings;
    }

    /// <summary>Like <see cref="Parse"/>, but returns the problems (also those <see cref="Problems"/> finds) instead of throwing.</summary>
    internal static bool TryParse(string? text, out IReadOnlyList<WeeklyOpening> openings, out IReadOnlyList<string> errors)
    {
        var found = new List<string>();
        var parsed = new List<WeeklyOpening>();
        openings = parsed;
        errors = found;
        if (string.IsNullOrWhiteSpace(text))
        {
            found.Add("It is empty; write weekdays and hours, e.g. \"Mon-Fri 09:00-18:00\".");
            return false;
        }

        var firstDigit = text.AsSpan().IndexOfAnyInRange('0', '9');
        if (firstDigit < 0)
        {
            found.Add("It has no hours; write weekdays and hours, e.g. \"Mon-Fri 09:00-18:00\".");
            return false;
        }

        var days = ParseDays(text[..firstDigit], found);
        var ranges = ParseRanges(text[firstDigit..], found);
        if (found.Count > 0)
        {
            return false;
        }

        foreach (var day in days)
        {
            foreach (var (opens, closes) in ranges)
            {
                parsed.Add(new WeeklyOpening(day, opens, closes));
            }
        }

        found.AddRange(parsed.SelectMany(Problems).Distinct(StringComparer.Ordinal));
        return found.Count == 0;
    }

    /// <summary>What is wrong with one opening on its own: an unknown weekday, a time out of range, or no length.</summary>
    internal static IEnumerable<string> Problems(WeeklyOpening opening)
    {
        if (!Enum.IsDefined(opening.Day))
        {
            yield return $"Day {(int)opening.Day} is not a weekday.";
        }

        if (opening.Opens < TimeSpan.Zero || opening.Opens >= OneDay)
        {
            yield return $"It opens at {Clock(opening.Opens)}, which is not a time of day (00:00 to 23:59).";
        }

        if (opening.Closes < TimeSpan.Zero || opening.Closes > OneDay)
        {
            yield return $"It closes at {Clock(opening.Closes)}, which is not a time of day (00:00 to 24:00).";
        }

        if (opening.Opens == opening.Closes)
        {
            yield return $"{Clock(opening.Opens)}-{Clock(opening.Closes)} opens and closes at the same time.";
        }
    }

    /// <summary>Every pair of openings (by index) that are open at the same moment of the week, each pair once.</summary>
    internal static IEnumerable<(int First, int Second)> Overlaps(IReadOnlyList<WeeklyOpening> openings)
    {
        for (var i = 0; i < openings.Count; i++)
        {
            for (var j = i + 1; j < openings.Count; j++)
            {
                if (Overlap(openings[i], openings[j]))
                {
                    yield return (i, j);
                }
            }
        }
    }

    /// <summary>"Fri 22:00-02:00".</summary>
    public override string ToString() => $"{DayName(Day)} {Clock(Opens)}-{Clock(Closes)}";

    internal static string DayName(DayOfWeek day) => Enum.IsDefined(day) ? day.ToString()[..3] : ((int)day).ToString(CultureInfo.InvariantCulture);

    internal static string Clock(TimeSpan time)
    {
        var sign = time < TimeSpan.Zero ? "-" : string.Empty;
        var value = time.Duration();
        var text = string.Create(CultureInfo.InvariantCulture, $"{sign}{(int)value.TotalHours:00}:{value.Minutes:00}");
        return value.Seconds == 0 && value.Milliseconds == 0
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text}:{value.Seconds:00}");
    }

    private static bool Overlap(WeeklyOpening a, WeeklyOpening b)
    {
        var aStart = WeekPosition(a);
        var bStart = WeekPosition(b);
        foreach (var shift in (ReadOnlySpan<TimeSpan>)[-OneWeek, TimeSpan.Zero, OneWeek])
        {
            var start = aStart > bStart + shift ? aStart : bStart + shift;
            var end = aStart + a.Length < bStart + shift + b.Length ? aStart + a.Length : bStart + shift + b.Length;
            if (start < end)
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan WeekPosition(WeeklyOpening opening) => ((int)opening.Day * OneDay) + opening.Opens;

    private static List<DayOfWeek> ParseDays(string text, List<string> errors)
    {
        var days = new List<DayOfWeek>();
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.All(string.IsNullOrEmpty))
        {
            errors.Add("It names no weekday; start with weekdays, e.g. \"Mon-Fri 09:00-18:00\".");
            return days;
        }

        foreach (var part in parts)
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length > 2 || ends.Any(string.IsNullOrEmpty))
            {
                errors.Add($"'{part}' is not a weekday or a range of weekdays like Mon-Fri.");
                continue;
            }

            var first = Weekday(ends[0], errors);
            var last = ends.Length == 1 ? first : Weekday(ends[1], errors);
            if (first is null || last is null)
            {
                continue;
            }

            for (var day = first.Value; ; day = (DayOfWeek)(((int)day + 1) % 7))
            {
                days.Add(day);
                if (day == last)
                {
                    break;
                }
            }
        }

        return [.. days.Distinct()];
    }

    private static DayOfWeek? Weekday(string name, List<string> errors)
    {
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var full = day.ToString();
            if (string.Equals(name, full, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, full[..3], StringComparison.OrdinalIgnoreCase))
            {
                return day;
            }
        }

        errors.Add($"'{name}' is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun).");
        return null;
    }

    private static List<(TimeSpan Opens, TimeSpan Closes)> ParseRanges(string text, List<string> errors)
    {
        // Spaces around the dash are allowed ("09:00 - 18:00"), so they are removed before splitting into ranges.
        var joined = string.Join('-', text.Split('-', StringSplitOptions.TrimEntries));
        var ranges = new List<(TimeSpan, TimeSpan)>();
        foreach (var token in joined.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = token.Split('-');
            if (ends.Length != 2)
            {
                errors.Add($"'{token}' is not a time range like 09:00-18:00.");
                continue;
            }

            var opens = TimeOfDay(ends[0], errors);
            var closes = TimeOfDay(ends[1], errors);
            if (opens is not null && closes is not null)
            {
                ranges.Add((opens.Value, closes.Value));
            }
        }

        return ranges;
    }

    private static TimeSpan? TimeOfDay(string text, List<string> errors)
    {
        var parts = text.Split(':');
        if (parts.Length == 2
            && parts[0].Length is 1 or 2
            && parts[1].Length == 2
            && parts[0].All(char.IsAsciiDigit)
            && parts[1].All(char.IsAsciiDigit))
        {
            var hours = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var minutes = int.Parse(parts[1], CultureInfo.InvariantCulture);
            if ((hours < 24 && minutes < 60) || (hours == 24 && minutes == 0))
            {
                return new TimeSpan(hours, minutes, 0);
            }
        }

        errors.Add($"'{text}' is not a time (H:mm or HH:mm, 00:00 to 24:00).");
        return null;
    }
}
