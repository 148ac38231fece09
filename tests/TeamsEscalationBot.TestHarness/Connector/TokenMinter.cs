using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TeamsEscalationBot.TestHarness.Connector;

/// <summary>What a minted token says and how it is signed. Defaults describe a valid Bot Connector token.</summary>
public sealed record TokenSpec
{
    public const string ConnectorIssuer = "https://api.botframework.com";

    public required string Audience { get; init; }
    public string? ServiceUrl { get; init; }
    public string Issuer { get; init; } = ConnectorIssuer;
    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset? Expires { get; init; }
    /// <summary>The published key to sign with; null means the connector's default key.</summary>
    public string? KeyId { get; init; }
    public string Algorithm { get; init; } = SecurityAlgorithms.RsaSha256;
    /// <summary>Sign with a key nobody published, while claiming <see cref="KeyId"/> in the header (a forged signature).</summary>
    public bool SignWithForeignKey { get; init; }
    /// <summary>Produce <c>alg: none</c> with no signature.</summary>
    public bool WithoutSignature { get; init; }
    /// <summary>Sign with HMAC-SHA256 using this secret (an algorithm-confusion attempt).</summary>
    public string? HmacSecret { get; init; }
    public IReadOnlyDictionary<string, object>? ExtraClaims { get; init; }
}

/// <summary>Mints real JWTs with the fake connector's RSA keys, the way the Bot Connector signs its calls.</summary>
public sealed class TokenMinter
{
    private readonly Func<string, SigningKeyMaterial> _keys;
    private readonly Func<string> _defaultKeyId;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    internal TokenMinter(Func<string, SigningKeyMaterial> keys, Func<string> defaultKeyId)
    {
        _keys = keys;
        _defaultKeyId = defaultKeyId;
    }

    public string Mint(TokenSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["iss"] = spec.Issuer,
            ["aud"] = spec.Audience,
            ["nbf"] = (spec.NotBefore ?? now.AddMinutes(-1)).ToUnixTimeSeconds(),
            ["exp"] = (spec.Expires ?? now.AddMinutes(30)).ToUnixTimeSeconds(),
            ["iat"] = (spec.NotBefore ?? now.AddMinutes(-1)).ToUnixTimeSeconds(),
        };
        if (spec.ServiceUrl is not null)
        {
            claims["serviceurl"] = spec.ServiceUrl;
        }

        foreach (var (name, value) in spec.ExtraClaims ?? new Dictionary<string, object>())
        {
            claims[name] = value;
        }

        var keyId = spec.KeyId ?? _defaultKeyId();
        if (spec.WithoutSignature)
        {
            return UnsignedToken(keyId, claims);
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = Credentials(spec, keyId),
        });
    }

    private SigningCredentials Credentials(TokenSpec spec, string keyId)
    {
        if (spec.HmacSecret is not null)
        {
            var hmac = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(spec.HmacSecret)) { KeyId = keyId };
            return new SigningCredentials(hmac, SecurityAlgorithms.HmacSha256);
        }

        var rsa = spec.SignWithForeignKey ? RSA.Create(2048) : _keys(keyId).Rsa;
        return new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId }, spec.Algorithm);
    }

    private static string UnsignedToken(string keyId, Dictionary<string, object> claims)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = keyId });
        var payload = JsonSerializer.SerializeToUtf8Bytes(claims);
        return $"{Base64UrlEncoder.Encode(header)}.{Base64UrlEncoder.Encode(payload)}.";
    }
}

/// <summary>An RSA key of the fake connector with the channels it endorses and whether the JWKS lists it.</summary>
public sealed class SigningKeyMaterial(string keyId, RSA rsa, IReadOnlyList<string> endorsements)
{
    public string KeyId { get; } = keyId;
    public RSA Rsa { get; } = rsa;
    public IReadOnlyList<string> Endorsements { get; } = endorsements;
    public bool Published { get; set; }

    /// <summary>The JWKS <c>keys</c> array of the published ones among <paramref name="keys"/>, with their endorsements.</summary>
    public static JsonArray Jwks(IEnumerable<SigningKeyMaterial> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var jwks = new JsonArray();
        foreach (var key in keys.Where(k => k.Published))
        {
            var parameters = key.Rsa.ExportParameters(false);
            jwks.Add(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                ["endorsements"] = new JsonArray([.. key.Endorsements.Select(e => (JsonNode?)JsonValue.Create(e))]),
            });
        }

        return jwks;
    }
}
