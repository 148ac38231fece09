using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.UnitTests.BotFramework;

/// <summary>
/// The limiter's own guarantee on a fake clock: each permit's time is the clock's time when it was granted, so the
/// windows are checked exactly, not within a timer's granularity.
/// </summary>
[TestClass]
public sealed class ConnectorRateLimiterTests
{
    private const string Thread = "19:busy@thread.tacv2";

    /// <summary>An app budget that lets 20 through at once: the per-thread limits are the ones that hold.</summary>
    private const int RoomyBudget = 200;

    /// <summary>How far the fake clock moves at a time while permits are awaited; every limit is a multiple of it.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Acquire_BurstOnOneThread_AtMostSevenPerSecondAndEightPerTwoSeconds()
    {
        var time = new FakeTimeProvider();
        using var limiter = Create(time, new BotFrameworkOptions { TenantRequestsPerSecond = RoomyBudget });

        var granted = await GrantTimesAsync(limiter, time, Enumerable.Repeat(Thread, 10));

        Assert.IsLessThanOrEqualTo(7, MaxInWindow(granted, TimeSpan.FromSeconds(1)));
        Assert.IsLessThanOrEqualTo(8, MaxInWindow(granted, TimeSpan.FromSeconds(2)));
        Assert.HasCount(7, granted.Where(t => t == TimeSpan.Zero).ToList(), "seven at once, nobody waits for them");
        Assert.IsLessThanOrEqualTo(TimeSpan.FromSeconds(2.5), granted.Max(), "the last of ten waits about one 2 s window");
    }

    [TestMethod]
    public async Task Acquire_SustainedOnOneThread_AtMostSixtyPerThirtySeconds()
    {
        var time = new FakeTimeProvider();
        using var limiter = Create(time, new BotFrameworkOptions { RateLimitQueueTimeout = TimeSpan.FromMinutes(1), TenantRequestsPerSecond = RoomyBudget });

        var granted = await GrantTimesAsync(limiter, time, Enumerable.Repeat(Thread, 70));

        Assert.IsLessThanOrEqualTo(60, MaxInWindow(granted, TimeSpan.FromSeconds(30)));
        Assert.IsLessThanOrEqualTo(7, MaxInWindow(granted, TimeSpan.FromSeconds(1)));
        Assert.IsLessThanOrEqualTo(8, MaxInWindow(granted, TimeSpan.FromSeconds(2)));
        Assert.IsLessThanOrEqualTo(TimeSpan.FromSeconds(40), granted.Max(), "the 61st waits for the first to leave the 30 s window, not longer");
    }

    [TestMethod]
    public async Task Acquire_EighthOnOneThread_WaitsForTheWindowThenGranted()
    {
        var time = new FakeTimeProvider();
        using var limiter = Create(time, new BotFrameworkOptions { TenantRequestsPerSecond = RoomyBudget });
        Assert.AreEqual(7, await AcquireEachAsync(limiter, Enumerable.Repeat(Thread, 7)));

        var eighth = limiter.AcquireAsync(Thread, TestContext.CancellationToken).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.IsFalse(eighth.IsCompleted, "not within the second of the first seven");

        time.Advance(TimeSpan.FromMilliseconds(201));
        Assert.IsTrue(eighth.IsCompleted, "granted once the window has passed");
        using var granted = await eighth;
        Assert.IsTrue(granted.IsAcquired);
    }

    [TestMethod]
    public async Task Acquire_DifferentThreads_NotHeldBackByEachOther()
    {
        // The app budget releases a tenth of a second's worth at a time: 200/s lets 20 through at once.
        using var limiter = Create(new FakeTimeProvider(), new BotFrameworkOptions { RateLimitQueueTimeout = TimeSpan.Zero, TenantRequestsPerSecond = RoomyBudget });
        for (var i = 0; i < 20; i++)
        {
            using var lease = await limiter.AcquireAsync("a:chat-" + i, TestContext.CancellationToken);
            Assert.IsTrue(lease.IsAcquired, "20 conversations, one request each, wait for nobody");
        }
    }

    [TestMethod]
    public async Task Acquire_BusyThread_OtherThreadsGrantedMeanwhile()
    {
        var time = new FakeTimeProvider();
        using var limiter = Create(time, new BotFrameworkOptions { TenantRequestsPerSecond = RoomyBudget });
        var busy = Enumerable.Range(0, 9).Select(_ => limiter.AcquireAsync(Thread, TestContext.CancellationToken).AsTask()).ToList();

        using var other = await limiter.AcquireAsync("a:chat-quiet", TestContext.CancellationToken);

        Assert.IsTrue(other.IsAcquired);
        Assert.AreEqual(2, busy.Count(t => !t.IsCompleted), "the busy thread's waiters are still in line");
        EndCompleted(busy);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.IsTrue(busy.All(t => t.IsCompleted && t.Result.IsAcquired));
        EndCompleted(busy);
    }

