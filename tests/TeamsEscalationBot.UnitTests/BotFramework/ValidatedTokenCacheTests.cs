using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.BotFramework.Authentication;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.UnitTests.BotFramework;

/// <summary>
/// The validated-token cache inside <see cref="BotAuthenticator"/>: real RS256 tokens, the real signing-key cache
/// reading a JWKS from an in-memory handler, and one fake clock for the token lifetimes and the key schedule.
/// </summary>
[TestClass]
public sealed class ValidatedTokenCacheTests
{
    private const string AppId = "4b5a3c1e-9d1f-4b36-9a41-7c2e8f0d1a22";
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ServiceUrl = "https://smba.trafficmanager.net/teams/";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ValidateToken_SameTokenAgain_CachedCheckWithSamePrincipal()
    {
        using var bot = new Bot();
        var token = bot.Mint();

        var first = await bot.ValidateAsync(token, TestContext.CancellationToken);
        var second = await bot.ValidateAsync(token, TestContext.CancellationToken);

        Assert.IsNull(first.Outcome);
        Assert.AreSame(first, second, "the second request must reuse the first check");
        Assert.AreSame(first.Identity, second.Identity);
        Assert.AreEqual(1, bot.Cache.Count);
        Assert.IsTrue(bot.Authenticator.AuthenticateActivity(second, Activity()).Succeeded);
        // The checks that bind the token to the activity still run on a cache hit.
        Assert.AreEqual(401, bot.Authenticator.AuthenticateActivity(second, Activity(serviceUrl: "https://elsewhere.example/")).StatusCode);
    }

    [TestMethod]
    public async Task ValidateToken_CachedTokenPastExpAndSkew_Rejected()
    {
        using var bot = new Bot();
        var token = bot.Mint(expiresIn: TimeSpan.FromMinutes(10));
        Assert.IsNull((await bot.ValidateAsync(token, TestContext.CancellationToken)).Outcome);
        Assert.IsTrue(bot.Cache.Contains(token));

        bot.Time.Advance(TimeSpan.FromMinutes(16));

        var check = await bot.ValidateAsync(token, TestContext.CancellationToken);
        Assert.AreEqual(401, check.Outcome?.StatusCode);
        Assert.IsFalse(bot.Cache.Contains(token));
    }

    [TestMethod]
    public async Task ValidateToken_CachedTokenPastExpWithinSkew_ValidatedAgainNotFromCache()
    {
        using var bot = new Bot();
        var token = bot.Mint(expiresIn: TimeSpan.FromMinutes(10));
        var cached = await bot.ValidateAsync(token, TestContext.CancellationToken);

        bot.Time.Advance(TimeSpan.FromMinutes(12));

        var again = await bot.ValidateAsync(token, TestContext.CancellationToken);
        Assert.IsNull(again.Outcome, "the 5 minutes of skew still admit it, by a full validation");
        Assert.AreNotSame(cached.Identity, again.Identity);
        Assert.IsFalse(bot.Cache.Contains(token), "an entry never outlives the token's exp");
    }

    [TestMethod]
    public async Task ValidateToken_DifferentToken_FullyValidated()
    {
        using var bot = new Bot();
        var first = await bot.ValidateAsync(bot.Mint(), TestContext.CancellationToken);

        var forged = await bot.ValidateAsync(bot.Mint(spec => spec with { SignWithForeignKey = true }), TestContext.CancellationToken);
        var other = await bot.ValidateAsync(bot.Mint(), TestContext.CancellationToken);

        Assert.AreEqual(401, forged.Outcome?.StatusCode);
        Assert.IsNull(other.Outcome);
        Assert.AreNotSame(first.Identity, other.Identity);
        Assert.AreEqual(2, bot.Cache.Count);
    }

    [TestMethod]
    public async Task ValidateToken_FailedTokens_NeverCached()
    {
        using var bot = new Bot();
        var now = bot.Time.GetUtcNow();
        string[] failing =
        [
            bot.Mint(spec => spec with { SignWithForeignKey = true }),
            bot.Mint(spec => spec with { Audience = Guid.NewGuid().ToString() }),
            bot.Mint(spec => spec with { Issuer = "https://login.microsoftonline.com/" + TenantId + "/v2.0" }),
            bot.Mint(spec => spec with { NotBefore = now.AddHours(-1), Expires = now.AddMinutes(-6) }),
            bot.Mint(spec => spec with { WithoutSignature = true }),
        ];

        foreach (var token in failing)
        {
            Assert.AreEqual(401, (await bot.ValidateAsync(token, TestContext.CancellationToken)).Outcome?.StatusCode);
            Assert.AreEqual(401, (await bot.ValidateAsync(token, TestContext.CancellationToken)).Outcome?.StatusCode, "a second try fails the same way");
        }

        Assert.AreEqual(0, bot.Cache.Count);
    }

