using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>
/// The HTTP client of callbacks, separate from the Connector's: it never carries a bot token, follows no redirect,
/// sends no cookies, is bounded by <c>Relay:Callback:Timeout</c>, and connects only to public addresses (unless
/// <c>Relay:Callback:AllowPrivateNetworks</c>): an allowed host name that resolves to an internal address is refused at
/// connect time, so a DNS change cannot turn callbacks against the internal network. It connects directly (no proxy),
/// so the address checked is the address used.
/// </summary>
internal static class CallbackHttp
{
    public const string ClientName = "relay-callbacks";

    public static void AddCallbackHttpClient(this IServiceCollection services) =>
        services.AddHttpClient(ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(sp.GetRequiredService<IOptions<RelayOptions>>().Value.Callback))
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<RelayOptions>>().Value.Callback.Timeout);

    internal static SocketsHttpHandler CreateHandler(CallbackClientOptions options)
    {
        var trusted = options.TrustedCertificateThumbprints.Select(t => t.Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        var allowPrivate = options.AllowPrivateNetworks;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivate, cancellationToken),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None
                    || (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is not null
                        && trusted.Contains(certificate.GetCertHashString(HashAlgorithmName.SHA256))),
            },
        };
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var usable = addresses
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork || Socket.OSSupportsIPv6)
            .Where(a => allowPrivate || IsPublic(a))
            .ToArray();
        if (usable.Length == 0)
        {
            throw new CallbackAddressRefusedException(
                $"The callback host '{endpoint.Host}' resolves only to private, loopback or other non-public addresses (Relay:Callback:AllowPrivateNetworks is off).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>False for loopback, private, shared (CGNAT), link-local, unique-local, multicast and unspecified addresses.</summary>
    internal static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and < 128)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 198 && b[1] is 18 or 19));
        }

        var bytes = address.GetAddressBytes();
        return !(address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (bytes[0] & 0xFE) == 0xFC);
    }
}

/// <summary>The callback host resolves only to addresses callbacks may not go to.</summary>
internal sealed class CallbackAddressRefusedException : IOException
{
    public CallbackAddressRefusedException()
    {
    }

    public CallbackAddressRefusedException(string message) : base(message)
    {
    }

    public CallbackAddressRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
