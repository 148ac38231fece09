using Azure.Core;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.BotFramework.Connector;

/// <summary>The credential the bot uses for outbound Connector calls; <see cref="Credential"/> is null when none is configured.</summary>
public sealed class BotCredential(TokenCredential? credential)
{
    public TokenCredential? Credential { get; } = credential;
}

/// <summary>
/// Adds the bearer token for <c>https://api.botframework.com/.default</c> to Connector calls, and refuses (without
/// sending anything) a URL the bot does not trust. The check sits in the innermost handler so no retry or redirect can
/// carry the token elsewhere. Tokens are not cached here: the Azure.Identity credentials cache them per instance and
/// renew them before they expire.
/// </summary>
internal sealed class BotTokenHandler(BotCredential credential, ServiceUrlTrust trust) : DelegatingHandler
{
    private static readonly TokenRequestContext Request = new([BotFrameworkOptions.ConnectorScope]);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is null || !trust.IsTrusted(request.RequestUri))
        {
            throw new UntrustedServiceUrlException(request.RequestUri ?? new Uri("about:blank"));
        }

        if (credential.Credential is { } tokens)
        {
            var token = await tokens.GetTokenAsync(Request, cancellationToken);
            request.Headers.Authorization = new("Bearer", token.Token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
