namespace TeamsEscalationBot.Storage;

/// <summary>
/// A durable unit of work about one complaint (post its card, update it, reply, relay, call back). The payload is
/// opaque to storage. <see cref="Attempt"/> counts the attempts that failed so far.
/// </summary>
internal sealed record OutboxItem(
    string Id, string Kind, string ComplaintId, string PayloadJson, DateTimeOffset NotBefore, int Attempt = 0)
{
    /// <summary>Why the last attempt failed, if one did.</summary>
    public string? LastError { get; init; }

    /// <summary>True when a failure of this attempt is the last the worker allows: a handler records the outcome on the complaint then, rather than letting the item disappear into the dead letters unexplained.</summary>
    public bool IsLastAttempt(OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Attempt + 1 >= options.MaxAttempts;
    }

    private static long s_sequence;

    /// <summary>
    /// Ids sort in creation order (time, then a per-process sequence, then randomness): items written together keep the
    /// order they were given in, which the worker keeps for one complaint.
    /// </summary>
    private static string NewId(DateTimeOffset notBefore) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{notBefore.ToUnixTimeMilliseconds():x12}{Interlocked.Increment(ref s_sequence) & 0xFFFFFF:x6}{Guid.NewGuid():N}")[..32];

    public static OutboxItem Create(string kind, string complaintId, string payloadJson, DateTimeOffset notBefore)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(complaintId);
        ArgumentNullException.ThrowIfNull(payloadJson);
        return new OutboxItem(NewId(notBefore), kind, complaintId, payloadJson, notBefore);
    }
}

/// <summary>An item handed to one worker until <see cref="LeasedUntil"/>; <see cref="Token"/> proves the lease.</summary>
internal sealed record OutboxLease(OutboxItem Item, string Token, DateTimeOffset LeasedUntil);

/// <summary>A dead-lettered item, kept for inspection.</summary>
internal sealed record FailedOutboxItem(OutboxItem Item, string Reason, DateTimeOffset FailedAt);
