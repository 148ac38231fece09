using TeamsEscalationBot.Domain.Crises;

namespace TeamsEscalationBot.Features.Crises;

/// <summary>
/// Durable crises: the detector's state (one document) and one record per crisis with its alerts. Both are written
/// with optimistic concurrency: a write names the version it replaces (null: create) and returns the new version, or
/// null when someone else wrote first (then re-read and re-apply). Versions are opaque (a counter on SQLite, an ETag
/// on Azure).
/// </summary>
internal interface ICrisisStore
{
    Task<Versioned<CrisisDetectorSnapshot>?> ReadDetectorAsync(CancellationToken cancellationToken);

    Task<string?> TryWriteDetectorAsync(CrisisDetectorSnapshot snapshot, string? expectedVersion, CancellationToken cancellationToken);

    Task<Versioned<CrisisRecord>?> GetAsync(string crisisId, CancellationToken cancellationToken);

    Task<string?> TryWriteAsync(CrisisRecord record, string? expectedVersion, CancellationToken cancellationToken);
}

/// <summary>A stored value and the version to name when replacing it.</summary>
internal sealed record Versioned<T>(T Value, string Version);

/// <summary>
/// A crisis as the alerts know it: the crisis as last seen in the detector (it stays here after the detector forgets
/// it), the departments its complaints went to, every alert posted for it, and how far the complaints' cards were
/// told about it.
/// </summary>
internal sealed record CrisisRecord
{
    public required string Id { get; init; }

    public required Crisis Crisis { get; init; }

    /// <summary>The departments its complaints were routed to, in the order they were found.</summary>
    public IReadOnlyList<string> DepartmentIds { get; init; } = [];

    /// <summary>How many of <see cref="Crisis.ComplaintIds"/> (in order) have had their department looked up.</summary>
    public int ComplaintsRouted { get; init; }

    /// <summary>One per recipient (a person's 1:1 chat, a department's channel).</summary>
    public IReadOnlyList<CrisisAlert> Alerts { get; init; } = [];

    /// <summary>How many of its complaints (in order) had their channel card refreshed for the badge, and in which state.</summary>
    public int CardsBadged { get; init; }

    public CrisisState CardsBadgedFor { get; init; }
}

internal enum CrisisAlertKind
{
    /// <summary>A 1:1 alert card to an executive or a lead (target: Entra object id).</summary>
    Person,

    /// <summary>The banner in a department's channel (target: department id).</summary>
    Channel,
}

/// <summary>One alert card: where it is (once posted), what it shows, and the retries of its delivery.</summary>
internal sealed record CrisisAlert
{
    public required CrisisAlertKind Kind { get; init; }

    public required string Target { get; init; }

    public string? ServiceUrl { get; init; }

    public string? ConversationId { get; init; }

    public string? ActivityId { get; init; }

    /// <summary>What the card shows (<see cref="CrisisAlerts.Fingerprint"/>); null before it was posted.</summary>
    public string? Shown { get; init; }

    /// <summary>Failed attempts in a row.</summary>
    public int Attempts { get; init; }

    public DateTimeOffset? NotBefore { get; init; }

    public string? LastError { get; init; }

    /// <summary>Delivery was given up (attempts used up, or refused for good); logged at Error.</summary>
    public bool GaveUp { get; init; }

    public bool IsPosted => ActivityId is not null;
}
