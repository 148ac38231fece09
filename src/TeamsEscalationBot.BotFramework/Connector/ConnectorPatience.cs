namespace TeamsEscalationBot.BotFramework.Connector;

/// <summary>
/// How long a Connector call made in the current flow may wait for its thread's turn under Teams' per-thread limits.
/// Background work that can do something else meanwhile (the outbox) sets it; a call whose thread would make it wait
/// longer is not sent and throws <see cref="ConnectorThrottledException"/> at once, so the caller can come back later.
/// Without a scope a call waits in line as usual (up to <c>Bot:RateLimitQueueTimeout</c>). The app-wide budget is
/// always waited for: every thread shares it. A flow with patience also gets a failed attempt (429, 5xx, timeout) back
/// at once rather than retried inside the call: it reschedules the work itself.
/// </summary>
public static class ConnectorPatience
{
    private static readonly AsyncLocal<TimeSpan?> Current = new();

    /// <summary>The patience of the current flow, or null when calls wait in line.</summary>
    public static TimeSpan? Value => Current.Value;

    /// <summary>Calls made until the returned scope is disposed wait at most <paramref name="maxWait"/> for their thread.</summary>
    public static IDisposable WaitAtMost(TimeSpan maxWait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        var previous = Current.Value;
        Current.Value = maxWait;
        return new Scope(previous);
    }

    private sealed class Scope(TimeSpan? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>
/// A Connector call was not sent because its thread is at Teams' per-thread limit for longer than the flow's
/// <see cref="ConnectorPatience"/>, or Teams answered it 429 with a <c>Retry-After</c>; <see cref="RetryAfter"/> is when
/// the thread should have room again.
/// </summary>
public sealed class ConnectorThrottledException : Exception
{
    public ConnectorThrottledException(TimeSpan retryAfter)
        : base($"The thread is at Teams' rate limit; it has room again in about {retryAfter.TotalSeconds:0.###} s.")
    {
        RetryAfter = retryAfter;
    }

    public ConnectorThrottledException()
    {
    }

    public ConnectorThrottledException(string message) : base(message)
    {
    }

    public ConnectorThrottledException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public TimeSpan RetryAfter { get; }
}
