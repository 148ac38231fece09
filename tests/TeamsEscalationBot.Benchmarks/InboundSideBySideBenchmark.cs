using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;
using TeamsEscalationBot.TestHarness.Processes;

namespace TeamsEscalationBot.Benchmarks;

/// <summary>
/// The same signed <c>adaptiveCard/action</c> invoke sent to this service and to a minimal bot on Microsoft's Agents SDK
/// for JavaScript (<c>tests/agents-sdk-peer/peer.mjs</c>), both validating tokens of the same test issuer (the fake
/// Connector's keys). Before anything is measured, and again after, both must answer 401 to bad tokens and 200 with a
/// card to the good one. Then alternating closed-loop rounds, one target at a time, so both suffer the same machine load.
/// </summary>
internal static class InboundSideBySideBenchmark
{
    private const int Rounds = 5;
    private const string CardContentType = "application/vnd.microsoft.card.adaptive";
    private static readonly TimeSpan PeerStartTimeout = TimeSpan.FromSeconds(30);
    private static readonly Uri MessagesPath = new("api/messages", UriKind.Relative);
    private static readonly System.Net.Http.Headers.MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<IReadOnlyList<LoadResult>> RunAsync(BenchmarkSettings settings)
    {
        var concurrency = settings.Concurrencies.Max();
        RepositoryPaths.NodeModule("@microsoft", "agents-hosting", "package.json");
        RepositoryPaths.NodeModule("@microsoft", "agents-hosting-express", "package.json");
        Console.WriteLine("Both sides: signed POST /api/messages, Action.Execute verb intake.submit with an incomplete form, one Bot Connector");
        Console.WriteLine("token of the test issuer (RS256, 30 min), the same body. This service: the full inbound pipeline (token, body, activity");
        Console.WriteLine("checks, channel and tenant) and the product's handler, which answers the intake form with its problems (no storage).");
        Console.WriteLine("Agents SDK peer: authorizeJWT + CloudAdapter + AgentApplication.adaptiveCards.actionExecute answering a one-line card.");

        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, minimumLogLevel: LogLevel.Warning);
        await using var peer = await StartPeerAsync(connector);

        var oursAddress = app.CreateClient().BaseAddress!;
        var theirsAddress = new Uri($"http://127.0.0.1:{peer.Port}/");
        using var ours = Client(oursAddress, concurrency);
        using var theirs = Client(theirsAddress, concurrency);
        // Encoded once: the load generator shares the two cores with both sides, so it does as little as it can per request.
        var body = Encoding.UTF8.GetBytes(InvokeBody(connector.ServiceUrl));
        var token = Token(connector, TokenSpec.ConnectorIssuer);
        await using var oursLoad = new KeepAliveClient(oursAddress, "/" + MessagesPath, token, body);
        await using var theirsLoad = new KeepAliveClient(theirsAddress, "/" + MessagesPath, token, body);
        var targets = new[] { new Target("TeamsEscalationBot (.NET)", ours, oursLoad), new Target("Agents SDK for JavaScript 1.8.1 (node)", theirs, theirsLoad) };
        Func<Target, Func<int, Task<bool>>> load = settings.UseHttpClient
            ? target => _ => PostAsync(target.Http, body, token)
            : target => _ => target.Load.PostAsync();
        Console.WriteLine(settings.UseHttpClient
            ? "Load: HttpClient (SocketsHttpHandler), one pooled connection per worker, the same request for both."
            : "Load: the lean keep-alive HTTP/1.1 client (KeepAliveClient), one connection per worker, the same request bytes for both (--http-client for HttpClient).");

        foreach (var target in targets)
        {
            await GateAsync(target, connector, body, token, "before");
        }

        // Warm-up, not measured, one round long per side: JIT tiers, connection pools, the SDK's key cache, both sides' caches.
        foreach (var target in targets)
        {
            await LoadRunner.RunAsync("warm-up", concurrency, TimeSpan.Zero, settings.Duration, load(target));
            Console.WriteLine($"{target.Name}: warmed up for {settings.Duration.TotalSeconds:F0} s");
        }

