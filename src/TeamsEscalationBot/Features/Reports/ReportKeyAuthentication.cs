using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Features.Intake;

namespace TeamsEscalationBot.Features.Reports;

/// <summary>
/// The configured report keys as SHA-256 hashes, compared in constant time (every key is compared, whatever
/// matches), so neither timing nor a memory dump gives a key away.
/// </summary>
internal sealed class ReportKeyRing(IOptions<ReportOptions> options)
{
    private readonly (string Name, byte[] Hash)[] _keys = [.. options.Value.Keys.Select(k => (k.Name!, HashOf(k)))];

    /// <summary>The name of the matching key, or null.</summary>
    public string? Find(string presented)
    {
        var hash = IntakeKeyHashes.Of(presented);
        string? match = null;
        foreach (var (name, candidate) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                match = name;
            }
        }

        return match;
    }

    /// <summary>Report keys are configured and hashed like intake keys (<see cref="IntakeKeyHashes"/>); the validator has checked the form.</summary>
    private static byte[] HashOf(ReportKeySettings key) =>
        string.IsNullOrWhiteSpace(key.Hash) ? IntakeKeyHashes.Of(key.Key!)
            : IntakeKeyHashes.TryParse(key.Hash, out var hash) ? hash
            : throw new InvalidOperationException($"Report key '{key.Name}' has a malformed Hash.");
}

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> for the report API: a report key, or an intake key, which the intake
/// scheme itself checks (so intake keys work here exactly as they do on the intake API).
/// </summary>
internal sealed class ReportKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ReportKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ReportKey";

    /// <summary>Who is asking: <c>report:&lt;name&gt;</c> or <c>intake:&lt;intake key name&gt;</c>; also the rate-limit partition.</summary>
    public const string KeyClaim = "report_key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (keys.Find(header["Bearer ".Length..].Trim()) is { } reportKey)
        {
            return Success("report:" + reportKey);
        }

        var intake = await Context.AuthenticateAsync(IntakeKeyAuthenticationHandler.SchemeName);
        return intake.Principal?.FindFirstValue(IntakeKeyAuthenticationHandler.KeyClaim) is { } intakeKey
            ? Success("intake:" + intakeKey)
            : AuthenticateResult.Fail("Unknown report or intake key.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"reports\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "A report key (Reports:Keys) or an intake key is required: Authorization: Bearer <key>.").ExecuteAsync(Context);
    }

    private static AuthenticateResult Success(string keyName)
    {
        var identity = new ClaimsIdentity([new Claim(KeyClaim, keyName)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
