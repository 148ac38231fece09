using Azure.Core;

namespace TeamsEscalationBot.TestHarness.Connector;

/// <summary>A TokenCredential that hands out numbered fake tokens and counts how often it was asked.</summary>
public sealed class FakeTokenCredential(TimeSpan? lifetime = null) : TokenCredential
{
    private int _requests;

    public int RequestCount => Volatile.Read(ref _requests);

    public IReadOnlyList<string> LastScopes { get; private set; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        LastScopes = requestContext.Scopes;
        var number = Interlocked.Increment(ref _requests);
        return new AccessToken($"fake-bot-token-{number}", DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromHours(1)));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
