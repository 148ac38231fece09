using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Features.Intake;

/// <summary>A caller of the intake API: the key's name and the sources it may submit for and read.</summary>
internal sealed record IntakeCaller(string KeyName, IReadOnlySet<string> Sources)
{
    public bool AllowsEverySource => Sources.Contains(IntakeOptions.AnySource);

    /// <summary>Whether this key may submit complaints of <paramref name="source"/> and read them (names compared ignoring case).</summary>
    public bool Allows(string? source) =>
        AllowsEverySource || (!string.IsNullOrWhiteSpace(source) && Sources.Contains(source.Trim()));

    /// <summary>The caller the authentication handler put on the request; no claims means no source at all.</summary>
    public static IntakeCaller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new IntakeCaller(
            user.FindFirstValue(IntakeKeyAuthenticationHandler.KeyClaim) ?? string.Empty,
            user.FindAll(IntakeKeyAuthenticationHandler.SourceClaim).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }
}

/// <summary>The SHA-256 form in which keys are configured, kept and compared.</summary>
internal static class IntakeKeyHashes
{
    public static byte[] Of(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim()));

    public static bool TryParse(string? hex, out byte[] hash)
    {
        var text = hex?.Trim() ?? string.Empty;
        hash = [];
        if (text.Length != SHA256.HashSizeInBytes * 2 || !text.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        hash = Convert.FromHexString(text);
        return true;
    }

    /// <summary>The stable, non-secret name an unnamed <c>Intake:ApiKeys</c> entry goes by (as it always has, in histories).</summary>
    public static string LegacyName(byte[] hash) => "key-" + Convert.ToHexStringLower(hash.AsSpan(0, 4));

    /// <summary>Every configured, well-formed key's hash with the configuration path it came from.</summary>
    public static IEnumerable<(string Place, byte[] Hash)> Configured(IntakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            if (!string.IsNullOrWhiteSpace(key.Key))
            {
                yield return ($"Intake:Keys:{i}", Of(key.Key));
            }
            else if (TryParse(key.Hash, out var hash))
            {
                yield return ($"Intake:Keys:{i}", hash);
            }
        }

        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(options.ApiKeys[i]))
            {
                yield return ($"Intake:ApiKeys:{i}", Of(options.ApiKeys[i]));
            }
        }
    }
}

/// <summary>
/// The configured intake keys, kept as SHA-256 hashes and compared in constant time (every key is compared, whatever
/// matches), so neither timing nor a memory dump gives a key away. Each key carries its name and its sources; an
/// <c>Intake:ApiKeys</c> entry is a key for every source.
/// </summary>
internal sealed class IntakeKeyRing
{
    private readonly (byte[] Hash, IntakeCaller Caller)[] _keys;

    public IntakeKeyRing(IOptions<IntakeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var named = options.Value.Keys.Where(k => !k.IsBlank).Select(k => (
            Hash: string.IsNullOrWhiteSpace(k.Key) ? Convert.FromHexString(k.Hash!.Trim()) : IntakeKeyHashes.Of(k.Key),
            Caller: new IntakeCaller(k.Name!.Trim(), k.Sources.Select(s => s.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase))));
        var legacy = options.Value.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(IntakeKeyHashes.Of).Select(hash => (
            Hash: hash,
            Caller: new IntakeCaller(IntakeKeyHashes.LegacyName(hash), new HashSet<string>([IntakeOptions.AnySource], StringComparer.Ordinal))));
        _keys = [.. named, .. legacy];
        LegacyKeyCount = options.Value.ApiKeys.Count(k => !string.IsNullOrWhiteSpace(k));
    }

    public bool IsOpen => _keys.Length > 0;

    /// <summary>How many keys come from <c>Intake:ApiKeys</c> (each allowed for every source).</summary>
    public int LegacyKeyCount { get; }

    /// <summary>The caller the presented key belongs to, or null.</summary>
    public IntakeCaller? Find(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var hash = IntakeKeyHashes.Of(presented);
        IntakeCaller? match = null;
        foreach (var (candidate, caller) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                match = caller;
            }
        }

        return match;
    }
}

/// <summary><c>Authorization: Bearer &lt;intake key&gt;</c> for the intake API.</summary>
internal sealed class IntakeKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IntakeKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "IntakeKey";
    public const string KeyClaim = "intake_key";
    public const string SourceClaim = "intake_source";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var caller = keys.Find(header["Bearer ".Length..].Trim());
        if (caller is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown intake key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(KeyClaim, caller.KeyName), .. caller.Sources.Order(StringComparer.Ordinal).Select(s => new Claim(SourceClaim, s))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"intake\"";
        var detail = keys.IsOpen
            ? "A valid intake API key is required: Authorization: Bearer <key>."
            : "The intake API is closed: no key is configured (Intake:Keys).";
        await Results.Problem(statusCode: 401, title: "Unauthorized", detail: detail).ExecuteAsync(Context);
    }
}

/// <summary>Says on start that keys are still configured in the old, unbound shape, and where they belong now.</summary>
internal sealed partial class LegacyIntakeKeysWarning(IntakeKeyRing keys, ILogger<LegacyIntakeKeysWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys.LegacyKeyCount > 0)
        {
            LogLegacyKeys(logger, keys.LegacyKeyCount);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Intake:ApiKeys holds {Count} key(s) that may submit and read complaints of every source. Move each to Intake:Keys with a Name, its Hash (or Key) and the Sources it serves (docs/security.md#intake-keys-and-the-api-contract)")]
    private static partial void LogLegacyKeys(ILogger logger, int count);
}
