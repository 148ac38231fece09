using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.Benchmarks;

/// <summary>
/// The Connector rate limiter alone (no network): how many permits it grants per second against what it is configured
/// for, with a queue of waiters. The throughput column is the granted rate; latencies are the waits for a permit.
/// Expected: the app budget granted in full (not more), one thread at Teams' 8 per 2 s less up to 10 %.
/// </summary>
internal static class LimiterBenchmark
{
    public static async Task<IReadOnlyList<LoadResult>> RunAsync(BenchmarkSettings settings)
    {
        var results = new List<LoadResult>();
        foreach (var budget in new[] { 50, 1000 })
        {
            using var limiter = Create(budget);
            results.Add(await LoadRunner.RunAsync(
                $"app budget {budget}/s, a new thread per request", 32, settings.Warmup, settings.Duration,
                i => AcquireAsync(limiter, "a:chat-" + i)));
        }

        using var oneThread = Create(1000);
        results.Add(await LoadRunner.RunAsync(
            "one thread (Teams: 7/1 s, 8/2 s, 60/30 s)", 8, TimeSpan.Zero, settings.Duration, _ => AcquireAsync(oneThread, "19:one@thread.tacv2")));
        return results;
    }

    private static ConnectorRateLimiter Create(int budget) =>
        new(Options.Create(new BotFrameworkOptions { TenantRequestsPerSecond = budget, RateLimitQueueTimeout = TimeSpan.FromMinutes(1) }));

    private static async Task<bool> AcquireAsync(ConnectorRateLimiter limiter, string thread)
    {
        using var lease = await limiter.AcquireAsync(thread, CancellationToken.None);
        return lease.IsAcquired;
    }
}
