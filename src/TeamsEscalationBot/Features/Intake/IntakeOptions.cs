using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Features.Intake;

/// <summary>The <c>Intake</c> configuration section.</summary>
internal sealed class IntakeOptions
{
    public const string SectionName = "Intake";
    public const int MinimumKeyLength = 24;

    /// <summary>Keys accepted as <c>Authorization: Bearer &lt;key&gt;</c>. None configured: the intake API is closed (401).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Requests per minute allowed for each key.</summary>
    public int RequestsPerMinute { get; set; } = 120;

    /// <summary>Per source (the <c>source</c> field of a complaint): callback secret and the hosts callbacks may go to.</summary>
    public Dictionary<string, IntakeSourceOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

internal sealed class IntakeSourceOptions
{
    /// <summary>HMAC-SHA256 key for signing callbacks to this source. Never commit it.</summary>
    public string? CallbackSecret { get; set; }

    /// <summary>Hosts (exact, or <c>*.example.com</c>) a callback URL of this source may point at; https only.</summary>
    public List<string> AllowedCallbackHosts { get; set; } = [];
}

internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            // A blank entry is an unset key (deployments write an empty value to keep intake closed).
            if (!string.IsNullOrWhiteSpace(options.ApiKeys[i]) && options.ApiKeys[i].Trim().Length < IntakeOptions.MinimumKeyLength)
            {
                failures.Add($"Intake:ApiKeys:{i} must be at least {IntakeOptions.MinimumKeyLength} characters (use a random secret, e.g. 32 bytes base64).");
            }
        }

        if (options.RequestsPerMinute is < 1 or > 100_000)
        {
            failures.Add("Intake:RequestsPerMinute must be between 1 and 100000.");
        }

        foreach (var (source, settings) in options.Sources)
        {
            if (settings.AllowedCallbackHosts.Count > 0 && string.IsNullOrWhiteSpace(settings.CallbackSecret))
            {
                failures.Add($"Intake:Sources:{source}:CallbackSecret is required when callbacks are allowed for that source.");
            }

            foreach (var host in settings.AllowedCallbackHosts.Where(h => Uri.CheckHostName(h.StartsWith("*.", StringComparison.Ordinal) ? h[2..] : h) != UriHostNameType.Dns))
            {
                failures.Add($"Intake:Sources:{source}:AllowedCallbackHosts entry '{host}' is not a host name (or *.domain pattern).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
