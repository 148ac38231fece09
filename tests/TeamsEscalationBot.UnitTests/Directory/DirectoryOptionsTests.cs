using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.Features.Directory;

namespace TeamsEscalationBot.UnitTests.DirectoryTests;

/// <summary>What <c>AddDirectory</c> accepts and refuses at start, as the host's start-up validation runs it.</summary>
[TestClass]
public sealed class DirectoryOptionsTests
{
    [TestMethod]
    public void Start_StaticOutsideDevelopment_RefusedNamingDirectoryProvider()
    {
        var failures = StartFailures(Environments.Production, new() { ["Directory:Provider"] = "Static" });

        Assert.HasCount(1, failures);
        StringAssert.Contains(failures[0], "Directory:Provider=Static is allowed only in the Development environment");
    }

    [TestMethod]
    public void Start_StaticInDevelopment_StaticDirectory()
    {
        using var services = Build(Environments.Development, new() { ["Directory:Provider"] = "Static" });

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsInstanceOfType<StaticDirectory>(services.GetRequiredService<IDirectory>());
    }

    [TestMethod]
    public void Start_GraphWithCredentialTypeNone_RefusedNamingBotCredentialType()
    {
        var failures = StartFailures(Environments.Production, new() { ["Bot:CredentialType"] = "None" });

        Assert.HasCount(1, failures);
        StringAssert.Contains(failures[0], "Bot:CredentialType");
    }

    [TestMethod]
    public void Start_GraphInDevelopmentWithoutCredential_RefusedNamingBotCredentialType()
    {
        var failures = StartFailures(Environments.Development, new() { ["Directory:Provider"] = "Graph" });

        Assert.HasCount(1, failures);
        StringAssert.Contains(failures[0], "Bot:CredentialType");
    }

    [TestMethod]
    public void Start_BotSectionInvalid_ReportedOnceByTheBotSection()
    {
        var failures = StartFailures(Environments.Production, new() { ["Bot:CredentialType"] = "ClientSecret" });

        Assert.HasCount(1, failures);
        StringAssert.Contains(failures[0], "Bot:ClientSecret is required");
    }

    [TestMethod]
    public void Start_ProviderNotSet_StaticInDevelopment()
    {
        using var services = Build(Environments.Development, []);

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.AreEqual(DirectoryProvider.Static, services.GetRequiredService<IOptions<DirectoryOptions>>().Value.Provider);
        Assert.IsInstanceOfType<StaticDirectory>(services.GetRequiredService<IDirectory>());
    }

    [TestMethod]
    public void Start_ProviderNotSet_CachedGraphOutsideDevelopment()
    {
        using var services = Build(Environments.Production, []);

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.AreEqual(DirectoryProvider.Graph, services.GetRequiredService<IOptions<DirectoryOptions>>().Value.Provider);
        Assert.IsInstanceOfType<CachingDirectory>(services.GetRequiredService<IDirectory>());
    }

    [TestMethod]
    [DataRow("00:00:09")]
    [DataRow("01:00:01")]
    [DataRow("-00:05:00")]
    public void Start_CacheLifetimeOutOfRange_RefusedNamingKey(string lifetime)
    {
        var failures = StartFailures(Environments.Production, new() { ["Directory:CacheLifetime"] = lifetime });

        Assert.HasCount(1, failures);
        StringAssert.Contains(failures[0], "Directory:CacheLifetime must be between 00:00:10 and 01:00:00");
    }

    [TestMethod]
    [DataRow("00:00:10")]
    [DataRow("01:00:00")]
    public void Start_CacheLifetimeAtBounds_Accepted(string lifetime)
    {
        Assert.IsEmpty(StartFailures(Environments.Production, new() { ["Directory:CacheLifetime"] = lifetime }));
    }

    [TestMethod]
    public void NotFoundCacheLifetime_ShorterOfCacheLifetimeAndThirtySeconds()
    {
        Assert.AreEqual(TimeSpan.FromSeconds(30), new DirectoryOptions().NotFoundCacheLifetime);
        Assert.AreEqual(TimeSpan.FromSeconds(10), new DirectoryOptions { CacheLifetime = TimeSpan.FromSeconds(10) }.NotFoundCacheLifetime);
    }