    [TestMethod]
    public async Task Acquire_AppBudget_HoldsAcrossThreads()
    {
        var time = new FakeTimeProvider();
        using var limiter = Create(time, new BotFrameworkOptions { TenantRequestsPerSecond = 5 });

        var granted = await GrantTimesAsync(limiter, time, Enumerable.Range(0, 12).Select(i => "a:chat-" + i));

        Assert.IsLessThanOrEqualTo(5, MaxInWindow(granted, TimeSpan.FromSeconds(1)));
        Assert.IsLessThanOrEqualTo(TimeSpan.FromSeconds(2.5), granted.Max(), "the budget is granted in full, not less");
    }

    [TestMethod]
    public async Task Acquire_BurstAcrossThreads_ReleasedATenthOfTheBudgetAtATime()
    {
        var time = new FakeTimeProvider();
        using var limiter = Create(time, new BotFrameworkOptions { RateLimitQueueTimeout = TimeSpan.Zero, TenantRequestsPerSecond = 50 });

        var first = await AcquireEachAsync(limiter, Enumerable.Range(0, 20).Select(i => "a:chat-" + i));
        time.Advance(TimeSpan.FromMilliseconds(100));
        var second = await AcquireEachAsync(limiter, Enumerable.Range(20, 20).Select(i => "a:chat-" + i));

        Assert.AreEqual(5, first, "50 per second is 5 per tenth of a second: no burst of a whole second");
        Assert.AreEqual(5, second, "the next tenth of a second releases the next 5");
    }

    [TestMethod]
    public async Task Acquire_QueueTimeoutZero_EighthRefusedAtOnce()
    {
        using var limiter = Create(new FakeTimeProvider(), new BotFrameworkOptions { RateLimitQueueTimeout = TimeSpan.Zero, TenantRequestsPerSecond = RoomyBudget });
        var leases = new List<System.Threading.RateLimiting.RateLimitLease>();
        for (var i = 0; i < 8; i++)
        {
            leases.Add(await limiter.AcquireAsync(Thread, TestContext.CancellationToken));
        }

        Assert.IsTrue(leases.Take(7).All(l => l.IsAcquired));
        Assert.IsFalse(leases[7].IsAcquired, "the eighth within a second is refused when waiting is not allowed");
        leases.ForEach(l => l.Dispose());
    }

    [TestMethod]
    public async Task Acquire_QueueTimeoutExceeded_LeaseNotAcquired()
    {
        var time = new FakeTimeProvider();
        using var limiter = Create(time, new BotFrameworkOptions { RateLimitQueueTimeout = TimeSpan.FromMilliseconds(500), TenantRequestsPerSecond = RoomyBudget });
        Assert.AreEqual(7, await AcquireEachAsync(limiter, Enumerable.Repeat(Thread, 7)));

        var eighth = limiter.AcquireAsync(Thread, TestContext.CancellationToken).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.IsFalse(eighth.IsCompleted, "still in line");
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.IsTrue(eighth.IsCompleted, "turned away when its wait is over");
        using var lease = await eighth;
        Assert.IsFalse(lease.IsAcquired);
    }

    [TestMethod]
    public async Task Acquire_CallerCancelsWhileWaiting_ThrowsAndFreesItsPlace()
    {
        var time = new FakeTimeProvider();
        using var limiter = Create(time, new BotFrameworkOptions { TenantRequestsPerSecond = RoomyBudget });
        Assert.AreEqual(7, await AcquireEachAsync(limiter, Enumerable.Repeat(Thread, 7)));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        var abandoned = limiter.AcquireAsync(Thread, cancel.Token).AsTask();
        var next = limiter.AcquireAsync(Thread, TestContext.CancellationToken).AsTask();

        await cancel.CancelAsync();
        time.Advance(TimeSpan.FromSeconds(1.2));

        await Assert.ThrowsAsync<OperationCanceledException>(() => abandoned);
        Assert.IsTrue(next.IsCompleted, "the waiter behind the cancelled one moves up");
        using var lease = await next;
        Assert.IsTrue(lease.IsAcquired);
    }

    [TestMethod]
    public async Task Dispose_WhileWaiting_WaiterTurnedAway()
    {
        var time = new FakeTimeProvider();
        var limiter = Create(time, new BotFrameworkOptions { TenantRequestsPerSecond = RoomyBudget });
        Assert.AreEqual(7, await AcquireEachAsync(limiter, Enumerable.Repeat(Thread, 7)));
        var waiting = limiter.AcquireAsync(Thread, TestContext.CancellationToken).AsTask();

        limiter.Dispose();

        using var lease = await waiting;
        Assert.IsFalse(lease.IsAcquired);
    }

