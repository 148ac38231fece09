using Azure.Core;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.BotFramework.Connector;

/// <summary>The credential the bot uses for outbound Connector calls; <see cref="Credential"/> is null when none is configured.</summary>
public sealed class BotCredential(TokenCredential? credential)
{
    public TokenCredential? Credential { get; } = credential;
}

/// <summary>
/// Bearer tokens for <c>https://api.botframework.com/.default</c>, cached until 5 minutes before they expire so the
/// credential is asked once per token lifetime, and only one caller at a time refreshes.
/// </summary>
internal sealed class BotTokenProvider(BotCredential credential, TimeProvider time) : IDisposable
{
    internal static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private static readonly TokenRequestContext Request = new([BotFrameworkOptions.ConnectorScope]);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _cached;

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (credential.Credential is null)
        {
            return null;
        }

        if (IsFresh(_cached))
        {
            return _cached!.Value.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh(_cached))
            {
                _cached = await credential.Credential.GetTokenAsync(Request, cancellationToken);
            }

            return _cached!.Value.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool IsFresh(AccessToken? token) => token is { } t && t.ExpiresOn - RefreshMargin > time.GetUtcNow();
}

/// <summary>
/// Adds the bearer token to Connector calls, and refuses (without sending anything) a URL the bot does not trust.
/// The check sits in the innermost handler so no retry or redirect can carry the token elsewhere.
/// </summary>
internal sealed class BotTokenHandler(BotTokenProvider tokens, ServiceUrlTrust trust) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is null || !trust.IsTrusted(request.RequestUri))
        {
            throw new UntrustedServiceUrlException(request.RequestUri ?? new Uri("about:blank"));
        }

        var token = await tokens.GetTokenAsync(cancellationToken);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
