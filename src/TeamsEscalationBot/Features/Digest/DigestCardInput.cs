using TeamsEscalationBot.Domain.Reports;

namespace TeamsEscalationBot.Features.Digest;

/// <summary>How often a recipient gets a digest; a recipient may have both.</summary>
internal enum DigestCadence
{
    /// <summary>Yesterday, in the recipient's time zone.</summary>
    Daily,

    /// <summary>The last seven local days up to the recipient's chosen weekday.</summary>
    Weekly,
}

/// <summary>
/// Everything one digest card shows: the figures of one period (the same <see cref="ReportSummary"/> the report
/// endpoint returns), for whom (language and time zone) and how it was sent.
/// </summary>
internal sealed record DigestCardInput
{
    public required ReportSummary Summary { get; init; }

    public required DigestCadence Cadence { get; init; }

    /// <summary>The recipient's language (e.g. "en-US", "es-ES"); null: the default language.</summary>
    public string? Locale { get; init; }

    /// <summary>The recipient's time zone: the period's days and every time on the card are local to it.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>Sent after its hour because the service was down then: the card says so.</summary>
    public bool Late { get; init; }

    /// <summary>"Open the full report": the report endpoint for the same period and departments; null hides the action.</summary>
    public Uri? FullReportUrl { get; init; }
}
