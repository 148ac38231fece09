namespace TeamsEscalationBot.Storage;

/// <summary>
/// Performs the outbox items of one <see cref="Kind"/>. Must be idempotent: after a crash the same item can be handed
/// over again (e.g. check whether the complaint already records the card before posting it).
/// </summary>
internal interface IOutboxHandler
{
    string Kind { get; }

    Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken);
}

/// <summary>
/// An <see cref="IOutboxHandler"/> whose kind must leave a trace on the complaint when the worker dead-letters one of its
/// items (attempts used up, or a failure for good): told before the item is put aside. It must be idempotent and
/// must check the complaint first; the handler itself may already have recorded the failure.
/// </summary>
internal interface IOutboxDeadLetterHandler
{
    Task OnDeadLetteredAsync(OutboxItem item, string reason, CancellationToken cancellationToken);
}

/// <summary>What a handler made of an item: done, try again (optionally not before a given delay), or failed for good.</summary>
internal abstract record OutboxResult
{
    public static OutboxResult Done { get; } = new OutboxDone();

    /// <summary>Try again after exactly this delay (e.g. a 429's Retry-After), counting an attempt.</summary>
    public static OutboxResult RetryAfter(TimeSpan delay, string reason) =>
        new OutboxRetry(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, reason);

    /// <summary>Try again after the worker's exponential backoff, counting an attempt.</summary>
    public static OutboxResult Retry(string reason) => new OutboxRetry(null, reason);

    /// <summary>Never try again (403 bot removed, 404 channel gone): the item is dead-lettered and logged at Error.</summary>
    public static OutboxResult Failed(string reason) => new OutboxFailed(reason);
}

internal sealed record OutboxDone : OutboxResult;

internal sealed record OutboxRetry(TimeSpan? After, string Reason) : OutboxResult;

internal sealed record OutboxFailed(string Reason) : OutboxResult;
