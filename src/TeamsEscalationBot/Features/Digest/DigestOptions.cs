using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Features.Digest;

/// <summary>Which digests a recipient gets: the daily one, the weekly one, or both.</summary>
internal enum DigestCadenceSetting
{
    Daily,
    Weekly,
    Both,
}

/// <summary>
/// Configuration section <c>Digest</c> (docs/digest.md): who receives the executive digest and when. Recipients are
/// listed one by one (<see cref="Recipients"/>) and/or follow an Entra group (<see cref="RecipientGroupId"/>, whose
/// members get <see cref="GroupDefaults"/>); a listed person's own settings win over the group's defaults.
/// </summary>
internal sealed class DigestOptions
{
    public const string SectionName = "Digest";
    public static readonly TimeSpan MinGroupRefreshInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxGroupRefreshInterval = TimeSpan.FromDays(1);

    public List<DigestRecipientOptions> Recipients { get; set; } = [];

    /// <summary>An Entra group (object id) whose users, nested groups included, receive the digest; null: none.</summary>
    public string? RecipientGroupId { get; set; }

    /// <summary>The schedule of the group's members who are not listed under <see cref="Recipients"/>.</summary>
    public DigestScheduleOptions GroupDefaults { get; set; } = new();

    /// <summary>How often the group's members are read from Microsoft Graph at most; between reads the last list is used.</summary>
    public TimeSpan GroupRefreshInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Attempts to deliver one digest before it is recorded as failed (an Error in the log).</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The first retry's delay; each further retry waits about twice as long, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The address of <c>GET /api/reports/summary</c> as executives reach it (e.g. behind a dashboard), for the card's
    /// "Open the full report"; the period, time zone and department are added as query parameters. Null: no such action.
    /// </summary>
    public Uri? ReportUrl { get; set; }
}

/// <summary>When and what one recipient (or the group's members) receives.</summary>
internal class DigestScheduleOptions
{
    /// <summary>IANA time zone id (e.g. <c>Europe/Madrid</c>): the period's days and the hour are local to it. Required.</summary>
    public string? TimeZone { get; set; }

    public DigestCadenceSetting Cadence { get; set; } = DigestCadenceSetting.Daily;

    /// <summary>The weekly digest's day: it covers the seven local days before it.</summary>
    public DayOfWeek WeeklyDay { get; set; } = DayOfWeek.Monday;

    /// <summary>The local hour (0–23) the digest is due at.</summary>
    public int LocalHour { get; set; } = 8;

    /// <summary>Department ids (as configured under <c>Departments</c>) the digest covers; empty: every department.</summary>
    public List<string> Departments { get; set; } = [];

    /// <summary>The card's language (<c>en</c>, <c>es</c>, <c>es-ES</c>…); null: English.</summary>
    public string? Locale { get; set; }
}

/// <summary>One entry of <c>Digest:Recipients</c>.</summary>
internal sealed class DigestRecipientOptions : DigestScheduleOptions
{
    /// <summary>The recipient's Microsoft Entra object id.</summary>
    public string? AadObjectId { get; set; }
}

/// <summary>Start-up checks of <c>Digest:*</c>; each message names the key to fix.</summary>
internal sealed partial class DigestOptionsValidator(ComplaintRouter router) : IValidateOptions<DigestOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < options.Recipients.Count; i++)
        {
            var recipient = options.Recipients[i];
            var path = $"Digest:Recipients:{i}";
            if (!Guid.TryParse(recipient.AadObjectId, out var id))
            {
                problems.Add($"{path}:AadObjectId must be a Microsoft Entra object id (a GUID).");
            }
            else if (!seen.Add(id))
            {
                problems.Add($"{path}:AadObjectId repeats {id}: list each recipient once (with Cadence Both for both digests).");
            }

            problems.AddRange(ScheduleProblems(recipient, path));
        }

        if (!string.IsNullOrWhiteSpace(options.RecipientGroupId))
        {
            if (!Guid.TryParse(options.RecipientGroupId, out _))
            {
                problems.Add("Digest:RecipientGroupId must be a Microsoft Entra group object id (a GUID).");
            }

            problems.AddRange(ScheduleProblems(options.GroupDefaults, "Digest:GroupDefaults"));
        }

        if (options.GroupRefreshInterval < DigestOptions.MinGroupRefreshInterval || options.GroupRefreshInterval > DigestOptions.MaxGroupRefreshInterval)
        {
            problems.Add("Digest:GroupRefreshInterval must be between 00:01:00 and 1.00:00:00.");
        }

        if (options.MaxAttempts is < 1 or > 50)
        {
            problems.Add("Digest:MaxAttempts must be between 1 and 50.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay || options.RetryMaxDelay > TimeSpan.FromDays(1))
        {
            problems.Add("Digest:RetryBaseDelay must be positive and Digest:RetryMaxDelay between it and 1.00:00:00.");
        }

        if (options.ReportUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(url.Query)))
        {
            problems.Add("Digest:ReportUrl must be an absolute http(s) address of /api/reports/summary without a query string.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private IEnumerable<string> ScheduleProblems(DigestScheduleOptions schedule, string path)
    {
        if (string.IsNullOrWhiteSpace(schedule.TimeZone))
        {
            yield return $"{path}:TimeZone is required: an IANA id such as 'Europe/Madrid' or 'America/New_York'.";
        }
        else if (CardOptions.FindTimeZone(schedule.TimeZone) is null)
        {
            yield return $"{path}:TimeZone '{schedule.TimeZone}' is not a time zone this machine knows; use an IANA id such as 'Europe/Madrid'.";
        }

        if (!Enum.IsDefined(schedule.Cadence))
        {
            yield return $"{path}:Cadence must be Daily, Weekly or Both.";
        }

        if (!Enum.IsDefined(schedule.WeeklyDay))
        {
            yield return $"{path}:WeeklyDay must be a day of the week (Monday … Sunday).";
        }

        if (schedule.LocalHour is < 0 or > 23)
        {
            yield return $"{path}:LocalHour must be between 0 and 23.";
        }

        for (var d = 0; d < schedule.Departments.Count; d++)
        {
            if (router.FindDepartment(schedule.Departments[d]) is null)
            {
                yield return $"{path}:Departments:{d} '{schedule.Departments[d]}' is not a configured department id.";
            }
        }

        if (schedule.Locale is { } locale && !IsCulture(locale))
        {
            yield return $"{path}:Locale '{locale}' is not a language tag such as 'en-US' or 'es-ES'.";
        }
    }

    /// <summary>A BCP 47 language tag as Teams sends it (<c>en</c>, <c>es-ES</c>, <c>zh-Hant-TW</c>).</summary>
    private static bool IsCulture(string locale) => LanguageTag().IsMatch(locale);

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
