using System.Diagnostics;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.UnitTests.BotFramework;

/// <summary>The limiter's own guarantee, measured at the moment each permit is granted (no network in between).</summary>
[TestClass]
public sealed class ConnectorRateLimiterTests
{
    [TestMethod]
    public async Task Acquire_BurstOnOneThread_AtMostSevenPerSecondAndEightPerTwoSeconds()
    {
        using var limiter = new ConnectorRateLimiter(Options.Create(new BotFrameworkOptions()));
        var granted = await AcquireAllAsync(limiter, Enumerable.Repeat("19:busy@thread.tacv2", 10));

        // Windows slide in tenths of their length; within that granularity no extra permit is ever granted.
        Assert.IsLessThanOrEqualTo(7, MaxInWindow(granted, TimeSpan.FromMilliseconds(900)));
        Assert.IsLessThanOrEqualTo(8, MaxInWindow(granted, TimeSpan.FromMilliseconds(1800)));
    }

    [TestMethod]
    public async Task Acquire_DifferentThreads_NotHeldBackByEachOther()
    {
        // The app budget releases a tenth of a second's worth at a time: 200/s lets 20 through at once.
        using var limiter = new ConnectorRateLimiter(Options.Create(new BotFrameworkOptions { RateLimitQueueTimeout = TimeSpan.Zero, TenantRequestsPerSecond = 200 }));
        for (var i = 0; i < 20; i++)
        {
            using var lease = await limiter.AcquireAsync("a:chat-" + i, CancellationToken.None);
            Assert.IsTrue(lease.IsAcquired, "20 conversations, one request each, wait for nobody");
        }
    }

    [TestMethod]
    public async Task Acquire_AppBudget_HoldsAcrossThreads()
    {
        using var limiter = new ConnectorRateLimiter(Options.Create(new BotFrameworkOptions { TenantRequestsPerSecond = 5 }));
        var granted = await AcquireAllAsync(limiter, Enumerable.Range(0, 12).Select(i => "a:chat-" + i));
        Assert.IsLessThanOrEqualTo(5, MaxInWindow(granted, TimeSpan.FromMilliseconds(900)));
    }

    [TestMethod]
    public async Task Acquire_BurstAcrossThreads_ReleasedATenthOfTheBudgetAtATime()
    {
        using var limiter = new ConnectorRateLimiter(Options.Create(new BotFrameworkOptions { RateLimitQueueTimeout = TimeSpan.Zero, TenantRequestsPerSecond = 50 }));
        var leases = new List<System.Threading.RateLimiting.RateLimitLease>();
        for (var i = 0; i < 20; i++)
        {
            leases.Add(await limiter.AcquireAsync("a:chat-" + i, CancellationToken.None));
        }

        // 5 at once; a refill may land while the loop runs on a busy machine, never a whole second's 50.
        Assert.IsInRange(5, 10, leases.Count(l => l.IsAcquired), "50 per second is 5 per tenth of a second: no burst of a whole second");
        leases.ForEach(l => l.Dispose());
    }

    [TestMethod]
    public async Task Acquire_QueueTimeoutExceeded_LeaseNotAcquired()
    {
        using var limiter = new ConnectorRateLimiter(Options.Create(new BotFrameworkOptions { RateLimitQueueTimeout = TimeSpan.Zero, TenantRequestsPerSecond = 200 }));
        var leases = new List<System.Threading.RateLimiting.RateLimitLease>();
        for (var i = 0; i < 8; i++)
        {
            leases.Add(await limiter.AcquireAsync("19:busy", CancellationToken.None));
        }

        Assert.IsTrue(leases.Take(7).All(l => l.IsAcquired));
        Assert.IsFalse(leases[7].IsAcquired, "the eighth within a second is refused when waiting is not allowed");
        leases.ForEach(l => l.Dispose());
    }

    private static async Task<TimeSpan[]> AcquireAllAsync(ConnectorRateLimiter limiter, IEnumerable<string> keys)
    {
        var clock = Stopwatch.StartNew();
        var times = await Task.WhenAll(keys.Select(async key =>
        {
            using var lease = await limiter.AcquireAsync(key, CancellationToken.None);
            Assert.IsTrue(lease.IsAcquired);
            return clock.Elapsed;
        }));
        return [.. times.Order()];
    }

    private static int MaxInWindow(TimeSpan[] sorted, TimeSpan window) =>
        sorted.Select((start, i) => sorted.Skip(i).TakeWhile(t => t - start < window).Count()).Max();
}