    [TestMethod]
    public async Task ValidateToken_MoreTokensThanCapacity_SizeStaysBounded()
    {
        using var bot = new Bot(capacity: 3);
        var tokens = Enumerable.Range(0, 6).Select(i => bot.Mint(expiresIn: TimeSpan.FromMinutes(20 + i))).ToList();

        foreach (var token in tokens)
        {
            Assert.IsNull((await bot.ValidateAsync(token, TestContext.CancellationToken)).Outcome);
            Assert.IsLessThanOrEqualTo(3, bot.Cache.Count);
        }

        Assert.IsTrue(bot.Cache.Contains(tokens[^1]), "the newest token is kept; the one nearest its expiry made room");
        Assert.IsFalse(bot.Cache.Contains(tokens[0]));
    }

    [TestMethod]
    public async Task ValidateToken_FullCacheWithExpiredEntries_ExpiredOnesSweptFirst()
    {
        using var bot = new Bot(capacity: 2);
        var shortLived = bot.Mint(expiresIn: TimeSpan.FromMinutes(2));
        var longLived = bot.Mint(expiresIn: TimeSpan.FromMinutes(60));
        await bot.ValidateAsync(shortLived, TestContext.CancellationToken);
        await bot.ValidateAsync(longLived, TestContext.CancellationToken);

        bot.Time.Advance(TimeSpan.FromMinutes(3));
        var newcomer = bot.Mint(expiresIn: TimeSpan.FromMinutes(30));
        await bot.ValidateAsync(newcomer, TestContext.CancellationToken);

        Assert.IsFalse(bot.Cache.Contains(shortLived));
        Assert.IsTrue(bot.Cache.Contains(longLived));
        Assert.IsTrue(bot.Cache.Contains(newcomer));
    }

    [TestMethod]
    public async Task ValidateToken_KeyRemovedFromJwksAtDailyRefresh_CachedTokenRejected()
    {
        using var bot = new Bot();
        bot.AddKey("rotating-out");
        var signedByRemoved = bot.Mint(spec => spec with { KeyId = "rotating-out" }, TimeSpan.FromHours(30));
        var signedByKept = bot.Mint(expiresIn: TimeSpan.FromHours(30));
        Assert.IsNull((await bot.ValidateAsync(signedByRemoved, TestContext.CancellationToken)).Outcome);
        Assert.IsNull((await bot.ValidateAsync(signedByKept, TestContext.CancellationToken)).Outcome);

        bot.Unpublish("rotating-out");
        Assert.IsNull((await bot.ValidateAsync(signedByRemoved, TestContext.CancellationToken)).Outcome, "before a refresh the keys are unchanged, cached or not");
        bot.Time.Advance(BotSigningKeyCache.AutomaticRefreshInterval + TimeSpan.FromMinutes(1));

        Assert.AreEqual(401, (await bot.ValidateAsync(signedByRemoved, TestContext.CancellationToken)).Outcome?.StatusCode);
        Assert.IsNull((await bot.ValidateAsync(signedByKept, TestContext.CancellationToken)).Outcome, "a key still published keeps working");
        Assert.IsFalse(bot.Cache.Contains(signedByRemoved));
    }

    [TestMethod]
    public async Task ValidateToken_KeyRemovedThenRefreshForUnknownKey_CachedTokenRejectedAtOnce()
    {
        using var bot = new Bot();
        bot.AddKey("rotating-out");
        var signedByRemoved = bot.Mint(spec => spec with { KeyId = "rotating-out" });
        Assert.IsNull((await bot.ValidateAsync(signedByRemoved, TestContext.CancellationToken)).Outcome);

        bot.Unpublish("rotating-out");
        bot.AddKey("rotated-in");
        // A token naming the new key makes the key cache refresh (at most once per 5 minutes).
        Assert.IsNull((await bot.ValidateAsync(bot.Mint(spec => spec with { KeyId = "rotated-in" }), TestContext.CancellationToken)).Outcome);

        Assert.AreEqual(401, (await bot.ValidateAsync(signedByRemoved, TestContext.CancellationToken)).Outcome?.StatusCode);
    }

