using System.Globalization;
using System.Text.RegularExpressions;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Features.Reports;

internal enum ReportFormat
{
    Json,
    Csv,
}

/// <summary>What the query string of <c>GET /api/reports/summary</c> asks for, checked.</summary>
internal sealed partial record ReportQuery(ReportRequest Request, ReportFormat Format)
{
    /// <summary>The longest period a summary covers.</summary>
    public const int MaxDays = 366;

    private static readonly DateOnly FirstDay = new(2000, 1, 1);
    private static readonly DateOnly LastDay = new(2199, 12, 31);

    /// <summary>The raw query values.</summary>
    internal sealed record Values(string? From, string? To, string? Department, string? TimeZone, string? Format, bool AcceptsCsv);

    /// <summary>
    /// The request, or every problem keyed by the query parameter it is about. Both bounds or neither (then
    /// yesterday, in the time zone); a bound is a date (local midnight in the time zone) or an instant with an offset.
    /// </summary>
    public static (ReportQuery? Query, Dictionary<string, string[]> Errors) Parse(
        Values values, string defaultTimeZone, ComplaintRouter router, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(router);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var zone = CardOptions.FindTimeZone(string.IsNullOrWhiteSpace(values.TimeZone) ? defaultTimeZone : values.TimeZone.Trim());
        if (zone is null)
        {
            errors["timeZone"] = [$"timeZone '{values.TimeZone}' is not a time zone this server knows; use an IANA id such as 'Europe/Madrid' or 'UTC'."];
        }

        string? departmentId = null;
        if (!string.IsNullOrWhiteSpace(values.Department))
        {
            departmentId = router.FindDepartment(values.Department)?.Id;
            if (departmentId is null)
            {
                errors["department"] = [$"department '{values.Department}' is not a configured department."];
            }
        }

        var format = ParseFormat(values, errors);
        var periods = zone is null ? null : ParsePeriods(values.From, values.To, zone, now, errors);
        return errors.Count > 0 || periods is null || zone is null
            ? (null, errors)
            : (new ReportQuery(new ReportRequest { Period = periods.Current, PreviousPeriod = periods.Previous, DepartmentId = departmentId, TimeZone = zone }, format), errors);
    }

    private static ReportFormat ParseFormat(Values values, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(values.Format))
        {
            return values.AcceptsCsv ? ReportFormat.Csv : ReportFormat.Json;
        }

        switch (values.Format.Trim().ToUpperInvariant())
        {
            case "JSON":
                return ReportFormat.Json;
            case "CSV":
                return ReportFormat.Csv;
        }

        errors["format"] = ["format must be json or csv."];
        return ReportFormat.Json;
    }

    private static ComparedPeriods? ParsePeriods(string? from, string? to, TimeZoneInfo zone, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to))
        {
            return ReportCalendar.Yesterday(now, zone);
        }

        if (string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to))
        {
            var missing = string.IsNullOrWhiteSpace(from) ? "from" : "to";
            errors[missing] = [$"{missing} is required with {(missing == "from" ? "to" : "from")}: give both bounds, or neither for yesterday."];
            return null;
        }

        var start = ParseBound(from, "from", zone, errors);
        var end = ParseBound(to, "to", zone, errors);
        if (start is null || end is null)
        {
            return null;
        }

        if (end.Value.Instant <= start.Value.Instant)
        {
            errors["to"] = ["to must be after from (the period includes from and excludes to)."];
            return null;
        }

        var days = start.Value.Day is { } firstDay && end.Value.Day is { } endDay ? endDay.DayNumber - firstDay.DayNumber : (int?)null;
        if ((days ?? (end.Value.Instant - start.Value.Instant).TotalDays) > MaxDays)
        {
            errors["to"] = [$"The period is at most {MaxDays} days."];
            return null;
        }

        var current = new ReportPeriod(start.Value.Instant, end.Value.Instant);
        // Whole local days compare with as many whole local days before them (a week with a clock change included).
        var previous = days is { } count
            ? ReportCalendar.Days(start.Value.Day!.Value.AddDays(-count), count, zone)
            : current.Preceding();
        return new ComparedPeriods(current, previous);
    }

    private static (DateTimeOffset Instant, DateOnly? Day)? ParseBound(string text, string field, TimeZoneInfo zone, Dictionary<string, string[]> errors)
    {
        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (day >= FirstDay && day <= LastDay)
            {
                return (ReportCalendar.StartOfDay(day, zone), day);
            }
        }
        else
        {
            // A '+' in a query string arrives as a space unless it was sent as %2B.
            var instantText = text.Replace(' ', '+');
            if (InstantPattern().IsMatch(instantText)
                && DateTimeOffset.TryParse(instantText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
                && instant.UtcDateTime >= FirstDay.ToDateTime(TimeOnly.MinValue) && instant.UtcDateTime < LastDay.ToDateTime(TimeOnly.MaxValue))
            {
                return (instant, null);
            }
        }

        errors[field] = [$"{field} must be a date (2026-03-10: local midnight in the report's time zone) or an instant with an offset " +
            $"(2026-03-10T08:00:00Z, 2026-03-10T09:00:00%2B01:00), between {FirstDay:yyyy-MM-dd} and {LastDay:yyyy-MM-dd}."];
        return null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex InstantPattern();
}
