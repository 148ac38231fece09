using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.TestHarness.Host;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.IntegrationTests.Bot;

/// <summary>The signing-key cache: refresh on unknown kid (rate-limited), daily refresh, and surviving metadata outages.</summary>
[TestClass]
public sealed class SigningKeyRefreshTests
{
    [TestMethod]
    public async Task Post_KeyPublishedAfterFirstFetch_RefreshedAndAccepted()
    {
        await using var fixture = await Fixture.StartAsync();
        Assert.AreEqual(HttpStatusCode.OK, await fixture.PostAsync(kid: null));
        fixture.Connector.AddSigningKey("rotated", ["msteams"]);

        Assert.AreEqual(HttpStatusCode.OK, await fixture.PostAsync("rotated"));
        Assert.AreEqual(2, fixture.Connector.MetadataRequestCount);
    }

    [TestMethod]
    public async Task Post_ManyUnknownKeyIds_RefreshAtMostOncePerFiveMinutes()
    {
        await using var fixture = await Fixture.StartAsync();
        fixture.Connector.AddSigningKey("forged", ["msteams"], published: false);
        Assert.AreEqual(HttpStatusCode.OK, await fixture.PostAsync(kid: null));

        for (var i = 0; i < 5; i++)
        {
            Assert.AreEqual(HttpStatusCode.Unauthorized, await fixture.PostAsync("forged"));
        }

        Assert.AreEqual(2, fixture.Connector.MetadataRequestCount, "one initial fetch and one refresh for the unknown kid");

        fixture.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.AreEqual(HttpStatusCode.Unauthorized, await fixture.PostAsync("forged"));
        Assert.AreEqual(2, fixture.Connector.MetadataRequestCount);

        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        fixture.Connector.PublishKey("forged");
        Assert.AreEqual(HttpStatusCode.OK, await fixture.PostAsync("forged"));
        Assert.AreEqual(3, fixture.Connector.MetadataRequestCount);
    }

    [TestMethod]
    public async Task Post_MetadataOutageAfterDailyRefreshIsDue_CachedKeysStillAccepted()
    {
        await using var fixture = await Fixture.StartAsync();
        Assert.AreEqual(HttpStatusCode.OK, await fixture.PostAsync(kid: null));
        fixture.Connector.MetadataOutage = true;
        fixture.Time.Advance(TimeSpan.FromHours(25));

        Assert.AreEqual(HttpStatusCode.OK, await fixture.PostAsync(kid: null));
        Assert.IsGreaterThan(1, fixture.Connector.MetadataRequestCount, "the due refresh was attempted");
    }

    [TestMethod]
    public async Task Post_JwksWithoutKeysAtDailyRefresh_CachedKeysStillAccepted()
    {
        await using var fixture = await Fixture.StartAsync();
        Assert.AreEqual(HttpStatusCode.OK, await fixture.PostAsync(kid: null));
        fixture.Connector.WithdrawKey(FakeBotConnector.DefaultKeyId);
        fixture.Time.Advance(TimeSpan.FromHours(25));

        Assert.AreEqual(HttpStatusCode.OK, await fixture.PostAsync(kid: null));
        Assert.AreEqual(2, fixture.Connector.KeysRequestCount, "the due refresh read the empty key set");
    }

    [TestMethod]
    public async Task Post_MetadataUnavailableWithNothingCached_ServiceUnavailableThenRecovers()
    {
        await using var fixture = await Fixture.StartAsync();
        fixture.Connector.MetadataOutage = true;
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, await fixture.PostAsync(kid: null));

        fixture.Connector.MetadataOutage = false;
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.AreEqual(HttpStatusCode.OK, await fixture.PostAsync(kid: null));
    }

    private sealed class Fixture : IAsyncDisposable
    {
        private BotApp _app = null!;

        public FakeBotConnector Connector { get; private set; } = null!;

        public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

        public static async Task<Fixture> StartAsync()
        {
            var fixture = new Fixture { Connector = await FakeBotConnector.StartAsync() };
            fixture._app = BotApp.Start(fixture.Connector, services: s => s.AddSingleton<TimeProvider>(fixture.Time));
            return fixture;
        }

        public async Task<HttpStatusCode> PostAsync(string? kid)
        {
            using var client = _app.CreateBotClient();
            var token = Connector.Tokens.Mint(new TokenSpec { Audience = BotApp.AppId, ServiceUrl = Connector.ServiceUrl, KeyId = kid });
            var activity = Activities.Message(Connector.ServiceUrl, "ignored");
            activity["type"] = "typing";
            using var response = await client.PostAsync(activity, token);
            return response.StatusCode;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.DisposeAsync();
            await Connector.DisposeAsync();
        }
    }
}
