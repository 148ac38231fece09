using System.Diagnostics;
using System.Globalization;

namespace TeamsEscalationBot.Benchmarks;

/// <summary>Latency figures of one measured run.</summary>
internal sealed record LoadResult(string Name, int Concurrency, TimeSpan Duration, int Requests, int Errors, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public double Throughput => Requests / Duration.TotalSeconds;

    public string ToRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Concurrency} | {Requests} | {Errors} | {Throughput:F0}/s | {P50Ms:F2} | {P90Ms:F2} | {P99Ms:F2} | {MaxMs:F2} |");

    public const string Header = "| scenario | concurrency | requests | errors | throughput | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|---|---|";
}

/// <summary>
/// A closed-loop load generator: <c>concurrency</c> workers send back-to-back requests for a fixed time (bounded), after a
/// warm-up that is not measured. Every request's latency is kept, so the percentiles are exact.
/// </summary>
internal static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan warmup, TimeSpan duration, Func<int, Task<bool>> request)
    {
        await RunWorkersAsync(concurrency, warmup, request, latencies: null);
        var latencies = new List<double>[concurrency];
        var errors = await RunWorkersAsync(concurrency, duration, request, latencies);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, concurrency, duration, all.Length, errors,
            Percentile(all, 0.50), Percentile(all, 0.90), Percentile(all, 0.99), all.Length == 0 ? 0 : all[^1]);
    }

    /// <summary>Fixed arrival rate (open loop): one request every 1/rate seconds regardless of answers, for <paramref name="duration"/>.</summary>
    public static async Task<LoadResult> RunAtRateAsync(string name, double ratePerSecond, TimeSpan duration, Func<int, Task<bool>> request)
    {
        var interval = TimeSpan.FromSeconds(1 / ratePerSecond);
        var total = (int)(duration.TotalSeconds * ratePerSecond);
        var latencies = new double[total];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = interval * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var index = i;
            pending.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await request(index);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }

        await Task.WhenAll(pending);
        var sorted = latencies.Order().ToArray();
        return new LoadResult(name, 0, duration, total, failures,
            Percentile(sorted, 0.50), Percentile(sorted, 0.90), Percentile(sorted, 0.99), sorted.Length == 0 ? 0 : sorted[^1]);
    }

    private static async Task<int> RunWorkersAsync(int concurrency, TimeSpan duration, Func<int, Task<bool>> request, List<double>[]? latencies)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var errors = 0;
        var sequence = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var own = new List<double>();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await request(Interlocked.Increment(ref sequence));
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }

            if (latencies is not null)
            {
                latencies[worker] = own;
            }
        })));
        return errors;
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
