namespace TeamsEscalationBot.Storage;

/// <summary>Exponential backoff with "equal jitter": half the exponential delay fixed, the other half random.</summary>
internal static class OutboxBackoff
{
    /// <param name="failedAttempts">Attempts that failed so far, including the one just made (1 for the first retry).</param>
    /// <param name="random01">A random number in [0, 1).</param>
    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double random01)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var capped = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)((capped / 2) + (capped / 2 * random01)));
    }
}
