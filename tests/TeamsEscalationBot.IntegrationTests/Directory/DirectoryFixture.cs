using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;

// Not "...IntegrationTests.Directory": a namespace of that name would hide System.IO.Directory from the other tests.
namespace TeamsEscalationBot.IntegrationTests.DirectoryTests;

/// <summary>
/// <see cref="IDirectory"/> as <c>AddDirectory</c> registers it for <c>Directory:Provider=Graph</c> (Production
/// environment), talking through the real Graph SDK to a <see cref="FakeGraph"/> on loopback, with the bot's credential
/// replaced by a <see cref="FakeTokenCredential"/> and the clock by a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class DirectoryFixture : IAsyncDisposable
{
    public const string CatalogAppId = "2c6b6e55-6a0a-4f47-9a0d-0e7a3f3f6c11";
    public const string SalesGroupId = "f448435d-3ca7-4073-8152-a1fd73c0fd09";
    public const string BillingGroupId = "bd7c6263-4dd5-4ae8-8c96-556e1c0bece6";
    public const string BillingLeadsGroupId = "9a1b0c4e-53f2-4bb0-8d2c-6e1f9b2a7d30";

    public static readonly FakeGraphUser Adele = new(
        "73761f06-2ac9-469c-9f10-279a8cc267f9", "Adele Vance", "AdeleV@contoso.com", "Retail Manager", "AdeleV@contoso.com");

    public static readonly FakeGraphUser Megan = new(
        "48d31887-5fad-4d73-a9f5-3c356e68a038", "Megan Bowen", "MeganB@contoso.com", "Marketing Manager", "MeganB@contoso.com");

    public static readonly FakeGraphUser Guest = new(
        "5bde3e51-d13b-4db1-9948-fe4b109d11a7", "Guest Person", "guest@fabrikam.com", null, "guest_fabrikam.com#EXT#@contoso.onmicrosoft.com");

    public static readonly Department Billing = Department("billing", BillingGroupId);

    public static readonly Department Sales = Department("sales", SalesGroupId);

    private ServiceProvider _services = null!;

    private DirectoryFixture(FakeGraph graph) => Graph = graph;

    public FakeGraph Graph { get; }

    public FakeTokenCredential Credential { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public IDirectory Directory => _services.GetRequiredService<IDirectory>();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    /// <summary>
    /// Adele is in Billing directly; Megan is in Billing Leads, itself a member of Billing (nested); nobody is in Sales.
    /// </summary>
    public static async Task<DirectoryFixture> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var fixture = new DirectoryFixture(await FakeGraph.StartAsync());
        fixture.Graph.AddUser(Adele);
        fixture.Graph.AddUser(Megan);
        fixture.Graph.AddUser(Guest);
        fixture.Graph.AddMember(BillingGroupId, Adele.Id);
        fixture.Graph.AddMember(BillingLeadsGroupId, Megan.Id);
        fixture.Graph.AddMember(BillingGroupId, BillingLeadsGroupId);
        fixture._services = fixture.BuildServices(settings);
        return fixture;
    }

    public static Department Department(string id, string groupId) => new()
    {
        Id = id,
        Name = id,
        TeamId = $"19:team-{id}@thread.tacv2",
        ChannelId = $"19:{id}@thread.tacv2",
        EntraGroupId = groupId,
    };

    public IReadOnlyList<FakeLogRecord> ErrorLogs() => [.. Logs.GetSnapshot().Where(l => l.Level == LogLevel.Error)];

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Graph.DisposeAsync();
    }

    private ServiceProvider BuildServices(IDictionary<string, string?>? settings)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Directory:Provider"] = "Graph",
            ["Graph:BaseUrl"] = Graph.BaseUrl,
            ["Teams:CatalogAppId"] = CatalogAppId,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production, ApplicationName = "tests" });
        services.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(new BotCredential(Credential));
        services.AddDirectory(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }
}
