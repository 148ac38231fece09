namespace TeamsEscalationBot.TestHarness.Connector;

/// <summary>What Teams counts as one thread for its per-thread limits.</summary>
public enum TeamsThreadScope
{
    /// <summary>
    /// A channel and all its threads together (a new thread and the replies in every thread of the channel), a 1:1 or
    /// group chat on its own: the strict reading of Teams' documentation, the one the bot's own limiter enforces.
    /// </summary>
    Channel,

    /// <summary>Each channel thread (<c>{channel};messageid={root}</c>) on its own; posting a new thread counts against the channel.</summary>
    Thread,
}

/// <summary>One sliding window: at most <see cref="Requests"/> accepted requests within any <see cref="Length"/>.</summary>
public sealed record TeamsWindow(int Requests, TimeSpan Length);

/// <summary>
/// How the fake connector behaves like Teams (see <see cref="FakeBotConnector.StartAsync(TeamsLimits?)"/>): per-thread
/// sliding windows, a per-app budget, and a seeded share of random failures. Requests refused by a limit are answered
/// 429 with <c>Retry-After</c> and counted apart from injected failures.
/// </summary>
public sealed record TeamsLimits
{
    /// <summary>Teams' documented per-thread limits for one bot: 7 per second, 8 per 2 seconds, 60 per 30 seconds.</summary>
    public static IReadOnlyList<TeamsWindow> DocumentedThreadWindows { get; } =
    [
        new(7, TimeSpan.FromSeconds(1)),
        new(8, TimeSpan.FromSeconds(2)),
        new(60, TimeSpan.FromSeconds(30)),
    ];

    public IReadOnlyList<TeamsWindow> ThreadWindows { get; init; } = DocumentedThreadWindows;

    public TeamsThreadScope ThreadScope { get; init; } = TeamsThreadScope.Channel;

    /// <summary>Accepted requests per second for the whole app (a sliding one-second window); 0 turns the budget off.</summary>
    public int AppRequestsPerSecond { get; init; } = 50;

    /// <summary>Share of requests (0–1) answered with a random failure before any limit is checked.</summary>
    public double FaultShare { get; init; }

    /// <summary>Seed of the random failures: the same seed and the same request order give the same failures.</summary>
    public int FaultSeed { get; init; } = 1;

    /// <summary>Relative weights of the random failures: 429 (with <see cref="FaultRetryAfter"/>), 503, and a timeout.</summary>
    public (int TooManyRequests, int Unavailable, int Timeout) FaultMix { get; init; } = (1, 1, 0);

    public TimeSpan FaultRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a "timeout" failure holds the request before answering 504 (or until the client gives up).</summary>
    public TimeSpan TimeoutDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The clock of the windows; the system clock when null.</summary>
    public TimeProvider? Time { get; init; }
}
