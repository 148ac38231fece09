using System.Collections.Concurrent;

namespace TeamsEscalationBot.TestHarness.Recording;

/// <summary>
/// What one fake server received, in arrival order, and a bounded wait for what a test expects to arrive: the bot's
/// outbound work is asynchronous (outbox), so a test waits for the request instead of sleeping.
/// </summary>
/// <param name="what">How the requests are named in a timeout message, e.g. "connector call".</param>
public sealed class RequestLog<T>(string what)
{
    private readonly ConcurrentQueue<T> _items = new();

    public IReadOnlyList<T> Items => [.. _items];

    public void Add(T item) => _items.Enqueue(item);

    /// <summary>Waits until at least <paramref name="count"/> items match; returns them, or throws <see cref="TimeoutException"/>.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(
        Func<T, bool> predicate, int count = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var seen = await Eventually.UntilAsync(
            _ => Task.FromResult(new Seen(Items, predicate)),
            s => s.Matching.Count >= count,
            cancellationToken,
            timeout,
            $"for {count} matching {what}(s)");
        return seen.Matching;
    }

    /// <summary>A timeout message gives counts only: the requests carry tokens and personal data.</summary>
    private sealed class Seen(IReadOnlyList<T> items, Func<T, bool> predicate)
    {
        public IReadOnlyList<T> Matching { get; } = [.. items.Where(predicate)];

        public override string ToString() => $"{Matching.Count} matching of {items.Count} in total";
    }
}