    [TestMethod]
    public void Add_FailedOrAlreadyExpiredCheck_NotKept()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new ValidatedTokenCache(time);
        cache.Add("a.b.c", TokenCheck.Failed(AuthenticationOutcome.Unauthorized("no")), time.GetUtcNow().AddMinutes(10));
        cache.Add("d.e.f", TokenCheck.ForAnonymous(), time.GetUtcNow().AddMinutes(10));
        Assert.AreEqual(0, cache.Count);
    }

    private static Activity Activity(string serviceUrl = ServiceUrl) => new()
    {
        Type = "invoke",
        ChannelId = "msteams",
        ServiceUrl = serviceUrl,
        Conversation = new ConversationAccount { Id = "a:1", TenantId = TenantId },
    };

    /// <summary>An authenticator wired as in the host, over an in-memory OpenID issuer and a fake clock.</summary>
    private sealed class Bot : IDisposable
    {
        private readonly ConcurrentDictionary<string, SigningKeyMaterial> _keys = new(StringComparer.Ordinal);
        private readonly Issuer _issuer;
        private readonly BotSigningKeyCache _signingKeys;
        private readonly TokenMinter _minter;

        public Bot(int capacity = ValidatedTokenCache.DefaultCapacity)
        {
            AddKey("key-1");
            _issuer = new Issuer(_keys);
            _minter = new TokenMinter(kid => _keys[kid], () => "key-1");
            var options = new BotFrameworkOptions { AppId = AppId, TenantId = TenantId, OpenIdMetadataUrl = "http://127.0.0.1/v1/.well-known/openidconfiguration" };
            options.AllowedChannels.Add("msteams");
            var wrapped = Options.Create(options);
            _signingKeys = new BotSigningKeyCache(_issuer, wrapped, Time, NullLogger<BotSigningKeyCache>.Instance);
            Cache = new ValidatedTokenCache(Time, capacity);
            Authenticator = new BotAuthenticator(_signingKeys, Cache, wrapped, new ServiceUrlTrust(wrapped), NullLogger<BotAuthenticator>.Instance);
        }

        public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

        public ValidatedTokenCache Cache { get; }

        public BotAuthenticator Authenticator { get; }

        public void AddKey(string keyId) => _keys[keyId] = new SigningKeyMaterial(keyId, RSA.Create(2048), ["msteams"]) { Published = true };

        public void Unpublish(string keyId) => _keys[keyId].Published = false;

        /// <summary>A valid token (valid from a minute ago on the fake clock) unless <paramref name="change"/> spoils it.</summary>
        public string Mint(Func<TokenSpec, TokenSpec>? change = null, TimeSpan? expiresIn = null)
        {
            var now = Time.GetUtcNow();
            var spec = new TokenSpec
            {
                Audience = AppId,
                ServiceUrl = ServiceUrl,
                NotBefore = now.AddMinutes(-1),
                Expires = now + (expiresIn ?? TimeSpan.FromMinutes(30)),
                // Two tokens minted in the same second must still differ.
                ExtraClaims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString("N") },
            };
            return _minter.Mint(change is null ? spec : change(spec));
        }

        public Task<TokenCheck> ValidateAsync(string token, CancellationToken cancellationToken) =>
            Authenticator.ValidateTokenAsync("Bearer " + token, cancellationToken);

        public void Dispose()
        {
            _signingKeys.Dispose();
            _issuer.Dispose();
            foreach (var key in _keys.Values)
            {
                key.Rsa.Dispose();
            }
        }
    }

    /// <summary>The OpenID metadata and JWKS (with endorsements) of the published keys, answered in memory.</summary>
    private sealed class Issuer(ConcurrentDictionary<string, SigningKeyMaterial> keys) : HttpMessageHandler, IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.RequestUri!.AbsolutePath switch
            {
                "/v1/.well-known/openidconfiguration" => new JsonObject
                {
                    ["issuer"] = TokenSpec.ConnectorIssuer,
                    ["jwks_uri"] = "http://127.0.0.1/v1/.well-known/keys",
                },
                "/v1/.well-known/keys" => new JsonObject { ["keys"] = Jwks() },
                _ => null,
            };
            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") });
        }

        private JsonArray Jwks() => SigningKeyMaterial.Jwks(keys.Values);
    }
}
