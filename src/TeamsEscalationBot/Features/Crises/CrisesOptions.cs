using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Crises;
using TeamsEscalationBot.Features.Complaints;

namespace TeamsEscalationBot.Features.Crises;

/// <summary>A crisis threshold in configuration: <c>Complaints</c> within <c>Window</c>.</summary>
internal sealed class CrisisThresholdSettings
{
    public int Complaints { get; set; } = new CrisisThreshold().Complaints;

    public TimeSpan Window { get; set; } = new CrisisThreshold().Window;

    public CrisisThreshold ToThreshold() => new() { Complaints = Complaints, Window = Window };
}

/// <summary>
/// Section <c>Crises</c>: reputation-crisis detection and alerts (docs/crises.md). On by default with the detector's
/// defaults (8 related complaints within 30 minutes); <c>Departments:{id}</c> sets a department's own threshold.
/// </summary>
internal sealed class CrisesOptions
{
    public const string SectionName = "Crises";

    private static readonly CrisisOptions Defaults = new();

    /// <summary>False turns detection, alerts and badges off.</summary>
    public bool Enabled { get; set; } = true;

    public int Complaints { get; set; } = Defaults.Default.Complaints;

    public TimeSpan Window { get; set; } = Defaults.Default.Window;

    /// <summary>A department's own threshold for bursts to that department, by department id.</summary>
    public Dictionary<string, CrisisThresholdSettings> Departments { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public int MinSharedKeywords { get; set; } = Defaults.MinSharedKeywords;

    public int MinKeywordLength { get; set; } = Defaults.MinKeywordLength;

    public int MaxHeadlineKeywords { get; set; } = Defaults.MaxHeadlineKeywords;

    public double CommonWordShare { get; set; } = Defaults.CommonWordShare;

    public int CommonWordMinComplaints { get; set; } = Defaults.CommonWordMinComplaints;

    /// <summary>Words that never relate complaints (the brand's and its products' names).</summary>
    public List<string> IgnoredWords { get; set; } = [];

    /// <summary>How long a handled crisis still takes matching complaints; empty for the crisis's own window.</summary>
    public TimeSpan? CoolDown { get; set; }

    public int MaxSamples { get; set; } = Defaults.MaxSamples;

    /// <summary>The language of the alert cards and banners (<c>en</c> or <c>es</c>).</summary>
    public string Language { get; set; } = "en";

    /// <summary>How often the alert worker looks for work it was not told about (another instance's crises, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed attempts to post one alert before it is given up (logged at Error).</summary>
    public int MaxDeliveryAttempts { get; set; } = 8;

    /// <summary>The first retry's delay; each further one doubles it, up to five minutes.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long intake waits at most for detection before it answers anyway.</summary>
    public TimeSpan DetectionTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public CrisisOptions ToDetectorOptions() => new()
    {
        Default = new CrisisThreshold { Complaints = Complaints, Window = Window },
        Departments = Departments.ToDictionary(d => d.Key, d => d.Value?.ToThreshold()!, StringComparer.OrdinalIgnoreCase),
        MinSharedKeywords = MinSharedKeywords,
        MinKeywordLength = MinKeywordLength,
        MaxHeadlineKeywords = MaxHeadlineKeywords,
        CommonWordShare = CommonWordShare,
        CommonWordMinComplaints = CommonWordMinComplaints,
        IgnoredWords = IgnoredWords,
        CoolDown = CoolDown,
        MaxSamples = MaxSamples,
    };
}

/// <summary>Start-up checks of <c>Crises:*</c>: the detector's own rules with the configuration keys named, and known departments.</summary>
internal sealed class CrisesOptionsValidator(IOptions<RoutingOptions> routing) : IValidateOptions<CrisesOptions>
{
    public ValidateOptionsResult Validate(string? name, CrisesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = options.ToDetectorOptions().Validate()
            .Select(p => "Crises:" + System.Text.RegularExpressions.Regex.Replace(
                p.Replace("Default.", string.Empty, StringComparison.Ordinal), @"Departments\[([^\]]*)\]\.?", "Departments:$1:").TrimEnd())
            .ToList();
        var known = routing.Value.Departments.Select(d => d.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        problems.AddRange(options.Departments.Keys
            .Where(id => !known.Contains(id))
            .Select(id => $"Crises:Departments:{id} is not a configured department (Departments:N:Id)."));
        if (options.Language is not ("en" or "es"))
        {
            problems.Add($"Crises:Language must be 'en' or 'es' (it is '{options.Language}').");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > TimeSpan.FromMinutes(10))
        {
            problems.Add("Crises:PollInterval must be more than zero and at most 10 minutes.");
        }

        if (options.MaxDeliveryAttempts is < 1 or > 100)
        {
            problems.Add($"Crises:MaxDeliveryAttempts must be between 1 and 100 (it is {options.MaxDeliveryAttempts}).");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromMinutes(5))
        {
            problems.Add("Crises:RetryBaseDelay must be more than zero and at most 5 minutes.");
        }

        if (options.DetectionTimeout <= TimeSpan.Zero || options.DetectionTimeout > TimeSpan.FromSeconds(30))
        {
            problems.Add("Crises:DetectionTimeout must be more than zero and at most 30 seconds.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
