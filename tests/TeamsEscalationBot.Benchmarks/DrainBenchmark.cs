using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.Storage.Leases;
using TeamsEscalationBot.TestHarness.Azurite;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.Benchmarks;

/// <summary>
/// The outbox drain against a Teams-like peer: N complaints over 40 department channels through the intake API, each
/// claimed through a signed card action once its card is in the channel (a card update and an audit line in the
/// thread), through the fake connector with Teams' per-thread windows, an app budget equal to
/// <c>Bot:TenantRequestsPerSecond</c>, and a seeded 20 % of random 429/503 answers. Reports the budget share, the
/// per-thread violations, lost and duplicate cards, the time to drain and the latency from intake 201 to the card
/// accepted in the channel. On SQLite with one instance, and on Azurite with two instances sharing the storage.
/// </summary>
internal static class DrainBenchmark
{
    private const int Departments = 40;
    private const int MemberCount = 40;
    private const double FaultShare = 0.2;
    private const int FaultSeed = 16;
    private const int IntakeConcurrency = 8;
    private const int FollowUpConcurrency = 8;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<IReadOnlyList<LoadResult>> RunBothAsync(BenchmarkSettings settings) =>
        [.. await RunSqliteAsync(settings), .. await RunAzureAsync(settings)];

    public static async Task<IReadOnlyList<LoadResult>> RunSqliteAsync(BenchmarkSettings settings)
    {
        await using var connector = await FakeBotConnector.StartAsync(Limits(settings.Budget));
        await using var graph = await FakeGraph.StartAsync();
        var members = NewMembers(graph);
        await using var host = Start(connector, HostSettings(settings, graph, []), "sqlite-1");
        return await DriveAsync("sqlite", "SQLite, 1 instance", settings, connector, [host], members);
    }

