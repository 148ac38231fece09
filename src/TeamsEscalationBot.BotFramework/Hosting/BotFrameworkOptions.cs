using System.ComponentModel.DataAnnotations;

namespace TeamsEscalationBot.BotFramework.Hosting;

/// <summary>How the bot obtains outbound tokens for the Bot Connector.</summary>
public enum BotCredentialType
{
    /// <summary>No outbound token: only for Development against a local emulator such as the Agents Playground.</summary>
    None,
    /// <summary>A (user-assigned) managed identity whose client id is <c>Bot:AppId</c>.</summary>
    ManagedIdentity,
    /// <summary>An Entra app registration secret (<c>Bot:ClientSecret</c>).</summary>
    ClientSecret,
    /// <summary>An Entra app registration certificate (<c>Bot:CertificatePath</c>).</summary>
    Certificate,
}

/// <summary>Configuration section <c>Bot</c>.</summary>
public sealed class BotFrameworkOptions
{
    public const string SectionName = "Bot";
    public const string PublicCloudOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string ChannelIssuer = "https://api.botframework.com";
    public const string ConnectorScope = "https://api.botframework.com/.default";

    /// <summary>The channel id of Microsoft Teams, the only channel accepted outside Development.</summary>
    public const string TeamsChannelId = "msteams";

    /// <summary>Microsoft App ID of the bot: the audience of inbound tokens.</summary>
    public string? AppId { get; set; }

    /// <summary>The Entra tenant of a single-tenant bot; the only tenant whose activities are accepted.</summary>
    public string? TenantId { get; set; }

    /// <summary>Where inbound signing keys come from.</summary>
    public string OpenIdMetadataUrl { get; set; } = PublicCloudOpenIdMetadataUrl;

    /// <summary>
    /// The channel ids (<c>channelId</c>) whose activities are accepted; other channels get 403. Empty means Teams only
    /// (<see cref="TeamsChannelId"/>). Another channel, such as a local emulator's, may be listed in Development only.
    /// </summary>
    public IList<string> AllowedChannels { get; } = [];

    /// <summary>Accept activities without a token. Honoured only in Development; the host refuses to start otherwise.</summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>Outbound credential; when not set: None in Development, ManagedIdentity elsewhere.</summary>
    public BotCredentialType? CredentialType { get; set; }

    /// <summary>Secret of the app registration when <see cref="CredentialType"/> is ClientSecret. Never commit it.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>PFX or PEM file with the app registration's certificate when <see cref="CredentialType"/> is Certificate.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>
    /// Service URLs (prefixes such as <c>https://smba.trafficmanager.net/emea/</c>) or host patterns (<c>*.example.com</c>)
    /// that may receive the bot's token, in addition to the Microsoft hosts and the service URLs of authenticated activities.
    /// </summary>
    public IList<string> TrustedServiceUrls { get; } = [];

    /// <summary>The app-wide budget of Connector requests per second (Teams documents 30 RPS per app per tenant).</summary>
    [Range(1, 1000)]
    public int TenantRequestsPerSecond { get; set; } = 50;

    /// <summary>How many times a Connector call is retried on 412/429/502/503/504 or a network error.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff of a retried Connector call; doubles with each attempt (with jitter) up to 20 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest <c>Retry-After</c> the Connector client waits for inside one call; longer ones are returned to the
    /// caller (the outbox reschedules the work instead of holding a request open).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Bound on one Connector call including its retries.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConnectorTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Bound on one attempt of a Connector call.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ConnectorAttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a sender may wait for the client-side rate limiter before the call fails with a 429.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RateLimitQueueTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
