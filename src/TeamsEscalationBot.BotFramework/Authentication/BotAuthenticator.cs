using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.BotFramework.Authentication;

/// <summary>The verdict on one inbound request. <see cref="FailureReason"/> is for logs only, never for the caller.</summary>
internal sealed record AuthenticationOutcome(int StatusCode, ClaimsIdentity? Identity, string? FailureReason)
{
    public bool Succeeded => Identity is not null;

    public static AuthenticationOutcome Success(ClaimsIdentity identity) => new(200, identity, null);

    public static AuthenticationOutcome Unauthorized(string reason) => new(401, null, reason);

    public static AuthenticationOutcome Forbidden(string reason) => new(403, null, reason);

    public static AuthenticationOutcome Unavailable(string reason) => new(503, null, reason);
}

/// <summary>
/// The first step of authentication: a token that passed (with what the second step needs), a failure, or anonymous
/// (Development emulator mode).
/// </summary>
internal sealed class TokenCheck
{
    private TokenCheck()
    {
    }

    /// <summary>Set when the token already failed.</summary>
    public AuthenticationOutcome? Outcome { get; private init; }

    internal bool Anonymous { get; private init; }

    internal SigningKeySet? Keys { get; private init; }

    /// <summary>The caller's identity (authentication type <see cref="BotAuthenticator.AuthenticationType"/>), built once per token.</summary>
    internal ClaimsIdentity? Identity { get; private init; }

    /// <summary>The id of the key that signed the token (read once: a check may be reused from the cache).</summary>
    internal string? KeyId { get; private init; }

    /// <summary>The token's <c>serviceurl</c> claim, or null.</summary>
    internal string? ServiceUrl { get; private init; }

    internal static TokenCheck Failed(AuthenticationOutcome outcome) => new() { Outcome = outcome };

    internal static TokenCheck ForAnonymous() => new() { Anonymous = true };

    internal static TokenCheck Valid(JsonWebToken token, SigningKeySet keys, ClaimsIdentity identity) => new()
    {
        Keys = keys,
        Identity = new ClaimsIdentity(identity.Claims, BotAuthenticator.AuthenticationType),
        KeyId = token.SigningKey?.KeyId ?? token.Kid,
        ServiceUrl = token.TryGetClaim(BotAuthenticator.ServiceUrlClaim, out var claim) ? claim.Value : null,
    };
}

