using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Features.Intake;

namespace TeamsEscalationBot.Features.Reports;

/// <summary>The <c>Reports</c> configuration section: who may read the summary, its default time zone and rate.</summary>
internal sealed class ReportOptions
{
    public const string SectionName = "Reports";
    public const int MinimumKeyLength = 24;

    /// <summary>
    /// Keys that may read reports (and nothing else), as <c>Authorization: Bearer &lt;key&gt;</c>. Intake keys may read
    /// them too. Each has a name (for logs and rate limits) and either the key or its SHA-256 hash.
    /// </summary>
    public List<ReportKeySettings> Keys { get; set; } = [];

    /// <summary>IANA (or Windows) time zone id whose local days "yesterday" and date bounds mean, e.g. <c>Europe/Madrid</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Requests per minute allowed for each key.</summary>
    public int RequestsPerMinute { get; set; } = 60;
}

/// <summary>One entry of <c>Reports:Keys</c>.</summary>
internal sealed class ReportKeySettings
{
    /// <summary>Names the key in logs and rate limits: letters, digits, <c>- _ .</c>; unique.</summary>
    public string? Name { get; set; }

    /// <summary>The lowercase or uppercase hex SHA-256 of the key's UTF-8 bytes, so the configuration holds no secret.</summary>
    public string? Hash { get; set; }

    /// <summary>The key itself (a secret: environment, Key Vault or user secrets only), when no <see cref="Hash"/> is given.</summary>
    public string? Key { get; set; }
}

/// <summary>Start-up checks of <c>Reports:*</c>; each message names the key to fix.</summary>
internal sealed partial class ReportOptionsValidator : IValidateOptions<ReportOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            failures.AddRange(KeyProblems(options.Keys[i], $"Reports:Keys:{i}", names));
        }

        if (CardOptions.FindTimeZone(options.TimeZone) is null)
        {
            failures.Add($"Reports:TimeZone '{options.TimeZone}' is not a time zone this machine knows; use an IANA id such as 'Europe/Madrid' or 'UTC'.");
        }

        if (options.RequestsPerMinute is < 1 or > 100_000)
        {
            failures.Add("Reports:RequestsPerMinute must be between 1 and 100000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> KeyProblems(ReportKeySettings key, string path, HashSet<string> names)
    {
        if (string.IsNullOrWhiteSpace(key.Name) || !NamePattern().IsMatch(key.Name))
        {
            yield return $"{path}:Name is required: 1-64 letters, digits, '-', '_' or '.'.";
        }
        else if (!names.Add(key.Name))
        {
            yield return $"{path}:Name '{key.Name}' is used by another report key.";
        }

        var hasKey = !string.IsNullOrWhiteSpace(key.Key);
        var hasHash = !string.IsNullOrWhiteSpace(key.Hash);
        if (hasKey == hasHash)
        {
            yield return $"{path} needs exactly one of Key or Hash (the hex SHA-256 of the key).";
        }
        else if (hasKey && key.Key!.Trim().Length < ReportOptions.MinimumKeyLength)
        {
            yield return $"{path}:Key must be at least {ReportOptions.MinimumKeyLength} characters (use a random secret, e.g. 32 bytes base64).";
        }
        else if (hasHash && !IntakeKeyHashes.TryParse(key.Hash, out _))
        {
            yield return $"{path}:Hash must be 64 hexadecimal characters: the SHA-256 of the key's UTF-8 bytes.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