    public static async Task<IReadOnlyList<LoadResult>> RunAzureAsync(BenchmarkSettings settings)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var connector = await FakeBotConnector.StartAsync(Limits(settings.Budget));
        await using var graph = await FakeGraph.StartAsync();
        var members = NewMembers(graph);
        var name = "drain" + Guid.NewGuid().ToString("N")[..8];
        var storage = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "AzureBlob",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:ContainerName"] = name,
            ["Storage:QueueName"] = name,
        };
        await using var first = Start(connector, HostSettings(settings, graph, storage), "host-a");
        await using var second = Start(connector, HostSettings(settings, graph, storage), "host-b");
        return await DriveAsync("azurite", "Azure Blob (Azurite), 2 instances", settings, connector, [first, second], members);
    }

    private static TeamsLimits Limits(int budget) => new()
    {
        AppRequestsPerSecond = budget,
        FaultShare = FaultShare,
        FaultSeed = FaultSeed,
    };

    private static Dictionary<string, string?> HostSettings(BenchmarkSettings benchmark, FakeGraph graph, Dictionary<string, string?> storage)
    {
        var budget = benchmark.Budget;
        var settings = new Dictionary<string, string?>(storage)
        {
            ["Graph:BaseUrl"] = graph.BaseUrl,
            ["Bot:TenantRequestsPerSecond"] = budget.ToString(CultureInfo.InvariantCulture),
            ["Intake:RequestsPerMinute"] = "100000",
            ["Storage:Outbox:PollInterval"] = "00:00:00.200",
            ["Crises:Enabled"] = "false",
        };
        for (var d = 0; d < Departments; d++)
        {
            var key = $"Departments:{d + 2}:";
            settings[key + "Id"] = Department(d);
            settings[key + "Name"] = $"Drain {d:00}";
            settings[key + "TeamId"] = Activities.TeamId;
            settings[key + "ChannelId"] = $"19:{Department(d)}@thread.tacv2";
            settings[key + "EntraGroupId"] = BotApp.BillingGroupId;
        }

        foreach (var (key, value) in benchmark.HostSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>One instance; its Connector token names it, so the calls of each instance can be counted apart.</summary>
    private static BotApp Start(FakeBotConnector connector, Dictionary<string, string?> settings, string instanceId) =>
        BotApp.Start(
            connector,
            new Dictionary<string, string?>(settings) { ["Storage:Leadership:InstanceId"] = instanceId },
            services => services.AddSingleton(new BotCredential(new NamedTokenCredential(instanceId))),
            minimumLogLevel: LogLevel.Error);

    private static string Department(int n) => $"drain-{n:00}";

    private static List<UserRef> NewMembers(FakeGraph graph)
    {
        var members = new List<UserRef>();
        for (var i = 0; i < MemberCount; i++)
        {
            var id = Guid.NewGuid().ToString();
            graph.AddUser(new FakeGraphUser(id, $"Drain Member {i:00}"));
            graph.AddMember(BotApp.BillingGroupId, id);
            members.Add(new UserRef($"29:1drain{i:00}", $"Drain Member {i:00}", id));
        }

        return members;
    }

    private static async Task<IReadOnlyList<LoadResult>> DriveAsync(
        string file, string store, BenchmarkSettings settings, FakeBotConnector connector, IReadOnlyList<BotApp> hosts, List<UserRef> members)
    {
        var n = settings.Complaints;
        var budget = settings.Budget;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{store}: {n} complaints over {Departments} channels (intake, {IntakeConcurrency} at a time), each claimed once its card is in the channel; budget {budget}/s, {FaultShare:P0} random 429/503 (seed {FaultSeed})"));
        var leaders = hosts.Select((h, i) => (h, i)).Where(x => x.h.Services.GetRequiredService<ILeadership>().IsLeader).Select(x => x.i).ToList();
        var run = new DrainRun(connector, hosts, members);
        var since = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        // Generous bound: ten times the writes at the budget, plus five minutes (a slow store is reported, not cut short).
        var deadline = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(10.0 * 3 * n / budget);
        using var stop = new CancellationTokenSource(deadline);
        var intake = run.SubmitAllAsync(n, stop.Token);
        var followUps = run.FollowUpAsync(intake, stop.Token);
        var lastProgress = TimeSpan.Zero;
        var lastAccepted = 0;
        var done = false;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(500, CancellationToken.None);
            var state = run.Observe();
            done = intake.IsCompleted && followUps.IsCompleted && state.Cards >= run.AcceptedCount
                && state.UpdatedAfterClaim >= run.ClaimedCount && state.RepliedAfterClaim >= run.ClaimedCount;
            if (clock.Elapsed - lastProgress >= ProgressEvery || done)
            {
                var accepted = connector.Deliveries.Items.Count;
                var rate = (accepted - lastAccepted) / (clock.Elapsed - lastProgress).TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  [{clock.Elapsed.TotalSeconds,5:F0} s] intake {run.AcceptedCount}/{n}, cards {state.Cards}/{n}, claims {run.ClaimedCount}, updated {state.UpdatedAfterClaim}, audit lines {state.RepliedAfterClaim}; accepted writes {accepted} ({rate:F1}/s, budget {budget}/s), random faults {connector.Teams!.RandomFaults}, thread-limit refusals {connector.Teams.ThreadLimitRefusals}"));
                lastProgress = clock.Elapsed;
                lastAccepted = accepted;
            }

            if (done)
            {
                break;
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(intake, followUps).ContinueWith(_ => { }, TaskScheduler.Default);

        // A late duplicate would show within a few seconds of the end.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var result = run.Summarize(store, n, budget, since, done, leaders) with { HostSettings = settings.HostSettings };
        await WriteAsync(settings.OutputDirectory, $"drain-{file}", result);
        return
        [
            new LoadResult($"drain, {store}: intake 201 → card accepted in the channel", 0, result.DrainTime, result.CardsPosted, result.LostCards,
                result.CardLatencyP50Ms, result.CardLatencyP90Ms, result.CardLatencyP99Ms, result.CardLatencyMaxMs),
        ];
    }

    private static async Task WriteAsync(string directory, string name, DrainResult result)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, name + ".json");
        var markdown = Path.Combine(directory, name + ".md");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(result, Json));
        var table = result.ToMarkdown();
        await File.WriteAllTextAsync(markdown, table);
        Console.WriteLine(table);
        Console.WriteLine($"Written: {json}, {markdown}");
    }

    /// <summary>The hosts of one run, what was submitted and claimed, and what the fake connector accepted.</summary>
    private sealed class DrainRun(FakeBotConnector connector, IReadOnlyList<BotApp> hosts, List<UserRef> members)
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> _accepted = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, DateTimeOffset> _claimed = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _claimQueued = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _complaintByActivity = new(StringComparer.Ordinal);
        private readonly HashSet<string> _cards = new(StringComparer.Ordinal);
        private readonly HashSet<string> _updated = new(StringComparer.Ordinal);
        private readonly HashSet<string> _replied = new(StringComparer.Ordinal);
        private int _observed;
        private int _intakeErrors;
        private int _claimErrors;
        private int _claimRefusalShown;

        public int AcceptedCount => _accepted.Count;

        public int ClaimedCount => _claimed.Count;

        public async Task SubmitAllAsync(int count, CancellationToken ct)
        {
            var clients = hosts.Select(h => h.CreateIntakeClient()).ToList();
            var run = Guid.NewGuid().ToString("N")[..8];
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = IntakeConcurrency, CancellationToken = ct }, async (i, token) =>
                {
                    var body = new JsonObject
                    {
                        ["source"] = "bench",
                        ["externalId"] = $"{run}-{i}",
                        ["network"] = "x",
                        ["authorHandle"] = "@bench",
                        ["text"] = "I was charged twice on my last invoice and nobody answers",
                        ["url"] = "https://x.com/bench/status/1",
                        ["priority"] = "normal",
                        ["department"] = Department(i % Departments),
                    };
                    for (var attempt = 0; attempt < 5; attempt++)
                    {
                        using var response = await clients[i % clients.Count].PostAsJsonAsync("/api/complaints", body, token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(token))!["id"]!.GetValue<string>();
                            _accepted[id] = DateTimeOffset.UtcNow;
                            return;
                        }

                        await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)), token);
                    }

                    Interlocked.Increment(ref _intakeErrors);
                });
            }
            finally
            {
                clients.ForEach(c => c.Dispose());
            }
        }

        /// <summary>Claims each complaint once its card is in the channel, as a department member would after seeing it.</summary>
        public async Task FollowUpAsync(Task intake, CancellationToken ct)
        {
            var clients = hosts.Select(h => h.CreateBotClient()).ToList();
            var token = clients[0].ValidToken();
            var seen = 0;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var items = connector.Deliveries.Items;
                    var posted = items.Skip(seen).Where(a => a.Kind == DeliveryKind.NewConversation && a.IsCard && a.ComplaintId is not null)
                        .Select(a => a.ComplaintId!).Where(id => _accepted.ContainsKey(id) && _claimQueued.TryAdd(id, 0)).ToList();
                    seen = items.Count;
                    if (posted.Count > 0)
                    {
                        await Parallel.ForEachAsync(posted, new ParallelOptions { MaxDegreeOfParallelism = FollowUpConcurrency, CancellationToken = ct }, async (id, t) =>
                        {
                            var k = (int)((uint)id.GetHashCode(StringComparison.Ordinal) % (uint)members.Count);
                            var sentAt = DateTimeOffset.UtcNow;
                            // "Someone changed this complaint meanwhile" (the card was recorded as posted while the click
                            // was on its way): the member clicks again, as a person would, at most three times.
                            var ok = false;
                            for (var attempt = 0; attempt < 3 && !ok; attempt++)
                            {
                                if (attempt > 0)
                                {
                                    await Task.Delay(500, t);
                                }

                                ok = await ClaimAsync(clients[k % clients.Count], token, id, members[k], t);
                            }

                            if (ok)
                            {
                                _claimed[id] = sentAt;
                            }
                            else
                            {
                                Interlocked.Increment(ref _claimErrors);
                            }
                        });
                    }
                    else if (intake.IsCompleted && _claimQueued.Count >= _accepted.Count)
                    {
                        return;
                    }
                    else
                    {
                        await Task.Delay(200, ct);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            finally
            {
                clients.ForEach(c => c.Dispose());
            }
        }

        private async Task<bool> ClaimAsync(BotClient client, string token, string complaintId, UserRef member, CancellationToken ct)
        {
            var activity = Activities.Envelope("invoke", connector.ServiceUrl, member, Activities.ChannelId, "channel", "en-US");
            activity["name"] = "adaptiveCard/action";
            activity["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "complaint.claim", ["data"] = new JsonObject { ["complaintId"] = complaintId, ["version"] = 0 } },
                ["trigger"] = "manual",
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new("Bearer", token);
            using var response = await client.Http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
            // The clicker's card names the new owner when the claim was taken (a refusal shows a notice instead).
            var text = await response.Content.ReadAsStringAsync(ct);
            if (text.Contains(member.Name, StringComparison.Ordinal))
            {
                return true;
            }

            if (Interlocked.Exchange(ref _claimRefusalShown, 1) == 0)
            {
                var notice = JsonNode.Parse(text)?["value"]?["body"]?[0]?.ToJsonString() ?? text;
                Console.WriteLine($"  first refused claim ({complaintId}): {notice[..Math.Min(300, notice.Length)]}");
            }

            return false;
        }

        /// <summary>Folds the writes accepted since the last look into the per-complaint sets.</summary>
        public (int Cards, int UpdatedAfterClaim, int RepliedAfterClaim) Observe()
        {
            var items = connector.Deliveries.Items;
            foreach (var a in items.Skip(_observed))
            {
                switch (a.Kind)
                {
                    case DeliveryKind.NewConversation when a.IsCard && a.ComplaintId is { } id:
                        _cards.Add(id);
                        _complaintByActivity[a.ActivityId] = id;
                        break;
                    case DeliveryKind.Update when a.ComplaintId is { } id && _claimed.TryGetValue(id, out var claimedAt) && a.At >= claimedAt:
                        _updated.Add(id);
                        break;
                    case DeliveryKind.Post when Root(a.ConversationId) is { } root && _complaintByActivity.TryGetValue(root, out var owner)
                        && _claimed.TryGetValue(owner, out var claimAt) && a.At >= claimAt:
                        _replied.Add(owner);
                        break;
                    default:
                        break;
                }
            }

            _observed = items.Count;
            return (_cards.Count, _updated.Count, _replied.Count);
        }

        private static string? Root(string conversationId)
        {
            const string Marker = ";messageid=";
            var at = conversationId.IndexOf(Marker, StringComparison.Ordinal);
            return at < 0 ? null : conversationId[(at + Marker.Length)..];
        }

        public DrainResult Summarize(string store, int requested, int budget, DateTimeOffset since, bool completed, List<int> leaders)
        {
            var teams = connector.Teams!;
            var deliveries = connector.Deliveries.Items.Where(a => a.At >= since).ToList();
            var calls = connector.Calls.Where(c => c.At >= since && c.Method is "POST" or "PUT" or "DELETE").ToList();
            var first = calls.Count == 0 ? since : calls.Min(c => c.At);
            var last = deliveries.Count == 0 ? first : deliveries.Max(a => a.At);
            var window = last - first;
            var seconds = Math.Max(0.001, window.TotalSeconds);
            var sentInWindow = calls.Count(c => c.At <= last);

            // The steady part: up to the write that brought the accepted count to 95 %, leaving out the last items'
            // retries (a few writes spread over their backoff).
            var ordered = deliveries.Select(a => a.At).Order().ToList();
            var at95 = ordered.Count == 0 ? first : ordered[Math.Max(0, (int)Math.Ceiling(0.95 * ordered.Count) - 1)];
            var seconds95 = Math.Max(0.001, (at95 - first).TotalSeconds);
            var cards = deliveries.Where(a => a.Kind == DeliveryKind.NewConversation && a.IsCard && a.ComplaintId is not null)
                .GroupBy(a => a.ComplaintId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(a => a.At), StringComparer.Ordinal);
            var latencies = _accepted.Where(p => cards.ContainsKey(p.Key)).Select(p => (cards[p.Key] - p.Value).TotalMilliseconds).Order().ToArray();
            var byInstance = calls.GroupBy(c => c.Authorization ?? "?").ToDictionary(g => g.Key.Replace("Bearer ", string.Empty, StringComparison.Ordinal), g => g.Count());
            return new DrainResult
            {
                Store = store,
                Machine = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}",
                Completed = completed,
                ComplaintsRequested = requested,
                ComplaintsAccepted = _accepted.Count,
                IntakeErrors = _intakeErrors,
                Claims = _claimed.Count,
                ClaimErrors = _claimErrors,
                BudgetPerSecond = budget,
                DrainTime = last - since,
                DeliveryWindow = window,
                RequestsSent = sentInWindow,
                WritesAccepted = deliveries.Count,
                CardsPosted = cards.Count,
                CardUpdates = deliveries.Count(a => a.Kind == DeliveryKind.Update),
                ThreadReplies = deliveries.Count(a => a.Kind == DeliveryKind.Post),
                SentPerSecond = sentInWindow / seconds,
                AcceptedPerSecond = deliveries.Count / seconds,
                SentPerSecondTo95 = calls.Count(c => c.At <= at95) / seconds95,
                AcceptedPerSecondTo95 = ordered.Count(a => a <= at95) / seconds95,
                RandomFaults = teams.RandomFaults,
                ThreadLimitViolations = teams.ThreadLimitRefusals,
                AppBudgetRefusals = teams.AppBudgetRefusals,
                LostCards = connector.Deliveries.Lost(_accepted.Keys).Count,
                DuplicateCards = connector.Deliveries.Duplicates(),
                CallsByInstance = byInstance,
                LeaderInstances = leaders,
                CardLatencyP50Ms = Percentile(latencies, 0.50),
                CardLatencyP90Ms = Percentile(latencies, 0.90),
                CardLatencyP99Ms = Percentile(latencies, 0.99),
                CardLatencyMaxMs = latencies.Length == 0 ? 0 : latencies[^1],
            };
        }

        private static double Percentile(double[] sorted, double quantile) =>
            sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
    }

    /// <summary>Hands out one fixed token, so every call an instance makes carries its name.</summary>
    private sealed class NamedTokenCredential(string token) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

