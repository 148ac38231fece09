using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness.Azurite;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.Benchmarks;

/// <summary>
/// The card-action round trip at fixed request rates (open loop): a signed <c>adaptiveCard/action</c> (claim, or unclaim
/// by the owner) on one of 2 000 complaints whose cards are "posted", answered with the clicker's card after the durable
/// write; and, separately, how long until the outbox has PUT the updated channel card at the fake connector. Then the
/// highest rate of a bounded ladder whose invoke p99 stays within 50 ms.
/// </summary>
internal static class CardActionsBenchmark
{
    private const int ComplaintCount = 2000;
    private const int MemberCount = 40;
    private const int Channels = 100;
    private const double TargetP99Ms = 50;
    private static readonly double[] FixedRates = [20, 50];
    private static readonly double[] Ladder = [20, 50, 100, 200, 300, 400, 600, 800, 1000, 1200];

    public static async Task<IReadOnlyList<LoadResult>> RunAsync(BenchmarkSettings settings)
    {
        Console.WriteLine("Invoke round trip = signed POST /api/messages (JWT checked) → complaint read → directory (Graph answers cached)");
        Console.WriteLine("→ domain transition → one durable write of the complaint with its outbox items (SQLite: fsync; Azure: conditional");
        Console.WriteLine("blob write + queue messages) → the clicker's card built and returned. \"channel card updated\" = from sending the invoke");
        Console.WriteLine("until the outbox worker's PUT of the channel card showing that version reaches the fake connector. The Connector");
        Console.WriteLine($"client keeps Teams' per-channel limits (60 calls per 30 s), so the complaints are spread over {Channels} department channels;");
        Console.WriteLine("the max-rate ladder runs with the outbox worker off (invoke path only; the channel side is bounded by Teams, not by us).");
        var results = new List<LoadResult>();
        await using var connector = await FakeBotConnector.StartAsync();
        await using var graph = await FakeGraph.StartAsync();
        var members = NewMembers(graph);
        results.AddRange(await MeasureAsync("SQLite", connector, graph, members, _ => [], settings));

        await using var azurite = await AzuriteServer.StartAsync();
        results.AddRange(await MeasureAsync("Azure Blob (Azurite)", connector, graph, members, name => new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "AzureBlob",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:ContainerName"] = name,
            ["Storage:QueueName"] = name,
        }, settings));
        return results;
    }

    private static async Task<IReadOnlyList<LoadResult>> MeasureAsync(
        string store, FakeBotConnector connector, FakeGraph graph, List<UserRef> members,
        Func<string, Dictionary<string, string?>> storage, BenchmarkSettings benchmark)
    {
        var results = new List<LoadResult>();
        await using (var withWorker = await StartAsync(connector, graph, members, storage("bench-actions"), workerEnabled: true))
        {
            foreach (var rate in FixedRates)
            {
                results.AddRange(await withWorker.MeasureAsync($"card action, {store}", rate, benchmark.Duration, channel: true));
            }
        }

        await using var invokeOnly = await StartAsync(connector, graph, members, storage("bench-ladder"), workerEnabled: false);
        double? sustained = null;
        foreach (var rate in Ladder)
        {
            var measured = await invokeOnly.MeasureAsync($"ladder, {store}", rate, benchmark.Duration, channel: false);
            results.AddRange(measured);
            if (measured[0].Errors > 0 || measured[0].P99Ms > TargetP99Ms)
            {
                break;
            }

            sustained = rate;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{store}: max rate sustained with invoke p99 ≤ {TargetP99Ms} ms: {(sustained is { } r ? $"{r}/s" : $"below {Ladder[0]}/s")} (ladder {string.Join(", ", Ladder)}/s, stops at the first miss)"));
        return results;
    }

    private static async Task<Run> StartAsync(
        FakeBotConnector connector, FakeGraph graph, List<UserRef> members, Dictionary<string, string?> settings, bool workerEnabled)
    {
        settings["Graph:BaseUrl"] = graph.BaseUrl;
        settings["Bot:TenantRequestsPerSecond"] = "1000";
        settings["Storage:Outbox:PollInterval"] = "00:00:00.050";
        settings["Storage:Outbox:WorkerEnabled"] = workerEnabled ? "true" : "false";
        for (var d = 0; d < Channels; d++)
        {
            var key = $"Departments:{d + 2}:";
            settings[key + "Id"] = Department(d);
            settings[key + "Name"] = $"Bench {d:00}";
            settings[key + "TeamId"] = Activities.TeamId;
            settings[key + "ChannelId"] = $"19:{Department(d)}@thread.tacv2";
            settings[key + "EntraGroupId"] = BotApp.BillingGroupId;
        }

        var app = BotApp.Start(connector, settings, minimumLogLevel: LogLevel.Warning);
        var run = new Run(app, connector, await SeedAsync(app), members);
        await run.WarmUpAsync();
        return run;
    }

    private static string Department(int n) => $"bench-{n:00}";

    private static List<UserRef> NewMembers(FakeGraph graph)
    {
        var members = new List<UserRef>();
        for (var i = 0; i < MemberCount; i++)
        {
            var id = Guid.NewGuid().ToString();
            graph.AddUser(new FakeGraphUser(id, $"Bench Member {i:00}"));
            graph.AddMember(BotApp.BillingGroupId, id);
            members.Add(new UserRef($"29:1bench{i:00}", $"Bench Member {i:00}", id));
        }

        return members;
    }

    /// <summary>Open billing complaints with a "posted" card, written straight to the store (no post-card work).</summary>
    private static async Task<List<Complaint>> SeedAsync(BotApp app)
    {
        var store = app.Services.GetRequiredService<IComplaintStore>();
        var time = TimeProvider.System;
        var seeded = new ConcurrentBag<Complaint>();
        await Parallel.ForEachAsync(Enumerable.Range(0, ComplaintCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            var now = time.GetUtcNow();
            var submission = new ComplaintSubmission
            {
                Source = "bench-actions",
                ExternalId = Guid.NewGuid().ToString("N"),
                Network = Network.X,
                AuthorHandle = "@bench",
                Text = "I was charged twice on my last invoice and nobody answers",
                DepartmentId = Department(n % Channels),
            };
            var complaint = Complaint.Receive(
                ComplaintIds.New(time), submission, new RoutingDecision(submission.DepartmentId, RoutingRule.Explicit, [], "benchmark"), new Actor("source:bench", "Bench", ActorKind.Api), now);
            var activityId = $"bench-{Guid.NewGuid():N}";
            complaint.RecordCardPosted(new ChannelCard(submission.DepartmentId, $"19:{submission.DepartmentId}@thread.tacv2;messageid={activityId}", activityId, now), now);
            await store.CreateAsync(complaint, [], ct);
            seeded.Add(complaint);
        });
        return [.. seeded];
    }

    /// <summary>The open-loop runs on one host: which complaint each request acts on, and whether its card reached the channel.</summary>
    private sealed class Run(BotApp app, FakeBotConnector connector, List<Complaint> complaints, List<UserRef> members) : IAsyncDisposable
    {
        private readonly bool[] claimed = new bool[complaints.Count];
        private readonly BotClient client = app.CreateBotClient();
        private string token = string.Empty;
        private int next;

        /// <summary>JIT, connection pools, the directory cache for every member: a few seconds at a low rate, not measured.</summary>
        public async Task WarmUpAsync()
        {
            token = client.ValidToken();
            await AtRateAsync(20, TimeSpan.FromSeconds(4), null);
        }

        public async Task<IReadOnlyList<LoadResult>> MeasureAsync(string name, double rate, TimeSpan duration, bool channel)
        {
            var started = DateTimeOffset.UtcNow;
            var sent = new ConcurrentBag<(string ActivityId, long Version, DateTimeOffset At)>();
            var invoke = await AtRateAsync(rate, duration, sent);
            var label = string.Create(CultureInfo.InvariantCulture, $"{name} @ {rate}/s");
            if (!channel)
            {
                return [invoke with { Name = $"{label}: invoke round trip" }];
            }

            var updated = await ChannelLatenciesAsync(sent, started);
            return
            [
                invoke with { Name = $"{label}: invoke round trip" },
                Summarize($"{label}: channel card updated", duration, updated, sent.Count),
            ];
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.DisposeAsync();
        }

        private Task<LoadResult> AtRateAsync(double rate, TimeSpan duration, ConcurrentBag<(string, long, DateTimeOffset)>? sent) =>
            LoadRunner.RunAtRateAsync("invoke", rate, duration, async _ =>
            {
                var k = Interlocked.Increment(ref next) % complaints.Count;
                var complaint = complaints[k];
                var verb = Volatile.Read(ref claimed[k]) ? "complaint.unclaim" : "complaint.claim";
                var at = DateTimeOffset.UtcNow;
                var (answered, version) = await InvokeAsync(complaint.Id, verb, members[k % members.Count]);
                if (answered)
                {
                    // Claimed or refused ("already claimed by you"): either way the complaint is now in the other state.
                    Volatile.Write(ref claimed[k], verb == "complaint.claim");
                }

                if (version is null)
                {
                    return false;
                }

                sent?.Add((complaint.CurrentCard!.ActivityId, version.Value, at));
                return true;
            });

        /// <summary>Whether the bot answered 200, and the card's version when the action succeeded (no notice on the card).</summary>
        private async Task<(bool Answered, long? Version)> InvokeAsync(string complaintId, string verb, UserRef member)
        {
            var activity = Activities.Envelope("invoke", connector.ServiceUrl, member, Activities.ChannelId, "channel", "en-US");
            activity["name"] = "adaptiveCard/action";
            activity["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject { ["complaintId"] = complaintId, ["version"] = 0 } },
                ["trigger"] = "manual",
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new("Bearer", token);
            using var response = await client.Http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (false, null);
            }

            var card = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["value"];
            var notice = card?["body"]?[0] is JsonObject first && first["type"]?.GetValue<string>() == "Container";
            return (true, card is null || notice ? null : card["refresh"]?["action"]?["data"]?["version"]?.GetValue<long>());
        }

        /// <summary>Waits (bounded) for the outbox to catch up, then matches each action to the first PUT showing its version.</summary>
        private async Task<List<double>> ChannelLatenciesAsync(ConcurrentBag<(string ActivityId, long Version, DateTimeOffset At)> sent, DateTimeOffset since)
        {
            var expected = sent.ToList();
            var deadline = Stopwatch.StartNew();
            Dictionary<string, List<(long Version, DateTimeOffset At)>> puts;
            while (true)
            {
                puts = connector.Calls
                    .Where(c => c.IsUpdate && c.Succeeded && c.At >= since && c.ActivityId is not null)
                    .GroupBy(c => c.ActivityId!)
                    .ToDictionary(g => g.Key, g => g.Select(c => (VersionOf(c), c.At)).OrderBy(p => p.At).ToList());
                var missing = expected.Count(e => !Shown(puts, e.ActivityId, e.Version, e.At).HasValue);
                if (missing == 0 || deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    break;
                }

                await Task.Delay(250);
            }

            return [.. expected.Select(e => Shown(puts, e.ActivityId, e.Version, e.At)).OfType<double>()];
        }

        private static double? Shown(Dictionary<string, List<(long Version, DateTimeOffset At)>> puts, string activityId, long version, DateTimeOffset at)
        {
            foreach (var (shown, shownAt) in puts.GetValueOrDefault(activityId) ?? [])
            {
                if (shown >= version && shownAt >= at)
                {
                    return (shownAt - at).TotalMilliseconds;
                }
            }

            return null;
        }

        private static long VersionOf(RecordedCall call) =>
            call.Json?["attachments"]?[0]?["content"]?["refresh"]?["action"]?["data"]?["version"]?.GetValue<long>() ?? 0;

        private static LoadResult Summarize(string name, TimeSpan duration, List<double> latencies, int expected)
        {
            var sorted = latencies.Order().ToArray();
            return new LoadResult(name, 0, duration, sorted.Length, expected - sorted.Length,
                Percentile(sorted, 0.50), Percentile(sorted, 0.90), Percentile(sorted, 0.99), sorted.Length == 0 ? 0 : sorted[^1]);
        }

        private static double Percentile(double[] sorted, double quantile) =>
            sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
    }
}
