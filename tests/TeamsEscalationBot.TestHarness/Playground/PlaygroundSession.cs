using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json.Nodes;
using TeamsEscalationBot.TestHarness.Processes;

namespace TeamsEscalationBot.TestHarness.Playground;

/// <summary>
/// The bot as built (the real program, a child process, Development environment with <c>Bot:AllowUnauthenticated</c>
/// and the static directory of appsettings.Development.json) and the Microsoft 365 Agents Playground (node, with the
/// repository's mock world <c>playground/.m365agentsplayground.yml</c> and the loopback shim), both on free ports of
/// 127.0.0.1 — what <c>scripts/playground.sh</c> starts, on ports of its own. Logs and data stay in
/// <see cref="WorkDirectory"/>.
/// </summary>
public sealed class PlaygroundSession : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _bot;
    private readonly ChildProcess _playground;

    private PlaygroundSession(string workDirectory, Uri botUrl, Uri playgroundUrl, ChildProcess bot, ChildProcess playground, string intakeKey)
    {
        IntakeKey = intakeKey;
        WorkDirectory = workDirectory;
        BotUrl = botUrl;
        PlaygroundUrl = playgroundUrl;
        _bot = bot;
        _playground = playground;
    }

    /// <summary>The bot's own data and logs: <c>bot.log</c>, <c>playground.out</c>, <c>devTools/m365agentsplayground.log</c>.</summary>
    public string WorkDirectory { get; }

    public Uri BotUrl { get; }

    /// <summary>The playground's web UI and test-driver API.</summary>
    public Uri PlaygroundUrl { get; }

    public string PlaygroundLogPath => Path.Combine(WorkDirectory, "devTools", "m365agentsplayground.log");

    /// <summary>This session's key for the bot's intake API (replaces the Development key).</summary>
    public string IntakeKey { get; }

    /// <summary>The bot's build output: src/TeamsEscalationBot/bin/&lt;configuration of this harness&gt;/&lt;tfm&gt;.</summary>
    public static string BotDirectory
    {
        get
        {
            var configuration = typeof(PlaygroundSession).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
            return Path.Combine(RepositoryPaths.Root, "src", "TeamsEscalationBot", "bin", configuration, framework);
        }
    }

    /// <summary>Starts both and waits (bounded) until the bot is ready and the playground answers on its port.</summary>
    public static async Task<PlaygroundSession> StartAsync(string workDirectory, CancellationToken cancellationToken)
    {
        var botDll = Path.Combine(BotDirectory, "TeamsEscalationBot.dll");
        if (!File.Exists(botDll))
        {
            throw new FileNotFoundException($"The bot is not built at {botDll}: build the solution with the same configuration first.", botDll);
        }

        var cli = RepositoryPaths.NodeModule("@microsoft", "m365agentsplayground", "cli.js");
        Directory.CreateDirectory(workDirectory);
        var botPort = LoopbackPorts.Free();
        var playgroundPort = LoopbackPorts.Free();
        var botUrl = new Uri($"http://127.0.0.1:{botPort}");
        var playgroundUrl = new Uri($"http://127.0.0.1:{playgroundPort}");
        ChildProcess? bot = null;
        ChildProcess? playground = null;
        try
        {
            var intakeKey = "playground-e2e-" + Guid.NewGuid().ToString("N");
            bot = StartBot(botDll, botUrl, playgroundPort, workDirectory, intakeKey);
            playground = StartPlayground(cli, botUrl, playgroundPort, workDirectory);
            var session = new PlaygroundSession(workDirectory, botUrl, playgroundUrl, bot, playground, intakeKey);
            await session.WaitUntilReadyAsync(cancellationToken);
            return session;
        }
        catch
        {
            if (playground is not null)
            {
                await playground.DisposeAsync();
            }

            if (bot is not null)
            {
                await bot.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The last lines of both logs, for a failure message.</summary>
    public string DescribeLogs() =>
        $"{_bot.Tail()}{Environment.NewLine}{_playground.Tail(10)}{Environment.NewLine}(playground request log: {PlaygroundLogPath})";

    public async ValueTask DisposeAsync()
    {
        await _playground.DisposeAsync();
        await _bot.DisposeAsync();
    }

    /// <summary>
    /// Waits (bounded) until the service's own view of a complaint (<c>GET /api/complaints/{id}</c>) satisfies
    /// <paramref name="until"/>. For synchronization only: a person reacts slower than a test, e.g. the channel card is
    /// on screen a few milliseconds before the service has recorded that it was posted.
    /// </summary>
    public async Task<JsonObject> WaitForComplaintAsync(string id, Func<JsonObject, bool> until, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(until);
        using var http = new HttpClient { BaseAddress = BotUrl, Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", IntakeKey);
        var path = new Uri($"/api/complaints/{Uri.EscapeDataString(id)}", UriKind.Relative);
        return await Eventually.UntilAsync(
            async probe => JsonNode.Parse(await http.GetStringAsync(path, probe))!.AsObject(),
            until,
            cancellationToken,
            timeout,
            $"for complaint {id} to reach the expected state");
    }

    private static ChildProcess StartBot(string botDll, Uri botUrl, int playgroundPort, string workDirectory, string intakeKey) =>
        ChildProcess.Start(
            "bot",
            "dotnet",
            [botDll, "--urls", botUrl.ToString().TrimEnd('/')],
            workDirectory,
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = null,
                ["ASPNETCORE_URLS"] = null,
                ["Bot__AllowUnauthenticated"] = "true",
                // The playground puts this URL (localhost, not 127.0.0.1) in its activities and serves its connector there.
                ["Teams__DefaultServiceUrl"] = $"http://localhost:{playgroundPort}/_connector",
                ["Storage__SqlitePath"] = Path.Combine(workDirectory, "escalations.db"),
                ["Logging__LogLevel__Polly"] = "Warning",
                ["Intake__Keys__0__Name"] = "playground-e2e",
                ["Intake__Keys__0__Key"] = intakeKey,
                ["Intake__Keys__0__Sources__0"] = "*",
                // Critical billing complaints are late within seconds, so the walk can show a reminder and a breach.
                ["Sla__Departments__billing__Priorities__Critical__TimeToClaim"] = "00:00:20",
                ["Sla__Departments__billing__Priorities__Critical__TimeToAnswer"] = "00:01:00",
            },
            Path.Combine(workDirectory, "bot.log"));

    private static ChildProcess StartPlayground(string cli, Uri botUrl, int playgroundPort, string workDirectory)
    {
        var shim = Path.Combine(RepositoryPaths.Root, "playground", "force-loopback.cjs");
        return ChildProcess.Start(
            "playground",
            "node",
            [cli, "--port", playgroundPort.ToString(CultureInfo.InvariantCulture), "--disable-telemetry"],
            workDirectory,
            new Dictionary<string, string?>
            {
                ["TEAMSAPPTESTER_BROWSER"] = "none",
                ["TEAMSAPPTESTER_PORT"] = null,
                ["BOT_ENDPOINT"] = new Uri(botUrl, "/api/messages").ToString(),
                ["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = Path.Combine(RepositoryPaths.Root, "playground", ".m365agentsplayground.yml"),
                ["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(workDirectory, "devTools", "m365agentsplayground.log"),
                // The playground listens on every interface and has no host option; the shim pins it to 127.0.0.1.
                ["NODE_OPTIONS"] = $"--require \"{shim}\"",
            },
            Path.Combine(workDirectory, "playground.out"));
    }

    /// <summary>
    /// The ping is asked on the chosen port: the playground silently moves to a random port when its port is taken,
    /// and then this wait fails instead of the bot calling a connector URL nobody serves.
    /// </summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var botReady = false;
        var playgroundReady = false;
        try
        {
            await Eventually.UntilAsync(
                async probe =>
                {
                    if (_bot.HasExited || _playground.HasExited)
                    {
                        throw new InvalidOperationException($"A process exited during start-up.{Environment.NewLine}{DescribeLogs()}");
                    }

                    botReady = botReady || await AnswersAsync(http, new Uri(BotUrl, "/health/ready"), null, probe);
                    playgroundReady = playgroundReady || await AnswersAsync(http, new Uri(PlaygroundUrl, "/_debug/ping"), "pong", probe);
                    return botReady && playgroundReady;
                },
                cancellationToken,
                ReadyTimeout,
                "for the bot and the playground to be ready");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException(
                $"{timeout.Message} (bot: {botReady}, playground: {playgroundReady}).{Environment.NewLine}{DescribeLogs()}", timeout);
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient http, Uri url, string? body, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode && (body is null || await response.Content.ReadAsStringAsync(cancellationToken) == body);
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
