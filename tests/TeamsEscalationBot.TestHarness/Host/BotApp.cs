using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.TestHarness.Host;

/// <summary>
/// The real host on a real Kestrel port on 127.0.0.1, configured against a <see cref="FakeBotConnector"/>: inbound
/// tokens are validated by the production pipeline with the fake's published keys.
/// </summary>
internal sealed class BotApp : WebApplicationFactory<Program>
{
    public const string AppId = "4b5a3c1e-9d1f-4b36-9a41-7c2e8f0d1a22";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string IntakeKey = "integration-test-intake-key-0001";
    public const string IntakeKeyName = "integration-tests";
    public const string CareGroupId = "c0ffee00-0000-4000-8000-000000000001";
    public const string BillingGroupId = "c0ffee00-0000-4000-8000-000000000002";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly string _environment;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "teb-tests", Guid.NewGuid().ToString("N"));

    private readonly LogLevel _minimumLogLevel;

    private BotApp(FakeBotConnector connector, string environment, IDictionary<string, string?>? settings, Action<IServiceCollection>? services, LogLevel minimumLogLevel)
    {
        _minimumLogLevel = minimumLogLevel;
        Connector = connector;
        _environment = environment;
        _services = services;
        _settings = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Bot:AppId"] = AppId,
            ["Bot:TenantId"] = TenantId,
            ["Bot:OpenIdMetadataUrl"] = connector.OpenIdMetadataUrl,
            ["Storage:SqlitePath"] = Path.Combine(_dataDirectory, "escalations.db"),
            ["Bot:TrustedServiceUrls:0"] = connector.ServiceUrl,
            ["Teams:DefaultServiceUrl"] = connector.ServiceUrl,
            ["Intake:Keys:0:Name"] = IntakeKeyName,
            ["Intake:Keys:0:Key"] = IntakeKey,
            ["Intake:Keys:0:Sources:0"] = "*",
            ["Routing:TriageDepartmentId"] = "care",
            ["Departments:0:Id"] = "care",
            ["Departments:0:Name"] = "Customer Care",
            ["Departments:0:TeamId"] = Activities.TeamId,
            ["Departments:0:ChannelId"] = Activities.CareChannelId,
            ["Departments:0:EntraGroupId"] = CareGroupId,
            ["Departments:0:Keywords:0"] = "rude",
            ["Departments:1:Id"] = "billing",
            ["Departments:1:Name"] = "Billing",
            ["Departments:1:TeamId"] = Activities.TeamId,
            ["Departments:1:ChannelId"] = Activities.ChannelId,
            ["Departments:1:EntraGroupId"] = BillingGroupId,
            ["Departments:1:Keywords:0"] = "invoice",
            ["Departments:1:Keywords:1"] = "factura",
            ["Departments:1:Keywords:2"] = "refund",
            ["Departments:1:Categories:0"] = "billing",
            // Tests of other features submit many alike complaints at once; crisis tests switch detection back on.
            ["Crises:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public FakeBotConnector Connector { get; }

    public FakeTokenCredential Credential { get; } = new();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Starts the host; the returned app's <see cref="HttpClient"/> talks to it over loopback TCP.</summary>
    public static BotApp Start(
        FakeBotConnector connector,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string environment = "Production",
        LogLevel minimumLogLevel = LogLevel.Debug)
    {
        var app = new BotApp(connector, environment, settings, services, minimumLogLevel);
        app.StartServer();
        return app;
    }

    public BotClient CreateBotClient() => new(CreateClient(), Connector);

    /// <summary>An HTTP client of the intake API carrying the test intake key (allowed for every source) or <paramref name="key"/>.</summary>
    public HttpClient CreateIntakeClient(string? key = IntakeKey)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders().AddFakeLogging().SetMinimumLevel(_minimumLogLevel));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new BotCredential(Credential));
            _services?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
