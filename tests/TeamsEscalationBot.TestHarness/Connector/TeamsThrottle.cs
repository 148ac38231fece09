using System.Collections.Concurrent;

namespace TeamsEscalationBot.TestHarness.Connector;

/// <summary>Why the Teams-like fake turned a request away, if it did.</summary>
public enum TeamsRefusal
{
    None,
    ThreadLimit,
    AppBudget,
}

/// <summary>The answer of <see cref="TeamsThrottle.Admit"/>: accepted, or refused with how long to wait.</summary>
public readonly record struct TeamsAdmission(TeamsRefusal Refusal, TimeSpan RetryAfter)
{
    public bool Accepted => Refusal == TeamsRefusal.None;
}

/// <summary>A random failure the Teams-like fake answers instead of handling the request.</summary>
public enum TeamsRandomFault
{
    None,
    TooManyRequests,
    Unavailable,
    Timeout,
}

/// <summary>
/// Teams' limits as the fake connector enforces them: sliding windows of accepted requests per thread and for the whole
/// app. A request that would put any window over its limit is refused (not counted in the windows) and counted as a
/// violation the client should have avoided; its <c>Retry-After</c> is when the fullest window has room again.
/// </summary>
public sealed class TeamsThrottle
{
    private readonly Lock _sync = new();
    private readonly TeamsLimits _limits;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _threads = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _app = new();
    private readonly ConcurrentDictionary<string, int> _refusedByThread = new(StringComparer.Ordinal);
    private readonly TimeSpan _longest;
    private readonly int _most;
    private readonly Random _random;
    private int _threadRefusals;
    private int _appRefusals;
    private int _accepted;
    private int _randomFaults;

    public TeamsThrottle(TeamsLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        _time = limits.Time ?? TimeProvider.System;
        _longest = limits.ThreadWindows.Count == 0 ? TimeSpan.Zero : limits.ThreadWindows.Max(w => w.Length);
        _most = limits.ThreadWindows.Count == 0 ? 0 : limits.ThreadWindows.Max(w => w.Requests);
#pragma warning disable CA5394 // A seeded fault schedule, not security.
        _random = new Random(limits.FaultSeed);
#pragma warning restore CA5394
    }

    public TeamsLimits Limits => _limits;

    /// <summary>Requests refused because a thread's window was full: each one a request the client sent too early.</summary>
    public int ThreadLimitRefusals => Volatile.Read(ref _threadRefusals);

    /// <summary>Requests refused because the app's budget was spent.</summary>
    public int AppBudgetRefusals => Volatile.Read(ref _appRefusals);

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Random failures answered (injected, not the client's fault).</summary>
    public int RandomFaults => Volatile.Read(ref _randomFaults);

    /// <summary>Thread-limit refusals per thread key.</summary>
    public IReadOnlyDictionary<string, int> ThreadRefusalsByThread => new Dictionary<string, int>(_refusedByThread, StringComparer.Ordinal);

    /// <summary>
    /// The thread a request counts against: the conversation id (up to the first <c>;</c> when the scope is the
    /// channel), or for a new channel thread the channel, and <c>create-conversation</c> for a new 1:1 chat.
    /// </summary>
    public string ThreadKey(string? conversationId, string? newThreadChannelId)
    {
        if (conversationId is null)
        {
            return newThreadChannelId ?? "create-conversation";
        }

        if (_limits.ThreadScope == TeamsThreadScope.Thread)
        {
            return conversationId;
        }

        var separator = conversationId.IndexOf(';', StringComparison.Ordinal);
        return separator < 0 ? conversationId : conversationId[..separator];
    }

    /// <summary>The next random failure of the seeded schedule (one draw per request), or <see cref="TeamsRandomFault.None"/>.</summary>
    public TeamsRandomFault NextRandomFault()
    {
        if (_limits.FaultShare <= 0)
        {
            return TeamsRandomFault.None;
        }

        lock (_sync)
        {
#pragma warning disable CA5394 // A seeded fault schedule, not security.
            var draw = _random.NextDouble();
            if (draw >= _limits.FaultShare)
            {
                return TeamsRandomFault.None;
            }

            var (tooMany, unavailable, timeout) = _limits.FaultMix;
            var total = Math.Max(1, tooMany + unavailable + timeout);
            var pick = _random.Next(total);
#pragma warning restore CA5394
            _randomFaults++;
            return pick < tooMany ? TeamsRandomFault.TooManyRequests
                : pick < tooMany + unavailable ? TeamsRandomFault.Unavailable
                : TeamsRandomFault.Timeout;
        }
    }

    /// <summary>Accepts the request into every window of its thread and the app, or refuses it without counting it there.</summary>
    public TeamsAdmission Admit(string threadKey)
    {
        ArgumentNullException.ThrowIfNull(threadKey);
        lock (_sync)
        {
            var now = _time.GetUtcNow();
            if (!_threads.TryGetValue(threadKey, out var history))
            {
                history = new Queue<DateTimeOffset>();
                _threads[threadKey] = history;
            }

            Trim(history, now, _longest);
            var threadWait = TimeSpan.Zero;
            foreach (var window in _limits.ThreadWindows)
            {
                var inWindow = history.Count(at => at > now - window.Length);
                if (inWindow >= window.Requests)
                {
                    // Room again when the oldest request that keeps the window full leaves it.
                    var oldest = history.Where(at => at > now - window.Length).OrderByDescending(at => at).ElementAt(window.Requests - 1);
                    threadWait = Max(threadWait, oldest + window.Length - now);
                }
            }

            if (threadWait > TimeSpan.Zero)
            {
                _threadRefusals++;
                _refusedByThread.AddOrUpdate(threadKey, 1, (_, n) => n + 1);
                return new TeamsAdmission(TeamsRefusal.ThreadLimit, threadWait);
            }

            if (_limits.AppRequestsPerSecond > 0)
            {
                Trim(_app, now, TimeSpan.FromSeconds(1));
                if (_app.Count >= _limits.AppRequestsPerSecond)
                {
                    _appRefusals++;
                    return new TeamsAdmission(TeamsRefusal.AppBudget, _app.Peek() + TimeSpan.FromSeconds(1) - now);
                }

                _app.Enqueue(now);
            }

            history.Enqueue(now);
            while (history.Count > _most)
            {
                history.Dequeue();
            }

            _accepted++;
            return new TeamsAdmission(TeamsRefusal.None, TimeSpan.Zero);
        }
    }

    private static void Trim(Queue<DateTimeOffset> history, DateTimeOffset now, TimeSpan window)
    {
        while (history.Count > 0 && history.Peek() <= now - window)
        {
            history.Dequeue();
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
