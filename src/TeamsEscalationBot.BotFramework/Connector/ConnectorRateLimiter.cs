using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.BotFramework.Connector;

/// <summary>
/// Keeps the bot under Teams' documented limits before Teams has to answer 429: per thread (a 1:1 chat, group chat or
/// channel) 7 requests per second, 8 per 2 seconds and 60 per 30 seconds, and the whole app under a configurable
/// budget. Callers wait in line (bounded); a caller that cannot get a turn in time gets a local 429. Every clock reading
/// and timer goes through the <see cref="TimeProvider"/>, so the limits can be checked against a fake clock.
/// A thread's permit counts in its windows from the moment its request <em>ended</em> (the lease is disposed), and
/// counts as the most recent while the request is in flight: Teams counts a request when it arrives, somewhere between
/// the two, so however long a request spends on the way (a loaded machine, a slow network) no window of Teams' can hold
/// more than the limit.
/// </summary>
internal sealed class ConnectorRateLimiter : IDisposable
{
    /// <summary>
    /// Teams' per-thread windows, each kept a tenth longer than Teams' own: requests sent exactly one window apart could
    /// otherwise arrive inside one of Teams' windows after uneven network delays.
    /// </summary>
    private static readonly ThreadWindow[] ThreadWindows =
    [
        new(7, TimeSpan.FromSeconds(1.1)),
        new(8, TimeSpan.FromSeconds(2.2)),
        new(60, TimeSpan.FromSeconds(33)),
    ];

    private static readonly TimeSpan LongestWindow = ThreadWindows.Max(w => w.Length);
    private static readonly int MostPermits = ThreadWindows.Max(w => w.Permits);

    private readonly Lock _sync = new();
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly TimeSpan _queueTimeout;
    private readonly AppBudget _app;
    private readonly Dictionary<string, ThreadHistory> _threads = new(StringComparer.Ordinal);
    private readonly LinkedList<Waiter> _waiters = new();
    private ITimer? _timer;
    private TimeSpan _timerDue = TimeSpan.MaxValue;
    private TimeSpan _nextSweep;
    private long _pass;
    private bool _disposed;

    public ConnectorRateLimiter(IOptions<BotFrameworkOptions> options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        _origin = _time.GetTimestamp();
        _queueTimeout = settings.RateLimitQueueTimeout;
        _app = new AppBudget(settings.TenantRequestsPerSecond);
        _nextSweep = LongestWindow;
    }

    /// <summary>
    /// A permit for one request in the thread <paramref name="threadKey"/>: at once when every limit has room and nobody
    /// is waiting ahead, else after waiting in line (at most <see cref="BotFrameworkOptions.RateLimitQueueTimeout"/>; a
    /// lease that is not acquired after that).
    /// </summary>
    /// <param name="patience">
    /// When set, a request whose thread would make it wait longer than this is not queued: the answer is a lease that
    /// is not acquired and is a <see cref="ThrottledLease"/> saying when the thread has room again.
    /// </param>
    public ValueTask<RateLimitLease> AcquireAsync(string threadKey, CancellationToken cancellationToken, TimeSpan? patience = null)
    {
        ArgumentNullException.ThrowIfNull(threadKey);
        Waiter waiter;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = Now();
            ServeWaiters(now);
            SweepIdleThreads(now);
            var thread = ThreadOf(threadKey);
            if (thread.Waiting == 0 && thread.EligibleAt() <= now && _app.TryTake(now))
            {
                return ValueTask.FromResult<RateLimitLease>(Grant(thread));
            }

            if (patience is { } maxWait && ThreadWait(thread, now) is var wait && wait > maxWait)
            {
                return ValueTask.FromResult<RateLimitLease>(new ThrottledLease(wait));
            }

            if (_queueTimeout <= TimeSpan.Zero)
            {
                return ValueTask.FromResult<RateLimitLease>(RejectedLease.Instance);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
            }

            waiter = new Waiter(this, thread, now + _queueTimeout);
            waiter.Node = _waiters.AddLast(waiter);
            thread.Waiting++;
            Schedule(now);
        }

