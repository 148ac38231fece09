using System.Collections.Concurrent;

namespace TeamsEscalationBot.TestHarness.Recording;

/// <summary>
/// What one fake server received, in arrival order, and a bounded wait for what a test expects to arrive: the bot's
/// outbound work is asynchronous (outbox), so a test waits for the request instead of sleeping.
/// </summary>
/// <param name="what">How the requests are named in a timeout message, e.g. "connector call".</param>
public sealed class RequestLog<T>(string what) : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentQueue<T> _items = new();
    private readonly SemaphoreSlim _signal = new(0);

    public IReadOnlyList<T> Items => [.. _items];

    public void Add(T item)
    {
        _items.Enqueue(item);
        _signal.Release();
    }

    /// <summary>Waits until at least <paramref name="count"/> items match; returns them, or throws <see cref="TimeoutException"/>.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(Func<T, bool> predicate, int count = 1, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var items = Items;
            var matching = items.Where(predicate).ToList();
            if (matching.Count >= count)
            {
                return matching;
            }

            var remaining = deadline - DateTimeOffset.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Expected {count} matching {what}(s), saw {matching.Count} of {items.Count} in total.");
            }

            await _signal.WaitAsync(remaining < PollInterval ? remaining : PollInterval);
        }
    }

    public void Dispose() => _signal.Dispose();
}
