using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Azure;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary><c>AddStorage</c> and <c>AddStore</c> in a real host: validation on start, provider choice, schema creation and the ready check.</summary>
[TestClass]
public sealed class StorageRegistrationTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task StartAsync_AzureBlobWithoutAccount_FailsNamingTheKeys()
    {
        using var directory = new TestDirectory();
        using var host = Build(directory, new() { ["Storage:Provider"] = "AzureBlob" });

        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        StringAssert.Contains(error.Message, "Storage:AccountUrl or Storage:ConnectionString is required when Storage:Provider is AzureBlob");
    }

    [TestMethod]
    public async Task StartAsync_UnknownProvider_FailsNamingTheKey()
    {
        using var directory = new TestDirectory();
        using var host = Build(directory, new() { ["Storage:Provider"] = "Cosmos" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(Ct));

        StringAssert.Contains(error.Message, "Storage:Provider");
    }

    [TestMethod]
    public async Task StartAsync_SqliteProvider_CreatesDatabaseAndIsReady()
    {
        using var directory = new TestDirectory();
        var path = Path.Combine(directory.Path, "data", "escalations.db");
        using var host = Build(directory, new() { ["Storage:SqlitePath"] = path });

        await host.StartAsync(Ct);
        try
        {
            Assert.IsTrue(File.Exists(path), "the database and its folder are created");
            Assert.IsInstanceOfType<SqliteComplaintStore>(host.Services.GetRequiredService<IComplaintStore>());
            Assert.IsInstanceOfType<SqliteOutbox>(host.Services.GetRequiredService<IOutbox>());
            Assert.IsInstanceOfType<SqliteInstallationStore>(host.Services.GetRequiredService<IInstallationStore>());
            Assert.AreEqual(HealthStatus.Healthy, (await CheckReadyAsync(host)).Status);
        }
        finally
        {
            await host.StopAsync(Ct);
        }
    }

    [TestMethod]
    public void SqlitePath_Relative_ResolvedAgainstTheWorkingDirectoryNotTheContentRoot()
    {
        // The content root is the application folder (read-only in some deployments); data belongs where the process runs.
        using var directory = new TestDirectory();
        using var host = Build(directory, []);

        var database = host.Services.GetRequiredService<SqliteDatabase>();

        Assert.AreEqual(Path.Combine(Environment.CurrentDirectory, "data", "escalations.db"), database.FilePath);
    }

    [TestMethod]
    public async Task StartAsync_SqliteDatabaseNewerThanBuild_Fails()
    {
        using var directory = new TestDirectory();
        var path = directory.File("escalations.db");
        var database = new SqliteDatabase(path, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteDatabase>.Instance);
        await using (var connection = await database.OpenAsync(Ct))
        {
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')", null, Ct);
        }

        using var host = Build(directory, new() { ["Storage:SqlitePath"] = path });

        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => host.StartAsync(Ct));
        StringAssert.Contains(error.Message, "Refusing to start");
    }

    [TestMethod]
    public async Task CheckHealthAsync_SqliteCannotBeOpened_Unhealthy()
    {
        using var directory = new TestDirectory();
        var blocker = directory.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the database folder should be", Ct);
        using var host = Build(directory, new() { ["Storage:SqlitePath"] = Path.Combine(blocker, "escalations.db") });

        var report = await CheckReadyAsync(host);

        Assert.AreEqual(HealthStatus.Unhealthy, report.Status);
    }

    [TestMethod]
    public async Task StartAsync_AzureBlobOnAzurite_CreatesContainerAndQueueAndIsReady()
    {
        var azurite = await AzuriteFixture.GetServerAsync();
        using var directory = new TestDirectory();
        var container = AzuriteFixture.UniqueName("complaints");
        var queue = AzuriteFixture.UniqueName("outbox");
        using var host = Build(directory, new()
        {
            ["Storage:Provider"] = "AzureBlob",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:ContainerName"] = container,
            ["Storage:QueueName"] = queue,
        });

        await host.StartAsync(Ct);
        try
        {
            var clients = host.Services.GetRequiredService<AzureStorageClients>();
            Assert.IsTrue((await clients.Container.ExistsAsync(Ct)).Value);
            Assert.IsTrue((await clients.Queue.ExistsAsync(Ct)).Value);
            Assert.IsInstanceOfType<AzureBlobComplaintStore>(host.Services.GetRequiredService<IComplaintStore>());
            Assert.IsInstanceOfType<AzureQueueOutbox>(host.Services.GetRequiredService<IOutbox>());
            Assert.IsInstanceOfType<AzureBlobInstallationStore>(host.Services.GetRequiredService<IInstallationStore>());
            Assert.AreEqual(HealthStatus.Healthy, (await CheckReadyAsync(host)).Status);
        }
        finally
        {
            await host.StopAsync(Ct);
            await host.Services.GetRequiredService<AzureStorageClients>().Container.DeleteIfExistsAsync(cancellationToken: Ct);
        }
    }

    private static IHost Build(TestDirectory directory, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = directory.Path,
            EnvironmentName = Environments.Production,
            DisableDefaults = true,
        });
        settings.TryAdd("Storage:Outbox:WorkerEnabled", "false");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddStorage(builder.Configuration);
        // A feature's store, as AddInstallations registers it (without the bot's services that AddInstallations also needs).
        builder.Services.AddStore<IInstallationStore, SqliteInstallationStore, AzureBlobInstallationStore>();
        return builder.Build();
    }

    private static Task<HealthReport> CheckReadyAsync(IHost host) =>
        host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));
}
