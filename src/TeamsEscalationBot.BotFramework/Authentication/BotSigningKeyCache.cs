using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.BotFramework.Authentication;

/// <summary>One signing key of the Bot Connector with the channels it is endorsed for.</summary>
internal sealed record SigningKey(string KeyId, SecurityKey Key, IReadOnlySet<string> Endorsements);

/// <summary>The Connector's signing keys as of <see cref="FetchedAt"/>.</summary>
internal sealed record SigningKeySet(IReadOnlyDictionary<string, SigningKey> Keys, DateTimeOffset FetchedAt)
{
    public IEnumerable<SecurityKey> SecurityKeys => Keys.Values.Select(k => k.Key);
}

/// <summary>Thrown when no signing keys were ever fetched and the metadata cannot be read now.</summary>
internal sealed class SigningKeysUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Caches the Connector's OpenID signing keys and their endorsements. Keys are refreshed every 24 hours (the Bot
/// Framework documents that keys may change at any time and must be re-read at least daily) and when a token names an
/// unknown key, at most once per 5 minutes, so a flood of forged key ids cannot hammer the metadata endpoint.
/// When a refresh fails the cached keys stay in use: a metadata outage does not stop the bot. The identity model's
/// ConfigurationManager is not used for this schedule: it refreshes in the background on the wall clock, so a rotated
/// key would be refused once and the schedule could not follow the application's <see cref="TimeProvider"/>
/// (measured in docs/protocol-decisions.md).
/// </summary>
internal sealed partial class BotSigningKeyCache(
    IHttpClientFactory httpClientFactory,
    IOptions<BotFrameworkOptions> options,
    TimeProvider time,
    ILogger<BotSigningKeyCache> logger) : IDisposable
{
    internal const string HttpClientName = "bot-openid-metadata";
    internal static readonly TimeSpan AutomaticRefreshInterval = TimeSpan.FromHours(24);
    internal static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FailedRefreshBackoff = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SigningKeySet? _current;
    private DateTimeOffset _nextAutomaticRefresh = DateTimeOffset.MinValue;
    private DateTimeOffset _lastUnknownKeyRefresh = DateTimeOffset.MinValue;

    /// <summary>The current keys, fetched first if none are cached or the cache is due for its periodic refresh.</summary>
    public async Task<SigningKeySet> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && time.GetUtcNow() < _nextAutomaticRefresh)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is null || time.GetUtcNow() >= _nextAutomaticRefresh)
            {
                await RefreshLockedAsync(cancellationToken);
            }

            return _current ?? throw new SigningKeysUnavailableException("No signing keys are available.");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Refreshes because a token named <paramref name="keyId"/>, unless a refresh of that kind ran in the last 5 minutes.</summary>
    public async Task<SigningKeySet> RefreshForUnknownKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_current is not null && (_current.Keys.ContainsKey(keyId) || now - _lastUnknownKeyRefresh < UnknownKeyRefreshInterval))
            {
                return _current;
            }

            _lastUnknownKeyRefresh = now;
            await RefreshLockedAsync(cancellationToken);
            return _current ?? throw new SigningKeysUnavailableException("No signing keys are available.");
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task RefreshLockedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var keys = await FetchAsync(cancellationToken);
            _current = new SigningKeySet(keys, time.GetUtcNow());
            _nextAutomaticRefresh = _current.FetchedAt + AutomaticRefreshInterval;
            LogKeysRefreshed(logger, keys.Count);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException or ArgumentException or InvalidOperationException or TaskCanceledException
                                       && !cancellationToken.IsCancellationRequested)
        {
            _nextAutomaticRefresh = time.GetUtcNow() + FailedRefreshBackoff;
            if (_current is null)
            {
                LogKeysUnavailable(logger, ex);
                throw new SigningKeysUnavailableException("The OpenID metadata could not be read.", ex);
            }

            LogKeysRefreshFailed(logger, _current.Keys.Count, _current.FetchedAt, ex);
        }
    }

    /// <summary>The OpenID metadata and its JWKS, fetched and parsed by the identity model's retriever.</summary>
    private async Task<Dictionary<string, SigningKey>> FetchAsync(CancellationToken cancellationToken)
    {
        var metadataUrl = new Uri(options.Value.OpenIdMetadataUrl);
        // Plain http is accepted only where the options allow it: a loopback issuer in tests.
        var documents = new HttpDocumentRetriever(httpClientFactory.CreateClient(HttpClientName)) { RequireHttps = !metadataUrl.IsLoopback };
        var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(metadataUrl.AbsoluteUri, documents, cancellationToken);
        // An empty or missing key set is a failed read, not a rotation to no keys: the cached keys stay in use.
        return configuration.JsonWebKeySet is { Keys.Count: > 0 } jwks
            ? ReadKeys(jwks)
            : throw new InvalidOperationException("The OpenID metadata has no jwks_uri or its JWKS has no keys.");
    }

    /// <summary>Keys without a key id or without endorsements are skipped, as the Bot Framework SDK does.</summary>
    private static Dictionary<string, SigningKey> ReadKeys(JsonWebKeySet jwks)
    {
        var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var jwk in jwks.Keys)
        {
            if (!string.IsNullOrEmpty(jwk.Kid) && Endorsements(jwk) is { } channels)
            {
                keys[jwk.Kid] = new SigningKey(jwk.Kid, jwk, channels);
            }
        }

        return keys;
    }

    /// <summary>The channels a key is endorsed for: the Bot Framework's <c>endorsements</c> extension of the JWK.</summary>
    private static HashSet<string>? Endorsements(JsonWebKey jwk) =>
        jwk.AdditionalData.TryGetValue("endorsements", out var value)
            ? value switch
            {
                JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.String)
                    .Select(e => e.GetString()!)
                    .ToHashSet(StringComparer.Ordinal),
                IEnumerable<object> list => list.OfType<string>().ToHashSet(StringComparer.Ordinal),
                _ => null,
            }
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot Connector signing keys refreshed: {KeyCount} keys")]
    private static partial void LogKeysRefreshed(ILogger logger, int keyCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot Connector signing keys could not be refreshed; keeping {KeyCount} keys fetched at {FetchedAt}")]
    private static partial void LogKeysRefreshFailed(ILogger logger, int keyCount, DateTimeOffset fetchedAt, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bot Connector signing keys are unavailable and none are cached: inbound activities cannot be authenticated")]
    private static partial void LogKeysUnavailable(ILogger logger, Exception exception);
}