    [TestMethod]
    public void Start_StaticUsersInvalid_RefusedNamingEachEntry()
    {
        var failures = StartFailures(Environments.Development, new()
        {
            ["Directory:Provider"] = "Static",
            ["Directory:Static:Users:0:AadObjectId"] = "adele",
            ["Directory:Static:Users:0:DisplayName"] = "Adele Vance",
            ["Directory:Static:Users:1:AadObjectId"] = "48d31887-5fad-4d73-a9f5-3c356e68a038",
            ["Directory:Static:Users:1:DisplayName"] = " ",
            ["Directory:Static:Users:2:AadObjectId"] = "48D31887-5FAD-4D73-A9F5-3C356E68A038",
            ["Directory:Static:Users:2:DisplayName"] = "Megan again",
            ["Directory:Static:Users:2:Departments:0"] = "",
        });

        Assert.HasCount(4, failures);
        StringAssert.Contains(failures[0], "Directory:Static:Users:0:AadObjectId must be the user's Entra object id (a GUID)");
        StringAssert.Contains(failures[1], "Directory:Static:Users:1:DisplayName must not be empty");
        StringAssert.Contains(failures[2], "Directory:Static:Users:2:AadObjectId '48D31887-5FAD-4D73-A9F5-3C356E68A038' is listed twice");
        StringAssert.Contains(failures[3], "Directory:Static:Users:2:Departments");
    }

    [TestMethod]
    public void Start_StaticUsersValid_Accepted()
    {
        var failures = StartFailures(Environments.Development, new()
        {
            ["Directory:Provider"] = "Static",
            ["Directory:Static:Users:0:AadObjectId"] = "73761f06-2ac9-469c-9f10-279a8cc267f9",
            ["Directory:Static:Users:0:DisplayName"] = "Adele Vance",
            ["Directory:Static:Users:0:UserPrincipalName"] = "AdeleV@contoso.com",
            ["Directory:Static:Users:0:Departments:0"] = "billing",
        });

        Assert.IsEmpty(failures);
    }

    [TestMethod]
    [DataRow("http://graph.example.com/v1.0")]
    [DataRow("graph.microsoft.com/v1.0")]
    [DataRow("https://graph.microsoft.com/v1.0?x=1")]
    public void Start_GraphBaseUrlNotHttps_RefusedNamingKey(string baseUrl)
    {
        var failures = StartFailures(Environments.Production, new() { ["Graph:BaseUrl"] = baseUrl });

        Assert.HasCount(1, failures);
        StringAssert.Contains(failures[0], "Graph:BaseUrl must be an absolute https URL");
    }

    [TestMethod]
    [DataRow("https://graph.microsoft.us/v1.0")]
    [DataRow("http://127.0.0.1:5123/v1.0")]
    public void Start_GraphBaseUrlHttpsOrLoopback_Accepted(string baseUrl)
    {
        Assert.IsEmpty(StartFailures(Environments.Production, new() { ["Graph:BaseUrl"] = baseUrl }));
    }

    [TestMethod]
    public void Start_MaxRetryWaitNotShorterThanTimeout_RefusedNamingKey()
    {
        var failures = StartFailures(Environments.Production, new() { ["Graph:Timeout"] = "00:00:05", ["Graph:MaxRetryWait"] = "00:00:05" });

        Assert.HasCount(1, failures);
        StringAssert.Contains(failures[0], "Graph:MaxRetryWait");
    }

    [TestMethod]
    public void Start_CatalogAppIdNotGuid_RefusedNamingKey()
    {
        var failures = StartFailures(Environments.Production, new() { ["Teams:CatalogAppId"] = "com.contoso.escalations" });

        Assert.HasCount(1, failures);
        StringAssert.Contains(failures[0], "Teams:CatalogAppId");
    }

    private static List<string> StartFailures(string environment, Dictionary<string, string?> settings)
    {
        using var services = Build(environment, settings);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
        catch (AggregateException e)
        {
            return [.. e.InnerExceptions.OfType<OptionsValidationException>().SelectMany(x => x.Failures)];
        }
    }

    /// <summary>The directory with the protocol layer it sits on, as the host registers them.</summary>
    private static ServiceProvider Build(string environment, Dictionary<string, string?> settings)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Bot:AppId"] = "4b5a3c1e-9d1f-4b36-9a41-7c2e8f0d1a22",
            ["Bot:TenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment, ApplicationName = "tests" });
        services.AddLogging();
        services.AddAgentCore(configuration);
        services.AddDirectory(configuration);
        return services.BuildServiceProvider();
    }
}