/// <summary>
/// Validates the Bot Connector's JWT on <c>POST /api/messages</c> as the Bot Connector authentication spec requires:
/// issuer, audience, lifetime (5 minutes skew), RS256/384/512 signature by a published key, that key's endorsement
/// of the activity's channel, the <c>serviceurl</c> claim; then that the channel is one this bot serves
/// (<c>Bot:AllowedChannels</c>, Teams) and the conversation belongs to its single tenant. A token that passed is
/// remembered by its hash until its <c>exp</c> while the signing keys stay the same (<see cref="ValidatedTokenCache"/>);
/// the checks that bind it to the activity run on every request.
/// </summary>
internal sealed partial class BotAuthenticator(
    BotSigningKeyCache signingKeys,
    ValidatedTokenCache validatedTokens,
    IOptions<BotFrameworkOptions> botOptions,
    ServiceUrlTrust trust,
    ILogger<BotAuthenticator> logger)
{
    public const string AuthenticationType = "BotConnector";
    public const string ServiceUrlClaim = "serviceurl";

    /// <summary>Activity fields quoted in logs are cut to this length: they come from the caller.</summary>
    private const int MaxLoggedFieldLength = 64;

    private static readonly string[] AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    /// <summary>The clock skew the Bot Connector authentication spec allows on <c>nbf</c> and <c>exp</c>.</summary>
    internal static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly LifetimeValidator _lifetime = LifetimeOn(validatedTokens.Clock);

    /// <summary>
    /// The token checks that need no activity: header, issuer, signature by a published key, audience, lifetime,
    /// algorithm. Run before the body is read, so a request without a valid token is refused whatever its body.
    /// </summary>
    public async Task<TokenCheck> ValidateTokenAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        var check = await CheckTokenAsync(authorizationHeader, cancellationToken);
        if (check.Outcome is { Succeeded: false } failure)
        {
            LogRejected(logger, failure.StatusCode, null, null, failure.FailureReason);
        }

        return check;
    }

    /// <summary>
    /// The checks that bind the token to the activity: the signing key's endorsement of the channel, the
    /// <c>serviceurl</c> claim; then the allowed channels and the tenant (403 for a valid caller in the wrong place). On
    /// success the activity's service URL becomes trusted for outbound calls.
    /// </summary>
    public AuthenticationOutcome AuthenticateActivity(TokenCheck token, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(activity);
        var outcome = token.Outcome ?? (token.Anonymous ? CheckChannelAndTenant(activity, new ClaimsIdentity()) : CheckClaims(activity, token));
        if (outcome.Succeeded)
        {
            trust.TrustInbound(activity.ServiceUrl, outcome.Identity!);
        }
        else
        {
            LogRejected(logger, outcome.StatusCode, Clip(activity.Type), Clip(activity.ChannelId), outcome.FailureReason);
        }

        return outcome;
    }

    private async Task<TokenCheck> CheckTokenAsync(string? header, CancellationToken cancellationToken)
    {
        var options = botOptions.Value;
        if (options.AllowUnauthenticated)
        {
            return TokenCheck.ForAnonymous();
        }

        if (!TryReadBearer(header, out var token))
        {
            return TokenCheck.Failed(AuthenticationOutcome.Unauthorized("missing or malformed Authorization header"));
        }

        if (validatedTokens.Find(token) is { } cached)
        {
            try
            {
                if (validatedTokens.Confirm(cached, await signingKeys.GetAsync(cancellationToken)) is { } earlier)
                {
                    return earlier;
                }
            }
            catch (SigningKeysUnavailableException)
            {
                return TokenCheck.Failed(AuthenticationOutcome.Unavailable("signing keys unavailable"));
            }
        }

        if (!_handler.CanReadToken(token))
        {
            return TokenCheck.Failed(AuthenticationOutcome.Unauthorized("the token is not a JWT"));
        }

        var unvalidated = _handler.ReadJsonWebToken(token);
        if (!string.Equals(unvalidated.Issuer, BotFrameworkOptions.ChannelIssuer, StringComparison.Ordinal))
        {
            return TokenCheck.Failed(AuthenticationOutcome.Unauthorized("issuer is not the Bot Connector"));
        }

        SigningKeySet keys;
        try
        {
            keys = await signingKeys.GetAsync(cancellationToken);
            if (!string.IsNullOrEmpty(unvalidated.Kid) && !keys.Keys.ContainsKey(unvalidated.Kid))
            {
                keys = await signingKeys.RefreshForUnknownKeyAsync(unvalidated.Kid, cancellationToken);
            }
        }
        catch (SigningKeysUnavailableException)
        {
            return TokenCheck.Failed(AuthenticationOutcome.Unavailable("signing keys unavailable"));
        }

        var result = await _handler.ValidateTokenAsync(token, CreateParameters(options, keys, _lifetime));
        if (!result.IsValid)
        {
            return TokenCheck.Failed(AuthenticationOutcome.Unauthorized($"token rejected: {result.Exception?.GetType().Name ?? "invalid"}"));
        }

        var validated = (JsonWebToken)result.SecurityToken;
        var check = TokenCheck.Valid(validated, keys, result.ClaimsIdentity);
        validatedTokens.Add(token, check, new DateTimeOffset(validated.ValidTo, TimeSpan.Zero));
        return check;
    }

    private AuthenticationOutcome CheckClaims(Activity activity, TokenCheck check)
    {
        var keyId = check.KeyId;
        if (string.IsNullOrEmpty(activity.ChannelId) || keyId is null || !check.Keys!.Keys.TryGetValue(keyId, out var key) ||
            !key.Endorsements.Contains(activity.ChannelId))
        {
            return AuthenticationOutcome.Unauthorized("signing key is not endorsed for the activity's channel");
        }

        var serviceUrl = check.ServiceUrl;
        if (string.IsNullOrWhiteSpace(serviceUrl) || !string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationOutcome.Unauthorized("serviceurl claim is missing or differs from the activity's serviceUrl");
        }

        return CheckChannelAndTenant(activity, check.Identity!);
    }

    /// <summary>
    /// A channel other than the allowed ones (Teams) is refused even with a key endorsed for it; the tenant is Teams'
    /// <c>conversation.tenantId</c> only, and an activity without one is refused when the bot has a tenant.
    /// </summary>
    private AuthenticationOutcome CheckChannelAndTenant(Activity activity, ClaimsIdentity identity)
    {
        var options = botOptions.Value;
        if (activity.ChannelId is not { } channel || !options.AllowedChannels.Contains(channel, StringComparer.Ordinal))
        {
            return AuthenticationOutcome.Forbidden("the channel is not one of Bot:AllowedChannels");
        }

        var expected = options.TenantId;
        if (string.IsNullOrWhiteSpace(expected) || string.Equals(activity.TenantId, expected, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationOutcome.Success(identity);
        }

        return AuthenticationOutcome.Forbidden(activity.TenantId is null
            ? "the conversation names no tenant (conversation.tenantId)"
            : "the conversation belongs to another tenant");
    }

    private static string? Clip(string? value) =>
        value is { Length: > MaxLoggedFieldLength } ? value[..MaxLoggedFieldLength] + "…" : value;

    private static TokenValidationParameters CreateParameters(BotFrameworkOptions options, SigningKeySet keys, LifetimeValidator lifetime) => new()
    {
        ValidateIssuer = true,
        ValidIssuer = BotFrameworkOptions.ChannelIssuer,
        ValidateAudience = true,
        // An empty app id must reject every token rather than accept any audience.
        ValidAudience = string.IsNullOrWhiteSpace(options.AppId) ? Guid.NewGuid().ToString() : options.AppId,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = ClockSkew,
        LifetimeValidator = lifetime,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ValidAlgorithms = AllowedAlgorithms,
        IssuerSigningKeys = keys.SecurityKeys,
        TryAllIssuerSigningKeys = false,
    };

    /// <summary>
    /// IdentityModel's lifetime rules (an <c>exp</c> is required; <c>nbf</c> ≤ now + skew; <c>exp</c> ≥ now − skew; <c>nbf</c> ≤
    /// <c>exp</c>) on the clock the validated-token cache uses, so both judge a token's lifetime by the same time.
    /// </summary>
    private static LifetimeValidator LifetimeOn(TimeProvider clock) => (notBefore, expires, _, parameters) =>
    {
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        }

        if (notBefore is { } nbf && nbf > exp)
        {
            throw new SecurityTokenInvalidLifetimeException("The token's nbf is after its exp.") { NotBefore = nbf, Expires = exp };
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (notBefore is { } start && start > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not yet valid.") { NotBefore = start };
        }

        return exp >= now - parameters.ClockSkew
            ? true
            : throw new SecurityTokenExpiredException("The token is expired.") { Expires = exp };
    };

    private static bool TryReadBearer(string? header, out string token)
    {
        token = string.Empty;
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !string.Equals(parts[0], "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = parts[1];
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected inbound {ActivityType} activity on channel {ChannelId} with {StatusCode}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string? activityType, string? channelId, string? reason);
}