    [TestMethod]
    public async Task Acquire_SlowRequestsOnOneThread_WindowCountsFromWhenTheyEnded()
    {
        var time = new FakeTimeProvider();
        using var limiter = Create(time, new BotFrameworkOptions { TenantRequestsPerSecond = RoomyBudget });
        var slow = SevenInFlight(limiter);

        var eighth = limiter.AcquireAsync(Thread, TestContext.CancellationToken).AsTask();
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.IsFalse(eighth.IsCompleted, "seven requests still on their way may all arrive within Teams' second");

        EndCompleted(slow);
        time.Advance(TimeSpan.FromMilliseconds(1090));
        Assert.IsFalse(eighth.IsCompleted, "the window runs from when the seven ended, not from when they were sent");
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.IsTrue(eighth.IsCompleted);
        using var granted = await eighth;
        Assert.IsTrue(granted.IsAcquired);
    }

    [TestMethod]
    public async Task Acquire_RequestInFlightWithPatience_ThrottledForAboutAWindow()
    {
        using var limiter = Create(new FakeTimeProvider(), new BotFrameworkOptions { TenantRequestsPerSecond = RoomyBudget });
        var inFlight = SevenInFlight(limiter);

        using var lease = await limiter.AcquireAsync(Thread, TestContext.CancellationToken, patience: TimeSpan.FromMilliseconds(500));

        Assert.IsFalse(lease.IsAcquired);
        Assert.IsTrue(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.AreEqual(TimeSpan.FromSeconds(1.1), retryAfter, "the requests in flight taken to end now: room again one window later");
        EndCompleted(inFlight);
    }

    /// <summary>Seven requests on the busy thread, granted at once and not ended yet.</summary>
    private List<Task<RateLimitLease>> SevenInFlight(ConnectorRateLimiter limiter)
    {
        var granted = Enumerable.Range(0, 7).Select(_ => limiter.AcquireAsync(Thread, TestContext.CancellationToken).AsTask()).ToList();
        Assert.IsTrue(granted.All(t => t.IsCompleted && t.Result.IsAcquired), "seven at once");
        return granted;
    }

    /// <summary>Ends the requests whose permits were granted (disposing a lease twice is harmless).</summary>
    private static void EndCompleted(IEnumerable<Task<RateLimitLease>> leases)
    {
        foreach (var lease in leases.Where(t => t.IsCompletedSuccessfully))
        {
            lease.Result.Dispose();
        }
    }

    private static ConnectorRateLimiter Create(FakeTimeProvider time, BotFrameworkOptions options) => new(Options.Create(options), time);

    /// <summary>How many of one acquire per key were granted without the clock moving.</summary>
    private async Task<int> AcquireEachAsync(ConnectorRateLimiter limiter, IEnumerable<string> keys)
    {
        var granted = 0;
        foreach (var key in keys)
        {
            var pending = limiter.AcquireAsync(key, TestContext.CancellationToken);
            if (pending.IsCompleted)
            {
                using var lease = await pending;
                granted += lease.IsAcquired ? 1 : 0;
            }
        }

        return granted;
    }

    /// <summary>
    /// Asks for one permit per key at once, then moves the fake clock in small steps: a waiter's task completes inside
    /// the step that grants it, so the clock's time after each step is the time of the grants it completed. Each
    /// request ends as soon as it is granted.
    /// </summary>
    private async Task<TimeSpan[]> GrantTimesAsync(ConnectorRateLimiter limiter, FakeTimeProvider time, IEnumerable<string> keys)
    {
        var start = time.GetUtcNow();
        var pending = keys.Select(key => limiter.AcquireAsync(key, TestContext.CancellationToken).AsTask()).ToList();
        var granted = new TimeSpan?[pending.Count];
        var limit = TimeSpan.FromMinutes(2);
        while (true)
        {
            for (var i = 0; i < pending.Count; i++)
            {
                if (granted[i] is null && pending[i].IsCompleted)
                {
                    // A request that takes no time: it ends as soon as it is granted.
                    granted[i] = time.GetUtcNow() - start;
                    pending[i].Result.Dispose();
                }
            }

            if (granted.All(t => t is not null) || time.GetUtcNow() - start > limit)
            {
                break;
            }

            time.Advance(Step);
        }

        foreach (var task in pending)
        {
            Assert.IsTrue(task.IsCompleted, $"a permit was still pending after {limit.TotalMinutes} fake minutes");
            using var lease = await task;
            Assert.IsTrue(lease.IsAcquired);
        }

        return [.. granted.Select(t => t!.Value).Order()];
    }

    /// <summary>The most permits granted within any span of <paramref name="window"/> (its end excluded).</summary>
    private static int MaxInWindow(TimeSpan[] sorted, TimeSpan window) =>
        sorted.Select((start, i) => sorted.Skip(i).TakeWhile(t => t - start < window).Count()).Max();
}
