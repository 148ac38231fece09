using System.Collections.Concurrent;

namespace TeamsEscalationBot.Features.Directory;

/// <summary>
/// Directory answers by key, on the application's clock: <c>Found</c> kept for the positive lifetime, <c>NotFound</c>
/// for a shorter one, <c>Unavailable</c> never. Concurrent lookups of one key share one load (single flight).
/// </summary>
internal sealed class LookupCache<T>(TimeProvider time, TimeSpan foundLifetime, TimeSpan notFoundLifetime)
{
    /// <summary>Above this many entries, expired ones are swept when a new one is added.</summary>
    internal const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    internal int Count => _entries.Count;

    /// <summary>
    /// The cached answer for <paramref name="key"/>, or the one <paramref name="load"/> produces. The load is shared by
    /// every caller of the key, so it gets no caller's token: <paramref name="cancellationToken"/> only stops this
    /// caller's wait, and the load must bound itself.
    /// </summary>
    public async Task<DirectoryLookup<T>> GetOrLoadAsync(string key, Func<Task<DirectoryLookup<T>>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        while (true)
        {
            if (_entries.TryGetValue(key, out var existing) && !existing.IsExpired(time.GetUtcNow()))
            {
                return await existing.Answer.WaitAsync(cancellationToken);
            }

            var entry = new Entry();
            var added = existing is null ? _entries.TryAdd(key, entry) : _entries.TryUpdate(key, entry, existing);
            if (added)
            {
                SweepIfLarge();
                _ = LoadAsync(key, entry, load);
                return await entry.Answer.WaitAsync(cancellationToken);
            }
        }
    }

    private async Task LoadAsync(string key, Entry entry, Func<Task<DirectoryLookup<T>>> load)
    {
        try
        {
            var answer = await load();
            var lifetime = answer switch
            {
                DirectoryLookup<T>.Found => foundLifetime,
                DirectoryLookup<T>.NotFound => notFoundLifetime,
                _ => (TimeSpan?)null,
            };
            if (lifetime is { } keep)
            {
                entry.ExpiresAt = time.GetUtcNow() + keep;
            }
            else
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }

            entry.Complete(answer);
        }
        catch (Exception ex)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            entry.Fail(ex);
        }
    }

    private void SweepIfLarge()
    {
        if (_entries.Count <= SweepThreshold)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var pair in _entries.Where(p => p.Value.IsExpired(now)))
        {
            _entries.TryRemove(pair);
        }
    }

    private sealed class Entry
    {
        private readonly TaskCompletionSource<DirectoryLookup<T>> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _expiresAtTicks = DateTimeOffset.MaxValue.UtcTicks;

        public Task<DirectoryLookup<T>> Answer => _answer.Task;

        /// <summary>Set before the answer completes; until then (while loading) the entry never expires.</summary>
        public DateTimeOffset ExpiresAt
        {
            get => new(Interlocked.Read(ref _expiresAtTicks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _expiresAtTicks, value.UtcTicks);
        }

        public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

        public void Complete(DirectoryLookup<T> answer) => _answer.TrySetResult(answer);

        public void Fail(Exception exception) => _answer.TrySetException(exception);
    }
}
