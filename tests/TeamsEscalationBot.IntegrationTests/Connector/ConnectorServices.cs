using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.TestHarness.Host;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.IntegrationTests.Connector;

/// <summary>The production registration of the Connector client (retries, rate limits, tokens) against a fake connector.</summary>
internal sealed class ConnectorServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private ConnectorServices(ServiceProvider provider, FakeBotConnector connector, FakeTokenCredential credential)
    {
        _provider = provider;
        Connector = connector;
        Credential = credential;
    }

    public FakeBotConnector Connector { get; }

    public FakeTokenCredential Credential { get; }

    public IConnectorClient Client => _provider.GetRequiredService<IConnectorClient>();

    public ServiceUrlTrust Trust => _provider.GetRequiredService<ServiceUrlTrust>();

    /// <summary>Every log record of the Connector client, Polly's included, from Debug up.</summary>
    public FakeLogCollector Logs => _provider.GetFakeLogCollector();

    public static async Task<ConnectorServices> StartAsync(IDictionary<string, string?>? settings = null, TimeSpan? tokenLifetime = null)
    {
        var connector = await FakeBotConnector.StartAsync();
        var values = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = BotApp.AppId,
            ["Bot:TenantId"] = BotApp.TenantId,
            ["Bot:TrustedServiceUrls:0"] = connector.ServiceUrl,
            ["Bot:RetryBaseDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var credential = new FakeTokenCredential(tokenLifetime);
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug))
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production })
            .AddAgentCore(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
            .AddSingleton(new BotCredential(credential));
        return new ConnectorServices(services.BuildServiceProvider(validateScopes: true), connector, credential);
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
