using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Features.Intake;

/// <summary>
/// The configured intake keys, kept as SHA-256 hashes and compared in constant time (every key is compared, whatever
/// matches), so neither timing nor a memory dump gives a key away.
/// </summary>
internal sealed class IntakeKeyRing(IOptions<IntakeOptions> options)
{
    private readonly byte[][] _hashes = [.. options.Value.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => Hash(k.Trim()))];

    public bool IsOpen => _hashes.Length > 0;

    /// <summary>A stable, non-secret name of the matching key (for rate limits and logs), or null.</summary>
    public string? Find(string presented)
    {
        var hash = Hash(presented);
        byte[]? match = null;
        foreach (var candidate in _hashes)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                match = candidate;
            }
        }

        return match is null ? null : "key-" + Convert.ToHexStringLower(match.AsSpan(0, 4));
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

/// <summary><c>Authorization: Bearer &lt;intake key&gt;</c> for the intake API.</summary>
internal sealed class IntakeKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IntakeKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "IntakeKey";
    public const string KeyClaim = "intake_key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var keyName = keys.Find(header["Bearer ".Length..].Trim());
        if (keyName is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown intake key."));
        }

        var identity = new ClaimsIdentity([new Claim(KeyClaim, keyName)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"intake\"";
        var detail = keys.IsOpen
            ? "A valid intake API key is required: Authorization: Bearer <key>."
            : "The intake API is closed: no key is configured (Intake:ApiKeys).";
        await Results.Problem(statusCode: 401, title: "Unauthorized", detail: detail).ExecuteAsync(Context);
    }
}
