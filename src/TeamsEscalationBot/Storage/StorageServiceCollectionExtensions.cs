using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.Infrastructure;
using TeamsEscalationBot.Storage.Azure;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <c>Storage</c> options (validated on start), the provider's stores, the schema/container
    /// initialiser and the outbox worker (it runs the <see cref="IOutboxHandler"/>s registered by the features). The provider is chosen when the stores are first resolved, from the bound
    /// options, so test hosts can override the configuration.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(sp => new SqliteDatabase(
            ResolveSqlitePath(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SqliteDatabase>>()));
        services.TryAddSingleton(sp => new AzureStorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value));

        services.TryAddSingleton<SqliteInstallationStore>();
        services.TryAddSingleton<AzureBlobInstallationStore>();
        services.TryAddSingleton<IInstallationStore>(sp => ByProvider<IInstallationStore, SqliteInstallationStore, AzureBlobInstallationStore>(sp));

        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxQueue>();
        services.TryAddSingleton<ComplaintBlobs>();
        services.TryAddSingleton<SqliteComplaintStore>();
        services.TryAddSingleton<AzureBlobComplaintStore>();
        services.TryAddSingleton<IComplaintStore>(sp => ByProvider<IComplaintStore, SqliteComplaintStore, AzureBlobComplaintStore>(sp));
        services.TryAddSingleton<SqliteOutbox>();
        services.TryAddSingleton<AzureQueueOutbox>();
        services.TryAddSingleton<IOutbox>(sp => ByProvider<IOutbox, SqliteOutbox, AzureQueueOutbox>(sp));

        services.AddHealthChecks().AddStorageCheck();
        services.AddHostedService<StorageInitializer>();
        services.TryAddSingleton<OutboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxWorker>());
        return services;
    }

    /// <summary>
    /// The storage readiness check (tag "ready"): SQLite answers a query / the Azure container answers.
    /// <see cref="AddStorage"/> already adds it; calling it again is harmless.
    /// </summary>
    public static IHealthChecksBuilder AddStorageCheck(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            if (!options.Registrations.Any(r => r.Name == StorageHealthCheck.Name))
            {
                options.Registrations.Add(new HealthCheckRegistration(
                    StorageHealthCheck.Name,
                    sp => ActivatorUtilities.CreateInstance<StorageHealthCheck>(sp),
                    HealthStatus.Unhealthy,
                    [ServiceDefaults.ReadyTag]));
            }
        });
        return builder;
    }

    private static TService ByProvider<TService, TSqlite, TAzure>(IServiceProvider services)
        where TSqlite : TService
        where TAzure : TService
        where TService : notnull =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Sqlite
            ? services.GetRequiredService<TSqlite>()
            : services.GetRequiredService<TAzure>();

    private static string ResolveSqlitePath(IServiceProvider services)
    {
        var path = services.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath;
        return Path.IsPathRooted(path)
            ? path
            : Path.GetFullPath(Path.Combine(services.GetRequiredService<IHostEnvironment>().ContentRootPath, path));
    }
}
