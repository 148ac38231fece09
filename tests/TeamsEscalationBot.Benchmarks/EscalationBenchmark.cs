using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Escalation;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.Benchmarks;

/// <summary>
/// One escalation scheduler pass over 10 000 open complaints (SQLite, clocks written by the real recorder): the pass
/// that finds 100 of them due (their claim reminder) and records those steps with their outbox items, then passes with
/// nothing due, which is what the scheduler does every 30 seconds most of the time. The due work is found through the
/// index on the next due instant, so the idle pass does not read the 10 000.
/// </summary>
internal static class EscalationBenchmark
{
    private const int Stored = 10_000;
    private const int Due = 100;
    private const int Runs = 20;
    private const double TargetMs = 1_000;
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 9, 30, 0, TimeSpan.Zero);
    private static readonly Actor Source = new("source:bench", "Bench", ActorKind.Api);

    public static async Task<IReadOnlyList<LoadResult>> RunAsync(BenchmarkSettings settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "teb-bench-escalation-" + Guid.NewGuid().ToString("N"));
        try
        {
            var time = new SettableTime();
            var database = new SqliteDatabase(Path.Combine(directory, "bench.db"), time, NullLogger<SqliteDatabase>.Instance);
            var recorder = new SlaRecorder(
                Options.Create(new SlaOptions { Default = new SlaPolicy { CountIn = SlaCounting.CalendarHours, Targets = new(TimeSpan.FromHours(1), TimeSpan.FromHours(8)) } }),
                NullLogger<SlaRecorder>.Instance,
                Options.Create(new SlaEscalationOptions()));
            var store = new SqliteComplaintStore(database, time, new OutboxSignal(), recorder);
            var seeding = Stopwatch.StartNew();
            await SeedAsync(store, time);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Seeded {Stored:N0} open complaints ({Due} past their claim reminder) in {seeding.Elapsed.TotalSeconds:F1} s."));

            time.Now = Now;
            var router = new ComplaintRouter([new Department { Id = "billing", Name = "Billing", TeamId = "t", ChannelId = "c", EntraGroupId = "g", LeadUserIds = ["aad-lead"] }], "billing");
            var pass = new EscalationPass(
                store,
                new EscalationSteps(router, Options.Create(new ExecutiveOptions { UserIds = ["aad-exec"] })),
                Options.Create(new SlaEscalationOptions()),
                time,
                NullLogger<EscalationPass>.Instance);

            var started = Stopwatch.GetTimestamp();
            var taken = await pass.RunAsync(CancellationToken.None);
            var withDueMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var idle = new List<double>();
            for (var i = 0; i < Runs; i++)
            {
                started = Stopwatch.GetTimestamp();
                var again = await pass.RunAsync(CancellationToken.None);
                idle.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (again != 0)
                {
                    throw new InvalidOperationException($"An idle pass recorded {again} steps: each step must be recorded once.");
                }
            }

            idle.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Escalation pass over {Stored:N0} open complaints: {taken} steps recorded in {withDueMs:F0} ms ({(withDueMs < TargetMs ? "under" : "OVER")} 1 s); " +
                $"idle pass median {Percentile(idle, 0.5):F1} ms, p95 {Percentile(idle, 0.95):F1} ms over {Runs} runs."));
            return
            [
                new LoadResult(string.Create(CultureInfo.InvariantCulture, $"SQLite, {Stored:N0} open: escalation pass, {taken} steps due"), 1, TimeSpan.FromMilliseconds(withDueMs), 1, taken == Due ? 0 : 1, withDueMs, withDueMs, withDueMs, withDueMs),
                new LoadResult(string.Create(CultureInfo.InvariantCulture, $"SQLite, {Stored:N0} open: escalation pass, nothing due"), 1, TimeSpan.FromMilliseconds(idle.Sum()), Runs, 0, Percentile(idle, 0.5), Percentile(idle, 0.9), Percentile(idle, 0.99), idle[^1]),
            ];
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Complaints received over the 40 minutes before <see cref="Now"/> (not due), and <see cref="Due"/> received 50 minutes before (reminder due at 45).</summary>
    private static async Task SeedAsync(SqliteComplaintStore store, SettableTime time)
    {
        for (var n = 0; n < Stored; n++)
        {
            var at = n < Due ? Now.AddMinutes(-50) : Now.AddMinutes(-40) + (TimeSpan.FromMinutes(40) / Stored * n);
            var submission = new ComplaintSubmission
            {
                Source = "bench",
                ExternalId = "post-" + n.ToString(CultureInfo.InvariantCulture),
                Network = Network.X,
                AuthorHandle = "@customer",
                Text = "I was charged twice on my last invoice and nobody answers.",
            };
            var complaint = Complaint.Receive(
                "c-" + n.ToString("D9", CultureInfo.InvariantCulture), submission, new RoutingDecision("billing", RoutingRule.Keyword, ["invoice"], "benchmark"), Source, at);
            complaint.RecordCardPosted(new ChannelCard("billing", "19:c@thread.tacv2;messageid=" + n.ToString(CultureInfo.InvariantCulture), n.ToString(CultureInfo.InvariantCulture), at), at);
            time.Now = at;
            await store.CreateAsync(complaint, [], CancellationToken.None);
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed class SettableTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = EscalationBenchmark.Now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