        var perRound = new List<RoundResult>();
        for (var round = 1; round <= Rounds; round++)
        {
            // Alternate which side goes first so neither always follows the other's garbage collection or a busy moment.
            var order = round % 2 == 1 ? targets : [targets[1], targets[0]];
            var results = new Dictionary<string, LoadResult>(StringComparer.Ordinal);
            var cpu = new Dictionary<string, (TimeSpan Process, TimeSpan Peer)>(StringComparer.Ordinal);
            foreach (var target in order)
            {
                var (process, node) = (Environment.CpuUsage.TotalTime, peer.ProcessorTime);
                results[target.Name] = await LoadRunner.RunAsync(target.Name, concurrency, TimeSpan.Zero, settings.Duration, load(target));
                cpu[target.Name] = (Environment.CpuUsage.TotalTime - process, peer.ProcessorTime - node);
            }

            var result = new RoundResult(round, results[targets[0].Name], results[targets[1].Name])
            {
                // CPU per answered request, which other processes' load disturbs far less than requests per second:
                // ours = this process (service + load generator); SDK = the node process (+ the generator, apart).
                OursCpuMicros = Micros(cpu[targets[0].Name].Process, results[targets[0].Name]),
                SdkCpuMicros = Micros(cpu[targets[1].Name].Peer, results[targets[1].Name]),
                GeneratorCpuMicros = Micros(cpu[targets[1].Name].Process, results[targets[1].Name]),
            };
            perRound.Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}/{Rounds}: ours {result.Ours.Throughput:F0}/s (p99 {result.Ours.P99Ms:F1} ms, {result.Ours.Errors} errors), SDK {result.Sdk.Throughput:F0}/s (p99 {result.Sdk.P99Ms:F1} ms, {result.Sdk.Errors} errors), ratio {result.Ratio:F1}×; CPU per request: ours {result.OursCpuMicros:F0} µs (service + generator), SDK {result.SdkCpuMicros:F0} µs (node; generator {result.GeneratorCpuMicros:F0} µs), CPU ratio {result.CpuRatio:F1}×"));
        }

        foreach (var target in targets)
        {
            await GateAsync(target, connector, body, token, "after");
        }

        var summary = Summary.Of(perRound, concurrency, settings.Duration);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ours {summary.OursPerSecond:F0}/s, Agents SDK {summary.SdkPerSecond:F0}/s: ratio {summary.Ratio:F1}× (rounds {string.Join(", ", perRound.Select(r => r.Ratio.ToString("F1", CultureInfo.InvariantCulture)))}; {Environment.ProcessorCount} cores, load average {LoadAverage()})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU per request (median of the rounds): ours {Median(perRound.Select(r => r.OursCpuMicros)):F0} µs with the load generator, SDK {Median(perRound.Select(r => r.SdkCpuMicros)):F0} µs in node (+ {Median(perRound.Select(r => r.GeneratorCpuMicros)):F0} µs of generator): {Median(perRound.Select(r => r.CpuRatio)):F1}×"));
        WriteResults(summary, perRound);
        return [.. perRound.SelectMany(r => new[] { r.Ours with { Name = $"round {r.Round}: {r.Ours.Name}" }, r.Sdk with { Name = $"round {r.Round}: {r.Sdk.Name}" } })];
    }

    /// <summary>Bad tokens must be refused by both with 401 and the good one answered 200 with a card, or nothing is measured.</summary>
    private static async Task GateAsync(Target target, FakeBotConnector connector, byte[] body, string token, string when)
    {
        var now = DateTimeOffset.UtcNow;
        var bad = new (string Case, string? Token)[]
        {
            ("no token", null),
            ("forged signature", connector.Tokens.Mint(new TokenSpec { Audience = BotApp.AppId, ServiceUrl = connector.ServiceUrl, SignWithForeignKey = true })),
            ("wrong audience", connector.Tokens.Mint(new TokenSpec { Audience = Guid.NewGuid().ToString(), ServiceUrl = connector.ServiceUrl })),
            ("expired 6 minutes ago", connector.Tokens.Mint(new TokenSpec
            {
                Audience = BotApp.AppId, ServiceUrl = connector.ServiceUrl, NotBefore = now.AddHours(-1), Expires = now.AddMinutes(-6),
            })),
            ("alg none", connector.Tokens.Mint(new TokenSpec { Audience = BotApp.AppId, ServiceUrl = connector.ServiceUrl, WithoutSignature = true })),
        };
        foreach (var (name, badToken) in bad)
        {
            var (status, _) = await SendAsync(target.Http, body, badToken);
            if (status != HttpStatusCode.Unauthorized)
            {
                throw new InvalidOperationException($"{target.Name} answered {(int)status} to a token with {name} ({when} the measurement); it must be 401. Nothing is measured against a peer that does not check tokens.");
            }
        }

        var (goodStatus, answer) = await SendAsync(target.Http, body, token);
        var card = goodStatus == HttpStatusCode.OK ? JsonNode.Parse(answer)?["type"]?.GetValue<string>() : null;
        if (card != CardContentType)
        {
            throw new InvalidOperationException($"{target.Name} answered {(int)goodStatus} without a card to the valid token ({when}): {answer[..Math.Min(answer.Length, 300)]}");
        }

        Console.WriteLine($"{target.Name}: {bad.Length} bad tokens → 401, valid token → 200 with a card of {Encoding.UTF8.GetByteCount(answer)} bytes ({when})");
    }

    private static async Task<PeerProcess> StartPeerAsync(FakeBotConnector connector)
    {
        var port = LoopbackPorts.Free();
        var logPath = Path.Combine(Path.GetTempPath(), $"agents-sdk-peer-{port}.log");
        var child = ChildProcess.Start("agents-sdk-peer", "node", [Path.Combine(RepositoryPaths.Root, "tests", "agents-sdk-peer", "peer.mjs")], RepositoryPaths.Root,
            new Dictionary<string, string?>
            {
                ["PEER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
                ["PEER_APP_ID"] = BotApp.AppId,
                ["PEER_TENANT_ID"] = BotApp.TenantId,
                ["PEER_JWKS_URL"] = connector.ServiceUrl + "v1/.well-known/keys",
                ["NODE_ENV"] = "production",
                ["DEBUG"] = null,
            },
            logPath);
        if (!await LoopbackPorts.WaitUntilListeningAsync(port, PeerStartTimeout, () => child.HasExited, CancellationToken.None))
        {
            var tail = child.Tail();
            await child.DisposeAsync();
            throw new InvalidOperationException($"The Agents SDK peer did not listen on 127.0.0.1:{port} within {PeerStartTimeout.TotalSeconds} s.\n{tail}");
        }

        return new PeerProcess(child, port);
    }

    private static HttpClient Client(Uri baseAddress, int concurrency) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static string Token(FakeBotConnector connector, string issuer) =>
        connector.Tokens.Mint(new TokenSpec { Audience = BotApp.AppId, ServiceUrl = connector.ServiceUrl, Issuer = issuer });

    /// <summary>A CM's intake form sent back without a complaint text: a real card action that writes nothing.</summary>
    private static string InvokeBody(string serviceUrl)
    {
        var activity = Activities.Invoke(serviceUrl, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject
            {
                ["type"] = "Action.Execute",
                ["verb"] = "intake.submit",
                ["data"] = new JsonObject { ["intakeId"] = Guid.NewGuid().ToString("N"), ["intakeText"] = string.Empty },
            },
            ["trigger"] = "manual",
        });
        WithoutNulls(activity);
        return activity.ToJsonString();
    }

    /// <summary>Teams leaves absent fields out (the SDK's activity schema refuses <c>"isGroup": null</c>).</summary>
    private static void WithoutNulls(JsonObject node)
    {
        foreach (var (key, value) in node.ToList())
        {
            if (value is null)
            {
                node.Remove(key);
            }
            else if (value is JsonObject child)
            {
                WithoutNulls(child);
            }
        }
    }

    private static async Task<bool> PostAsync(HttpClient http, byte[] body, string token)
    {
        using var request = Request(body, token);
        using var response = await http.SendAsync(request);
        await response.Content.CopyToAsync(Stream.Null);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, byte[] body, string? token)
    {
        using var request = Request(body, token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static HttpRequestMessage Request(byte[] body, string? token)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonContentType;
        var request = new HttpRequestMessage(HttpMethod.Post, MessagesPath) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return request;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static void WriteResults(Summary summary, List<RoundResult> rounds)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "benchmarks");
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, "inbound-side-by-side.json");
        File.WriteAllText(json, JsonSerializer.Serialize(new
        {
            scenario = "inbound-side-by-side",
            measuredAt = DateTimeOffset.UtcNow,
            machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString(), loadAverage = LoadAverage() },
            summary,
            rounds = rounds.Select(r => new { r.Round, ours = Row(r.Ours), sdk = Row(r.Sdk), r.Ratio, r.OursCpuMicros, r.SdkCpuMicros, r.GeneratorCpuMicros, r.CpuRatio }),
        }, JsonOptions));

        var markdown = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# inbound side by side ({Environment.ProcessorCount} cores, load average {LoadAverage()}, {summary.Concurrency} workers, {Rounds} rounds × {summary.SecondsPerRound:F0} s per side)")
            .AppendLine()
            .AppendLine("| round | ours req/s | ours p99 ms | SDK req/s | SDK p99 ms | ratio | CPU µs/request: ours (with generator) / SDK (node) | CPU ratio |")
            .AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rounds)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"| {r.Round} | {r.Ours.Throughput:F0} | {r.Ours.P99Ms:F1} | {r.Sdk.Throughput:F0} | {r.Sdk.P99Ms:F1} | {r.Ratio:F1}× | {r.OursCpuMicros:F0} / {r.SdkCpuMicros:F0} | {r.CpuRatio:F1}× |");
        }

        markdown.AppendLine(CultureInfo.InvariantCulture, $"| all | {summary.OursPerSecond:F0} | — | {summary.SdkPerSecond:F0} | — | **{summary.Ratio:F1}×** | — | {Median(rounds.Select(r => r.CpuRatio)):F1}× (median) |");
        var md = Path.ChangeExtension(json, ".md");
        File.WriteAllText(md, markdown.ToString());
        Console.WriteLine($"Results: {json}, {md}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static object Row(LoadResult r) => new { requestsPerSecond = Math.Round(r.Throughput), r.Requests, r.Errors, r.P50Ms, r.P90Ms, r.P99Ms, r.MaxMs };

    private sealed record Target(string Name, HttpClient Http, KeepAliveClient Load);

    private sealed record RoundResult(int Round, LoadResult Ours, LoadResult Sdk)
    {
        public double Ratio => Sdk.Throughput == 0 ? double.PositiveInfinity : Ours.Throughput / Sdk.Throughput;

        public double OursCpuMicros { get; init; }

        public double SdkCpuMicros { get; init; }

        public double GeneratorCpuMicros { get; init; }

        /// <summary>The SDK's CPU per request over ours, ours counting the load generator too (it shares the process).</summary>
        public double CpuRatio => OursCpuMicros == 0 ? 0 : SdkCpuMicros / OursCpuMicros;
    }

    private static double Micros(TimeSpan cpu, LoadResult result) => result.Requests == 0 ? 0 : cpu.TotalMicroseconds / result.Requests;

    private sealed record Summary(int Concurrency, double SecondsPerRound, double OursPerSecond, double SdkPerSecond, int OursErrors, int SdkErrors)
    {
        public double Ratio => SdkPerSecond == 0 ? double.PositiveInfinity : OursPerSecond / SdkPerSecond;

        public static Summary Of(List<RoundResult> rounds, int concurrency, TimeSpan duration)
        {
            var seconds = duration.TotalSeconds * rounds.Count;
            return new Summary(concurrency, duration.TotalSeconds,
                rounds.Sum(r => r.Ours.Requests) / seconds, rounds.Sum(r => r.Sdk.Requests) / seconds,
                rounds.Sum(r => r.Ours.Errors), rounds.Sum(r => r.Sdk.Errors));
        }
    }

    private sealed class PeerProcess(ChildProcess process, int port) : IAsyncDisposable
    {
        public int Port { get; } = port;

        public TimeSpan ProcessorTime => process.ProcessorTime;

        public ValueTask DisposeAsync() => process.DisposeAsync();
    }
}
