using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Features.Intake;

/// <summary>The <c>Intake</c> configuration section.</summary>
internal sealed class IntakeOptions
{
    public const string SectionName = "Intake";
    public const int MinimumKeyLength = 24;

    /// <summary>In a key's <see cref="IntakeKeyOptions.Sources"/>: every source, present and future.</summary>
    public const string AnySource = "*";

    /// <summary>
    /// Named keys accepted as <c>Authorization: Bearer &lt;key&gt;</c>, each bound to the sources it may submit for and
    /// read. None configured (here or in <see cref="ApiKeys"/>): the intake API is closed (401).
    /// </summary>
    public List<IntakeKeyOptions> Keys { get; set; } = [];

    /// <summary>
    /// Unnamed keys of earlier configurations, each allowed for every source. Still accepted so that a deployment keeps
    /// working, with a warning on start: move them to <see cref="Keys"/>.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Requests per minute allowed for each key.</summary>
    public int RequestsPerMinute { get; set; } = 120;

    /// <summary>Per source (the <c>source</c> field of a complaint): callback secret, hosts and ports, and the requesters allowed.</summary>
    public Dictionary<string, IntakeSourceOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The settings of <paramref name="source"/>, or null when it has none.</summary>
    public IntakeSourceOptions? Source(string? source) =>
        source is not null && Sources.TryGetValue(source.Trim(), out var settings) ? settings : null;
}

/// <summary>One intake key: its name, the secret (as a hash or as itself) and the sources it may act for.</summary>
internal sealed class IntakeKeyOptions
{
    /// <summary>Names the key in logs, rate limits and the complaint history; never secret.</summary>
    public string? Name { get; set; }

    /// <summary>Lower- or upper-case hex SHA-256 of the key's UTF-8 bytes, so the key itself need not be stored.</summary>
    public string? Hash { get; set; }

    /// <summary>Or the key itself, e.g. a Key Vault reference. Never commit it.</summary>
    public string? Key { get; set; }

    /// <summary>The sources this key may submit complaints for and read (compared ignoring case); <c>*</c> for every source.</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>An entry with nothing in it is an unset key (an environment variable can blank out a configured one).</summary>
    public bool IsBlank =>
        string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Hash) && string.IsNullOrWhiteSpace(Key) && Sources.All(string.IsNullOrWhiteSpace);
}

internal sealed class IntakeSourceOptions
{
    /// <summary>The only port a callback URL may use unless the source allows others.</summary>
    public const int HttpsPort = 443;

    /// <summary>HMAC-SHA256 key for signing callbacks to this source. Never commit it.</summary>
    public string? CallbackSecret { get; set; }

    /// <summary>Hosts (exact, or <c>*.example.com</c>) a callback URL of this source may point at; https only.</summary>
    public List<string> AllowedCallbackHosts { get; set; } = [];

    /// <summary>Ports a callback URL may use besides 443.</summary>
    public List<int> AllowedCallbackPorts { get; set; } = [];

    /// <summary>
    /// When set, the requester of this source's complaints must be named by a UPN in one of these domains (exact, or
    /// <c>*.example.com</c> for its subdomains), so a source can only address the community managers it serves.
    /// </summary>
    public List<string> AllowedRequesterDomains { get; set; } = [];

    public bool AllowsCallbackPort(int port) => port == HttpsPort || AllowedCallbackPorts.Contains(port);
}

