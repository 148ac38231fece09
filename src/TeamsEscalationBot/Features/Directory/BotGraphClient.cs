using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using TeamsEscalationBot.BotFramework.Connector;
using AzureIdentityAuthenticationProvider = Microsoft.Graph.Authentication.AzureIdentityAuthenticationProvider;

namespace TeamsEscalationBot.Features.Directory;

/// <summary>
/// The bot's one Microsoft Graph client: the Graph SDK with the bot's app-only credential (<see cref="BotCredential"/>),
/// the SDK's retry handler (429/503/504, Retry-After) bounded by <c>Graph:MaxRetryWait</c>, the token sent to the host of
/// <c>Graph:BaseUrl</c> only, redirects not followed. The directory and the activity-feed notices share it.
/// <see cref="Client"/> is null when the bot has no credential (<c>Bot:CredentialType=None</c>, Development only).
/// </summary>
internal sealed class BotGraphClient : IDisposable
{
    private readonly HttpClient? _http;

    public BotGraphClient(BotCredential credential, IOptions<GraphOptions> graphOptions)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(graphOptions);
        Options = graphOptions.Value;
        BaseUrl = Options.BaseUrl.TrimEnd('/');
        // A longer wait than MaxRetryWait is not spent inside a call: the 429/503 comes back as "retry after N seconds".
        // RetriesTimeLimit = 0 would mean "no limit" to the SDK, so no wait at all means no retries.
        Retry = Options.MaxRetryWait > TimeSpan.Zero
            ? new RetryHandlerOption { RetriesTimeLimit = Options.MaxRetryWait }
            : new RetryHandlerOption { MaxRetry = 0 };
        if (credential.Credential is not { } tokenCredential)
        {
            return;
        }

        _http = GraphClientFactory.Create(
            GraphClientFactory.CreateDefaultHandlers(),
            finalHandler: new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        _http.Timeout = Timeout.InfiniteTimeSpan;
        // The token goes to the configured Graph host only. Without allowedHosts the Graph SDK's provider would trust the
        // Graph clouds' hosts and silently send no token to any other BaseUrl (a fake Graph in tests).
        var authentication = new AzureIdentityAuthenticationProvider(
            tokenCredential, allowedHosts: [new Uri(BaseUrl).Host], observabilityOptions: null, isCaeEnabled: true, scopes: GraphOptions.Scope);
        Client = new GraphServiceClient(_http, authentication, BaseUrl);
    }

    /// <summary>The Graph client; null without the bot's credential.</summary>
    public GraphServiceClient? Client { get; }

    /// <summary>The Graph root, version included, without a trailing slash.</summary>
    public string BaseUrl { get; }

    public GraphOptions Options { get; }

    /// <summary>Add to every request's options: the SDK's retries within <c>Graph:MaxRetryWait</c>.</summary>
    public RetryHandlerOption Retry { get; }

    public void Dispose()
    {
        Client?.Dispose();
        _http?.Dispose();
    }
}
