using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Storage.Azure;

/// <summary>
/// The JSON of one complaint blob: the domain snapshot plus the complaint's outbox. Pending items live here (the
/// source of truth, written with the complaint in the same conditional write); queue messages only wake workers.
/// </summary>
internal sealed record ComplaintDocument
{
    public required ComplaintSnapshot Complaint { get; init; }

    public IReadOnlyList<StoredOutboxItem> Outbox { get; init; } = [];

    public IReadOnlyList<StoredOutboxItem> Failed { get; init; } = [];

    /// <summary>The service-level record (clocks, indexed instants, scheduled refreshes); null when none is kept.</summary>
    public SlaRecord? Sla { get; init; }
}

/// <summary>
/// The blob that makes (source, externalId) unique. It is created first (If-None-Match: *) and carries the whole
/// document, so a create that died before writing the complaint blob is completed by the next caller with that key.
/// </summary>
internal sealed record ComplaintKeyDocument
{
    public required string ComplaintId { get; init; }

    public required ComplaintDocument Document { get; init; }
}

internal sealed record StoredOutboxItem
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    public required string PayloadJson { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public int Attempt { get; init; }

    public string? LastError { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a queue message was last sent for it; the sweeper re-sends when this is old and the item still waits.</summary>
    public required DateTimeOffset EnqueuedAt { get; init; }

    public string? LeaseToken { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public DateTimeOffset? FailedAt { get; init; }

    public string? FailureReason { get; init; }

    public static StoredOutboxItem From(OutboxItem item, DateTimeOffset now) => new()
    {
        Id = item.Id,
        Kind = item.Kind,
        PayloadJson = item.PayloadJson,
        NotBefore = item.NotBefore,
        Attempt = item.Attempt,
        LastError = item.LastError,
        CreatedAt = now,
        EnqueuedAt = now,
    };

    public OutboxItem ToItem(string complaintId) =>
        new(Id, Kind, complaintId, PayloadJson, NotBefore, Attempt) { LastError = LastError };

    public bool IsLeasedAt(DateTimeOffset now) => LeaseUntil is { } until && until > now;
}
