using System.Globalization;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Sla;

/// <summary>The checks behind <see cref="SlaPolicySet.Validate"/>.</summary>
internal static class SlaPolicyValidation
{
    private const string Root = "Sla";

    public static List<string> Check(SlaPolicySet policies, Func<string, TimeZoneInfo?> findTimeZone, IEnumerable<string>? departmentIds)
    {
        var errors = new List<string>();
        if (policies.Default is not null)
        {
            CheckPolicy(policies.Default, $"{Root}:Default", inheritedHours: null, findTimeZone, errors);
        }

        var known = departmentIds?.Where(id => id is not null).Select(id => id.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, policy) in policies.Departments ?? new Dictionary<string, SlaPolicy>())
        {
            var key = $"{Root}:Departments:{id}";
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add($"{Root}:Departments has a policy without a department id.");
                continue;
            }

            if (!seen.TryAdd(id.Trim(), key))
            {
                errors.Add($"{key} repeats {seen[id.Trim()]} (department ids ignore case).");
            }

            if (known is not null && !known.Contains(id.Trim()))
            {
                errors.Add($"{key}: '{id}' is not a configured department.");
            }

            if (policy is null)
            {
                errors.Add($"{key} is empty.");
                continue;
            }

            CheckPolicy(policy, key, policies.Default?.BusinessHours, findTimeZone, errors);
        }

        return errors;
    }

    private static void CheckPolicy(
        SlaPolicy policy, string key, BusinessHours? inheritedHours, Func<string, TimeZoneInfo?> findTimeZone, List<string> errors)
    {
        if (policy.Targets is not null)
        {
            CheckTargets(policy.Targets, $"{key}:Targets", errors);
        }

        foreach (var (priority, targets) in policy.Priorities ?? new Dictionary<Priority, SlaTargets>())
        {
            if (!Enum.IsDefined(priority))
            {
                errors.Add($"{key}:Priorities: {(int)priority} is not a priority ({string.Join(", ", Enum.GetNames<Priority>())}).");
            }
            else if (targets is null)
            {
                errors.Add($"{key}:Priorities:{priority} is empty.");
            }
            else
            {
                CheckTargets(targets, $"{key}:Priorities:{priority}", errors);
            }
        }

        if (policy.DueSoonShare is { } share && !(share > 0 && share < 1))
        {
            errors.Add($"{key}:DueSoonShare ({share.ToString(CultureInfo.InvariantCulture)}) must be greater than 0 and less than 1.");
        }

        CheckCounting(policy, key, inheritedHours, errors);
        if (policy.BusinessHours is not null)
        {
            CheckHours(policy.BusinessHours, $"{key}:BusinessHours", findTimeZone, errors);
        }
    }

    private static void CheckTargets(SlaTargets targets, string key, List<string> errors)
    {
        if (targets.TimeToClaim <= TimeSpan.Zero)
        {
            errors.Add($"{key}:TimeToClaim must be greater than zero.");
        }

        if (targets.TimeToAnswer <= TimeSpan.Zero)
        {
            errors.Add($"{key}:TimeToAnswer must be greater than zero.");
        }

        // Both count from the same start and a complaint is claimed before it is answered, so a shorter time to
        // answer would make the claim target meaningless.
        if (targets.TimeToAnswer > TimeSpan.Zero && targets.TimeToAnswer < targets.TimeToClaim)
        {
            errors.Add(
                $"{key}:TimeToAnswer ({targets.TimeToAnswer.ToString("c", CultureInfo.InvariantCulture)}) must not be shorter than "
                + $"TimeToClaim ({targets.TimeToClaim.ToString("c", CultureInfo.InvariantCulture)}): both count from the same start.");
        }
    }

    private static void CheckCounting(SlaPolicy policy, string key, BusinessHours? inheritedHours, List<string> errors)
    {
        switch (policy.CountIn)
        {
            case null:
                break;
            case SlaCounting.CalendarHours when policy.BusinessHours is not null:
                errors.Add($"{key}:BusinessHours is set but {key}:CountIn is CalendarHours; remove one of them.");
                break;
            case SlaCounting.BusinessHours when policy.BusinessHours is null && inheritedHours is null:
                errors.Add($"{key}:CountIn is BusinessHours but no BusinessHours are set (here or in {Root}:Default).");
                break;
            case SlaCounting.BusinessHours or SlaCounting.CalendarHours:
                break;
            default:
                errors.Add($"{key}:CountIn {(int)policy.CountIn} is not BusinessHours or CalendarHours.");
                break;
        }
    }

    private static void CheckHours(BusinessHours hours, string key, Func<string, TimeZoneInfo?> findTimeZone, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(hours.TimeZone))
        {
            errors.Add($"{key}:TimeZone is required (an IANA id such as Europe/Madrid).");
        }
        else if (findTimeZone(hours.TimeZone.Trim()) is null)
        {
            errors.Add($"{key}:TimeZone '{hours.TimeZone}' is not a known time zone.");
        }

        var lines = hours.Weekly ?? [];
        if (lines.Count == 0)
        {
            errors.Add($"{key}:Weekly has no opening hours; list at least one line such as \"Mon-Fri 09:00-18:00\".");
            return;
        }

        var openings = new List<(int Line, WeeklyOpening Opening)>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (WeeklyOpening.TryParse(lines[i], out var parsed, out var problems))
            {
                openings.AddRange(parsed.Select(o => (i, o)));
            }
            else
            {
                errors.AddRange(problems.Select(p => $"{key}:Weekly[{i}] \"{lines[i]}\": {p}"));
            }
        }

        var reported = new HashSet<(int, int)>();
        foreach (var (first, second) in WeeklyOpening.Overlaps([.. openings.Select(o => o.Opening)]))
        {
            var (a, b) = (openings[first], openings[second]);
            if (reported.Add((a.Line, b.Line)))
            {
                var where = a.Line == b.Line ? $"{key}:Weekly[{a.Line}]" : $"{key}:Weekly[{a.Line}] and Weekly[{b.Line}]";
                errors.Add($"{where}: {a.Opening} overlaps {b.Opening}.");
            }
        }
    }
}
