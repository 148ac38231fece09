using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.BotFramework.Connector;

/// <summary>
/// Decides which service URLs may receive the bot's Connector token. An activity cannot make the bot send its token
/// elsewhere: only Microsoft's Connector hosts, configured entries, and service URLs that arrived in authenticated
/// activities (the token's <c>serviceurl</c> claim vouches for them) are trusted. In Development an unauthenticated
/// activity may add a loopback URL only, for local emulators.
/// </summary>
public sealed class ServiceUrlTrust
{
    /// <summary>Exact service URLs remembered as already trusted from authenticated activities (a shortcut; the prefixes decide).</summary>
    private const int MaxRememberedInboundUrls = 1024;

    private static readonly string[] MicrosoftHosts =
    [
        "smba.trafficmanager.net",
        "*.botframework.com",
        "*.botframework.azure.us",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
        "smba.infra.dod.teams.microsoft.us",
    ];

    private readonly string[] _hostPatterns;
    private readonly ConcurrentDictionary<string, byte> _prefixes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _trustedInbound = new(StringComparer.Ordinal);

    public ServiceUrlTrust(IOptions<BotFrameworkOptions> options)
    {
        var configured = options.Value.TrustedServiceUrls;
        _hostPatterns = [.. MicrosoftHosts, .. configured.Where(e => !e.Contains("://", StringComparison.Ordinal))];
        foreach (var entry in configured.Where(e => e.Contains("://", StringComparison.Ordinal)))
        {
            AddPrefix(entry);
        }
    }

    /// <summary>True when <paramref name="url"/> may receive the bot's token.</summary>
    public bool IsTrusted(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || !string.IsNullOrEmpty(url.UserInfo))
        {
            return false;
        }

        if (url.Scheme == Uri.UriSchemeHttps && _hostPatterns.Any(p => HostMatches(url.IdnHost, p)))
        {
            return true;
        }

        var normalized = Normalize(url);
        return normalized is not null && _prefixes.Keys.Any(prefix => normalized.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Records the service URL of an inbound activity that passed authentication.</summary>
    public void TrustInbound(string? serviceUrl, ClaimsIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        // The same service URL arrives on nearly every activity: once trusted from an authenticated one, nothing to redo.
        if (serviceUrl is null || (identity.IsAuthenticated && _trustedInbound.ContainsKey(serviceUrl)))
        {
            return;
        }

        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url))
        {
            return;
        }

        if (identity.IsAuthenticated || url.IsLoopback)
        {
            AddPrefix(serviceUrl);
        }

        if (identity.IsAuthenticated && _trustedInbound.Count < MaxRememberedInboundUrls)
        {
            _trustedInbound.TryAdd(serviceUrl, 0);
        }
    }

    /// <summary>Adds a service URL known to be legitimate, e.g. one stored from an earlier authenticated activity.</summary>
    public void TrustStored(string serviceUrl)
    {
        if (Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.IsLoopback))
        {
            AddPrefix(serviceUrl);
        }
    }

    internal static bool IsValidEntry(string entry) =>
        entry.Contains("://", StringComparison.Ordinal)
            ? Uri.TryCreate(entry, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            : Uri.CheckHostName(entry.StartsWith("*.", StringComparison.Ordinal) ? entry[2..] : entry) == UriHostNameType.Dns;

    private void AddPrefix(string serviceUrl)
    {
        if (Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url) && Normalize(url) is { } prefix)
        {
            _prefixes.TryAdd(prefix, 0);
        }
    }

    /// <summary>scheme://host:port/path/ — a trailing slash so that https://a.b/x does not vouch for https://a.b/xy.</summary>
    private static string? Normalize(Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            return null;
        }

        var path = url.AbsolutePath.EndsWith('/') ? url.AbsolutePath : url.AbsolutePath + "/";
        return $"{url.Scheme}://{url.IdnHost}:{url.Port}{path}";
    }

    private static bool HostMatches(string host, string pattern) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);
}