/// <summary>The figures of one drain run, written as JSON and as a Markdown table.</summary>
internal sealed record DrainResult
{
    public required string Store { get; init; }
    public required string Machine { get; init; }
    public bool Completed { get; init; }
    public int ComplaintsRequested { get; init; }
    public int ComplaintsAccepted { get; init; }
    public int IntakeErrors { get; init; }
    public int Claims { get; init; }
    public int ClaimErrors { get; init; }
    public int BudgetPerSecond { get; init; }
    public TimeSpan DrainTime { get; init; }
    public TimeSpan DeliveryWindow { get; init; }
    public int RequestsSent { get; init; }
    public int WritesAccepted { get; init; }
    public int CardsPosted { get; init; }
    public int CardUpdates { get; init; }
    public int ThreadReplies { get; init; }
    public double SentPerSecond { get; init; }
    public double AcceptedPerSecond { get; init; }
    public double SentPerSecondTo95 { get; init; }
    public double AcceptedPerSecondTo95 { get; init; }
    public int RandomFaults { get; init; }
    public int ThreadLimitViolations { get; init; }
    public int AppBudgetRefusals { get; init; }
    public int LostCards { get; init; }
    public int DuplicateCards { get; init; }
    public required IReadOnlyDictionary<string, int> CallsByInstance { get; init; }
    public required IReadOnlyList<int> LeaderInstances { get; init; }
    public IReadOnlyDictionary<string, string> HostSettings { get; init; } = new Dictionary<string, string>();
    public double CardLatencyP50Ms { get; init; }
    public double CardLatencyP90Ms { get; init; }
    public double CardLatencyP99Ms { get; init; }
    public double CardLatencyMaxMs { get; init; }

    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var rows = new (string, string)[]
        {
            ("store", Store),
            ("machine", Machine),
            ("host settings overridden (--set)", HostSettings.Count == 0 ? "none" : string.Join(", ", HostSettings.Select(p => $"{p.Key}={p.Value}"))),
            ("drained completely", Completed ? "yes" : "NO (stopped at the time bound)"),
            ("complaints accepted (intake 201) / requested", string.Create(c, $"{ComplaintsAccepted} / {ComplaintsRequested} ({IntakeErrors} intake errors)")),
            ("claims (signed card actions)", string.Create(c, $"{Claims} ({ClaimErrors} failed)")),
            ("writes accepted: cards / card updates / thread replies", string.Create(c, $"{CardsPosted} / {CardUpdates} / {ThreadReplies}")),
            ("requests sent per second (incl. failed) / budget", string.Create(c, $"{SentPerSecond:F1} / {BudgetPerSecond} = **{SentPerSecond / BudgetPerSecond:P1}**")),
            ("writes accepted per second / budget", string.Create(c, $"{AcceptedPerSecond:F1} / {BudgetPerSecond} = **{AcceptedPerSecond / BudgetPerSecond:P1}**")),
            ("the same until 95 % of the writes were accepted: sent / accepted", string.Create(c, $"{SentPerSecondTo95:F1}/s = {SentPerSecondTo95 / BudgetPerSecond:P1} / {AcceptedPerSecondTo95:F1}/s = {AcceptedPerSecondTo95 / BudgetPerSecond:P1}")),
            ("random 429/503 answered", RandomFaults.ToString(c)),
            ("per-thread limit violations (refused by the fake)", string.Create(c, $"**{ThreadLimitViolations}**")),
            ("app budget refusals (refused by the fake)", AppBudgetRefusals.ToString(c)),
            ("lost cards", string.Create(c, $"**{LostCards}**")),
            ("duplicate cards", string.Create(c, $"**{DuplicateCards}**")),
            ("time to drain (first intake → last accepted write)", string.Create(c, $"{DrainTime.TotalSeconds:F1} s (deliveries over {DeliveryWindow.TotalSeconds:F1} s)")),
            ("intake 201 → card accepted: p50 / p90 / p99 / max", string.Create(c, $"{CardLatencyP50Ms / 1000:F1} / {CardLatencyP90Ms / 1000:F1} / **{CardLatencyP99Ms / 1000:F1}** / {CardLatencyMaxMs / 1000:F1} s")),
            ("Connector requests per instance", string.Join(", ", CallsByInstance.Select(p => $"{p.Key}: {p.Value}"))),
        };
        var text = new StringBuilder("| drain | value |\n| --- | --- |\n");
        foreach (var (name, value) in rows)
        {
            text.Append(c, $"| {name} | {value} |\n");
        }

        return text.ToString();
    }
}
