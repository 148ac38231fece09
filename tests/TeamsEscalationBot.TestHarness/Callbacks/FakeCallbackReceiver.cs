using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using TeamsEscalationBot.TestHarness.Recording;

namespace TeamsEscalationBot.TestHarness.Callbacks;

/// <summary>
/// A social tool's callback endpoint on 127.0.0.1 over https, with a self-signed certificate for <c>localhost</c>
/// made at start (nothing is installed in any trust store: the bot trusts it only through
/// <c>Relay:Callback:TrustedCertificateThumbprints</c> = <see cref="CertificateThumbprint"/>). Records every request
/// with its headers and exact body, and can answer with injected statuses (500, 429 with Retry-After, 302…).
/// </summary>
public sealed class FakeCallbackReceiver : IAsyncDisposable
{
    /// <summary>The host name callbacks use: it resolves to loopback, and the certificate is issued for it.</summary>
    public const string Host = "localhost";

    private readonly RequestLog<CallbackRequest> _requests = new("callback request");
    private readonly ConcurrentQueue<CallbackFault> _faults = new();
    private readonly X509Certificate2 _certificate;
    private WebApplication? _app;
    private int _port;

    private FakeCallbackReceiver(X509Certificate2 certificate) => _certificate = certificate;

    /// <summary>SHA-256 thumbprint (upper-case hex) of the receiver's certificate.</summary>
    public string CertificateThumbprint => _certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public IReadOnlyList<CallbackRequest> Requests => _requests.Items;

    public static async Task<FakeCallbackReceiver> StartAsync()
    {
        var receiver = new FakeCallbackReceiver(CreateCertificate());
        await receiver.StartServerAsync();
        return receiver;
    }

    /// <summary><c>https://localhost:PORT{path}</c>.</summary>
    public Uri Url(string path = "/callbacks") => new($"https://{Host}:{_port.ToString(CultureInfo.InvariantCulture)}{path}");

    /// <summary>The next <paramref name="count"/> requests are answered with <paramref name="status"/> instead of 204.</summary>
    public void EnqueueFault(int status, int count = 1, TimeSpan? retryAfter = null)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(new CallbackFault(status, retryAfter));
        }
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> requests match; returns them.</summary>
    public Task<IReadOnlyList<CallbackRequest>> WaitForRequestsAsync(
        Func<CallbackRequest, bool> predicate, int count = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _requests.WaitForAsync(predicate, count, timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _certificate.Dispose();
    }

    private async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(_certificate)));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/{**path}", (Delegate)ReceiveAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(address).Port;
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        _faults.TryDequeue(out var fault);
        var status = fault?.Status ?? StatusCodes.Status204NoContent;
        _requests.Add(new CallbackRequest(
            context.Request.Path.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            buffer.ToArray(),
            status));
        RetryAfterHeader.Set(context.Response, fault?.RetryAfter);

        if (status is >= 300 and < 400)
        {
            context.Response.Headers.Location = "https://elsewhere.example/callbacks";
        }

        return Results.StatusCode(status);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={Host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(Host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PFX so that Kestrel gets a key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private sealed record CallbackFault(int Status, TimeSpan? RetryAfter);
}

/// <summary>One callback as received: path, headers, the exact body bytes, and the status it was answered with.</summary>
public sealed record CallbackRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Status)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonNode? Json => JsonNode.Parse(BodyText);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Checks <c>X-Signature</c> the way the README tells receivers to: HMAC-SHA256 keyed with the secret over
    /// <c>X-Timestamp + "." + body</c>, lowercase hex after <c>sha256=</c>, compared in constant time.
    /// </summary>
    public bool SignatureMatches(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var timestamp = Header("X-Timestamp");
        var signature = Header("X-Signature");
        if (timestamp is null || signature is null || !signature.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(Body).ToArray();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature["sha256=".Length..]));
    }
}
