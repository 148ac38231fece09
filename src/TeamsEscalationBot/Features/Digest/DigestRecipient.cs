namespace TeamsEscalationBot.Features.Digest;

/// <summary>Someone who receives digests, as resolved from <c>Digest:Recipients</c> or the recipients' group.</summary>
internal sealed record DigestRecipient(
    string AadObjectId,
    TimeZoneInfo TimeZone,
    IReadOnlyList<DigestCadence> Cadences,
    DayOfWeek WeeklyDay,
    int LocalHour,
    IReadOnlyList<string> Departments,
    string? Locale,
    bool FromGroup);
