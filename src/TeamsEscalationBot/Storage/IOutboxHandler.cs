namespace TeamsEscalationBot.Storage;

/// <summary>
/// Performs the outbox items of one <see cref="Kind"/>. Must be idempotent: after a crash the same item can be handed
/// over again (e.g. check whether the complaint already records the card before posting it).
/// </summary>
internal interface IOutboxHandler
{
    string Kind { get; }

    /// <summary>
    /// The complaint's line of work the kind belongs to. Items of one complaint and lane are performed one after the
    /// other in the order they were written, and a lane that has to wait holds back only its own later items; null is
    /// the complaint's main lane (its channel card and thread).
    /// </summary>
    string? Lane => null;

    /// <summary>
    /// True when only the latest of a complaint's pending items of this kind and payload matters (the item renders the
    /// complaint as it is now): of several such items handed out together the worker performs the last and completes the
    /// others unperformed.
    /// </summary>
    bool Coalesces => false;

    Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken);
}

/// <summary>
/// Wraps every handler call of the worker (optional; at most one registered): e.g. to make Connector calls give up
/// their turn when their thread is throttled and turn that into <see cref="OutboxResult.Defer"/>.
/// </summary>
internal interface IOutboxHandlerScope
{
    Task<OutboxResult> RunAsync(OutboxItem item, Func<CancellationToken, Task<OutboxResult>> handle, CancellationToken cancellationToken);
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

    /// <summary>
    /// Try again, counting an attempt, not before this delay (e.g. a 429's Retry-After) nor before the worker's backoff.
    /// </summary>
    public static OutboxResult RetryAfter(TimeSpan delay, string reason) =>
        new OutboxRetry(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, reason);

    /// <summary>Try again after the worker's exponential backoff, counting an attempt.</summary>
    public static OutboxResult Retry(string reason) => new OutboxRetry(null, reason);

    /// <summary>
    /// Not now, and no failure either: due again after <paramref name="delay"/> without counting an attempt (the item's
    /// thread is at Teams' rate limit, or an earlier item of its complaint must go first).
    /// </summary>
    public static OutboxResult Defer(TimeSpan delay, string reason) =>
        new OutboxDeferred(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, reason);

    /// <summary>Never try again (403 bot removed, 404 channel gone): the item is dead-lettered and logged at Error.</summary>
    public static OutboxResult Failed(string reason) => new OutboxFailed(reason);
}

internal sealed record OutboxDone : OutboxResult;

internal sealed record OutboxRetry(TimeSpan? After, string Reason) : OutboxResult;

internal sealed record OutboxFailed(string Reason) : OutboxResult;

internal sealed record OutboxDeferred(TimeSpan After, string Reason) : OutboxResult;