internal sealed partial class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateKeys(options, failures);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            // A blank entry is an unset key (deployments write an empty value to keep intake closed).
            if (!string.IsNullOrWhiteSpace(options.ApiKeys[i]) && options.ApiKeys[i].Trim().Length < IntakeOptions.MinimumKeyLength)
            {
                failures.Add($"Intake:ApiKeys:{i} must be at least {IntakeOptions.MinimumKeyLength} characters (use a random secret, e.g. 32 bytes base64).");
            }
        }

        ValidateDistinctSecrets(options, failures);
        if (options.RequestsPerMinute is < 1 or > 100_000)
        {
            failures.Add("Intake:RequestsPerMinute must be between 1 and 100000.");
        }

        foreach (var (source, settings) in options.Sources)
        {
            ValidateSource(source, settings, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateKeys(IntakeOptions options, List<string> failures)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (place, hash) in IntakeKeyHashes.Configured(options).Where(k => k.Place.StartsWith("Intake:ApiKeys", StringComparison.Ordinal)))
        {
            names.TryAdd(IntakeKeyHashes.LegacyName(hash), place);
        }

        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            if (key.IsBlank)
            {
                continue;
            }

            var at = $"Intake:Keys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name) || !KeyNamePattern().IsMatch(key.Name))
            {
                failures.Add($"{at}:Name is required: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
            }
            else if (!names.TryAdd(key.Name, at))
            {
                failures.Add($"{at}:Name '{key.Name}' is already the name of {names[key.Name]}; names must be unique.");
            }

            ValidateSecret(key, at, failures);
            if (key.Sources.Count == 0 || key.Sources.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{at}:Sources must list the sources this key may use (non-empty names, or \"*\" for every source).");
            }
            else if (key.Sources.FirstOrDefault(s => s.Trim().Length > ComplaintLimits.MaxShortFieldLength) is { } tooLong)
            {
                failures.Add($"{at}:Sources entry '{tooLong[..20]}…' is longer than a source can be ({ComplaintLimits.MaxShortFieldLength} characters).");
            }
        }
    }

    private static void ValidateSecret(IntakeKeyOptions key, string at, List<string> failures)
    {
        var hasHash = !string.IsNullOrWhiteSpace(key.Hash);
        var hasKey = !string.IsNullOrWhiteSpace(key.Key);
        if (hasHash == hasKey)
        {
            failures.Add($"{at} needs exactly one of Hash (hex SHA-256 of the key) or Key (the key itself).");
        }
        else if (hasHash && !IntakeKeyHashes.TryParse(key.Hash, out _))
        {
            failures.Add($"{at}:Hash must be the SHA-256 of the key as 64 hexadecimal characters (e.g. printf %s \"$KEY\" | sha256sum).");
        }
        else if (hasKey && key.Key!.Trim().Length < IntakeOptions.MinimumKeyLength)
        {
            failures.Add($"{at}:Key must be at least {IntakeOptions.MinimumKeyLength} characters (use a random secret, e.g. 32 bytes base64).");
        }
    }

    /// <summary>One secret configured twice would be one caller with two sets of rights: refused, naming both places.</summary>
    private static void ValidateDistinctSecrets(IntakeOptions options, List<string> failures)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (place, hash) in IntakeKeyHashes.Configured(options))
        {
            var hex = Convert.ToHexStringLower(hash);
            if (!seen.TryAdd(hex, place))
            {
                failures.Add($"{place} is the same key as {seen[hex]}; configure each key once.");
            }
        }
    }

    private static void ValidateSource(string source, IntakeSourceOptions settings, List<string> failures)
    {
        var at = $"Intake:Sources:{source}";
        if (settings.AllowedCallbackHosts.Count > 0 && string.IsNullOrWhiteSpace(settings.CallbackSecret))
        {
            failures.Add($"{at}:CallbackSecret is required when callbacks are allowed for that source.");
        }

        foreach (var host in settings.AllowedCallbackHosts.Where(h => !IsHostPattern(h)))
        {
            failures.Add($"{at}:AllowedCallbackHosts entry '{host}' is not a host name (or *.domain pattern).");
        }

        foreach (var port in settings.AllowedCallbackPorts.Where(p => p is < 1 or > 65_535))
        {
            failures.Add($"{at}:AllowedCallbackPorts entry {port.ToString(CultureInfo.InvariantCulture)} is not a TCP port (1-65535).");
        }

        foreach (var domain in settings.AllowedRequesterDomains.Where(d => !IsHostPattern(d)))
        {
            failures.Add($"{at}:AllowedRequesterDomains entry '{domain}' is not a domain name (or *.domain pattern).");
        }
    }

    private static bool IsHostPattern(string? value) =>
        !string.IsNullOrWhiteSpace(value) && Uri.CheckHostName(value.StartsWith("*.", StringComparison.Ordinal) ? value[2..] : value) == UriHostNameType.Dns;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyNamePattern();
}