        // Registered outside the lock: a token cancelled meanwhile runs the callback right here, and it takes the lock.
        var registration = cancellationToken.UnsafeRegister(
            static (state, token) =>
            {
                var cancelled = (Waiter)state!;
                cancelled.Owner.Cancel(cancelled, token);
            },
            waiter);
        lock (_sync)
        {
            if (waiter.Node is not null)
            {
                waiter.Registration = registration;
                registration = default;
            }
        }

        registration.Dispose();
        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            _timer = null;
            while (_waiters.First is { } first)
            {
                Complete(first.Value, RejectedLease.Instance);
            }
        }
    }

    private TimeSpan Now() => _time.GetElapsedTime(_origin);

    private ThreadPermit Grant(ThreadHistory thread)
    {
        thread.InFlight++;
        return new ThreadPermit(this, thread);
    }

    /// <summary>A request of the thread ended: its permit counts from now, and whoever waited for it is served.</summary>
    private void Ended(ThreadHistory thread)
    {
        lock (_sync)
        {
            var now = Now();
            thread.InFlight--;
            thread.Record(now);
            if (_disposed)
            {
                return;
            }

            ServeWaiters(now);
            Schedule(now);
        }
    }

    /// <summary>
    /// About how long a new request of the thread would wait for the thread's windows: until its next permit, plus a
    /// seventh of the shortest window for every request already waiting ahead of it.
    /// </summary>
    private static TimeSpan ThreadWait(ThreadHistory thread, TimeSpan now)
    {
        // Requests in flight are taken to end now: they usually do within a few milliseconds.
        var wait = thread.EligibleAt(inFlightEnd: now) - now;
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        return wait + (ThreadWindows[0].Length / ThreadWindows[0].Permits * thread.Waiting);
    }

    private ThreadHistory ThreadOf(string key)
    {
        if (!_threads.TryGetValue(key, out var thread))
        {
            thread = new ThreadHistory();
            _threads[key] = thread;
        }

        return thread;
    }

    /// <summary>
    /// Grants, oldest first, every waiter whose thread and the app budget have room now, and turns away those whose wait
    /// is over. A waiter whose thread is full keeps its place, and so do the later waiters of that thread behind it.
    /// </summary>
    private void ServeWaiters(TimeSpan now)
    {
        var pass = ++_pass;
        for (var node = _waiters.First; node is not null;)
        {
            var next = node.Next;
            var waiter = node.Value;
            if (waiter.Thread.BlockedInPass != pass && waiter.Thread.EligibleAt() <= now && _app.TryTake(now))
            {
                Complete(waiter, Grant(waiter.Thread));
            }
            else
            {
                waiter.Thread.BlockedInPass = pass;
                if (waiter.Deadline <= now)
                {
                    Complete(waiter, RejectedLease.Instance);
                }
            }

            node = next;
        }
    }

    /// <summary>Arms the one timer for the next moment a waiter can be granted or must be turned away.</summary>
    private void Schedule(TimeSpan now)
    {
        if (_waiters.Count == 0 || _disposed)
        {
            _timer?.Dispose();
            _timer = null;
            _timerDue = TimeSpan.MaxValue;
            return;
        }

        var due = NextChange(now);
        if (_timer is not null && _timerDue == due)
        {
            return;
        }

        _timer?.Dispose();
        _timerDue = due;
        // Whole milliseconds and never zero: a zero due time would run the callback inside this lock on some clocks.
        var delay = TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling((due - now).TotalMilliseconds)));
        _timer = _time.CreateTimer(static state => ((ConnectorRateLimiter)state!).OnTimer(), this, delay, Timeout.InfiniteTimeSpan);
    }

    private TimeSpan NextChange(TimeSpan now)
    {
        var appReady = _app.NextTokenAt(now);
        var next = TimeSpan.MaxValue;
        var pass = ++_pass;
        foreach (var waiter in _waiters)
        {
            next = Min(next, waiter.Deadline);
            if (waiter.Thread.BlockedInPass != pass)
            {
                // Only the first waiter of a thread can be next for it.
                waiter.Thread.BlockedInPass = pass;
                next = Min(next, Max(waiter.Thread.EligibleAt(), appReady));
            }
        }

        return Max(next, now);
    }

    private void OnTimer()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _timer?.Dispose();
            _timer = null;
            _timerDue = TimeSpan.MaxValue;
            var now = Now();
            ServeWaiters(now);
            Schedule(now);
        }
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_sync)
        {
            if (waiter.Node is null)
            {
                return;
            }

            Remove(waiter);
            waiter.Completion.TrySetCanceled(token);
            var now = Now();
            ServeWaiters(now);
            Schedule(now);
        }
    }

    private void Complete(Waiter waiter, RateLimitLease lease)
    {
        Remove(waiter);
        waiter.Registration.Unregister();
        waiter.Completion.TrySetResult(lease);
    }

    private void Remove(Waiter waiter)
    {
        _waiters.Remove(waiter.Node!);
        waiter.Node = null;
        waiter.Thread.Waiting--;
    }

    /// <summary>Forgets threads nobody waits for and whose last permit has left every window, once per longest window.</summary>
    private void SweepIdleThreads(TimeSpan now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + LongestWindow;
        foreach (var (key, thread) in _threads)
        {
            if (thread.Waiting == 0 && thread.IdleSince(now, LongestWindow))
            {
                _threads.Remove(key);
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private readonly record struct ThreadWindow(int Permits, TimeSpan Length);

    /// <summary>The times of a thread's most recent permits: enough of them to answer for the largest window.</summary>
    private sealed class ThreadHistory
    {
        private readonly TimeSpan[] _granted = new TimeSpan[MostPermits];
        private int _count;
        private int _next;

        public int Waiting { get; set; }

        public long BlockedInPass { get; set; }

        /// <summary>Permits granted whose request has not ended yet.</summary>
        public int InFlight { get; set; }

        /// <summary>
        /// The earliest time one more permit keeps every window within its limit, the requests in flight counted as
        /// ending at <paramref name="inFlightEnd"/> (by default: not known yet, so a window they fill has no room).
        /// </summary>
        public TimeSpan EligibleAt(TimeSpan? inFlightEnd = null)
        {
            var at = TimeSpan.Zero;
            foreach (var window in ThreadWindows)
            {
                if (_count + InFlight < window.Permits)
                {
                    continue;
                }

                if (window.Permits <= InFlight && inFlightEnd is null)
                {
                    return TimeSpan.MaxValue;
                }

                var oldestThatCounts = window.Permits <= InFlight ? inFlightEnd!.Value : NthMostRecent(window.Permits - InFlight);
                at = Max(at, oldestThatCounts + window.Length);
            }

            return at;
        }

        public void Record(TimeSpan at)
        {
            _granted[_next] = at;
            _next = (_next + 1) % _granted.Length;
            _count = Math.Min(_count + 1, _granted.Length);
        }

        public bool IdleSince(TimeSpan now, TimeSpan window) => InFlight == 0 && (_count == 0 || now - NthMostRecent(1) >= window);

        private TimeSpan NthMostRecent(int n) => _granted[(_next - n + _granted.Length) % _granted.Length];
    }

    /// <summary>
    /// A token bucket refilled in small steps, so no second ever holds much more than the budget (a bucket of a whole
    /// second could burst twice the budget across a second's boundary). Sliding windows were tried here and granted only
    /// about two thirds of the budget under a queue of waiters (measured by the benchmark's limiter scenario).
    /// </summary>
    private sealed class AppBudget
    {
        private readonly int _tokensPerStep;
        private readonly TimeSpan _step;
        private int _tokens;
        private long _steps;

        public AppBudget(int requestsPerSecond)
        {
            _tokensPerStep = Math.Max(1, (int)Math.Ceiling(requestsPerSecond / 10.0));
            _step = TimeSpan.FromSeconds((double)_tokensPerStep / requestsPerSecond);
            _tokens = _tokensPerStep;
        }

        public bool TryTake(TimeSpan now)
        {
            Refill(now);
            if (_tokens == 0)
            {
                return false;
            }

            _tokens--;
            return true;
        }

        public TimeSpan NextTokenAt(TimeSpan now)
        {
            Refill(now);
            return _tokens > 0 ? now : TimeSpan.FromTicks(_step.Ticks * (_steps + 1));
        }

        private void Refill(TimeSpan now)
        {
            var steps = now.Ticks / _step.Ticks;
            if (steps > _steps)
            {
                _tokens = (int)Math.Min(_tokensPerStep, _tokens + ((steps - _steps) * _tokensPerStep));
                _steps = steps;
            }
        }
    }

    private sealed class Waiter(ConnectorRateLimiter owner, ThreadHistory thread, TimeSpan deadline)
    {
        public ConnectorRateLimiter Owner { get; } = owner;

        public ThreadHistory Thread { get; } = thread;

        public TimeSpan Deadline { get; } = deadline;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Its place in line; null once granted, turned away or cancelled.</summary>
        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }

    /// <summary>A granted permit; disposing it (the request ended) starts its time in the thread's windows.</summary>
    private sealed class ThreadPermit(ConnectorRateLimiter owner, ThreadHistory thread) : RateLimitLease
    {
        private int ended;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref ended, 1) == 0)
            {
                owner.Ended(thread);
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Not acquired: the thread would have kept the caller waiting longer than its patience.</summary>
    internal sealed class ThrottledLease(TimeSpan retryAfter) : RateLimitLease
    {
        public TimeSpan RetryAfter { get; } = retryAfter;

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? RetryAfter : null;
            return metadata is not null;
        }
    }

    private sealed class RejectedLease : RateLimitLease
    {
        public static readonly RejectedLease Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

/// <summary>
/// Applies <see cref="ConnectorRateLimiter"/> to every attempt of a Connector call, retries included. In a flow with
/// <see cref="ConnectorPatience"/>, a thread without room and Teams' own 429 with a <c>Retry-After</c> both end the call
/// with <see cref="ConnectorThrottledException"/>.
/// </summary>
internal sealed class ConnectorRateLimitHandler(ConnectorRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.Options.TryGetValue(ConnectorRequestOptions.ConversationKey, out var value) ? value : "unknown";
        using var lease = await limiter.AcquireAsync(key, cancellationToken, ConnectorPatience.Value);
        if (lease is ConnectorRateLimiter.ThrottledLease throttled)
        {
            // Not sent: the caller does other work and comes back (the outbox defers the item).
            throw new ConnectorThrottledException(throttled.RetryAfter);
        }

        if (!lease.IsAcquired)
        {
            return new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            {
                RequestMessage = request,
                Headers = { RetryAfter = new(TimeSpan.FromSeconds(1)) },
                Content = new StringContent("""{"error":{"code":"ClientRateLimited","message":"The bot's own rate limiter is saturated."}}"""),
            };
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (ConnectorPatience.Value is not null && response.StatusCode == HttpStatusCode.TooManyRequests && RetryAfterHeader.Read(response) is { } wait)
        {
            // Teams' own throttling, with its time to come back: for a flow that can come back later it is what the
            // limiter's throttling is, not a failure (the outbox puts the item back without counting an attempt).
            response.Dispose();
            throw new ConnectorThrottledException(wait);
        }

        return response;
    }
}
