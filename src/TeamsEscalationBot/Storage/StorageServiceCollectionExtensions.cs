using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Infrastructure;
using TeamsEscalationBot.Storage.Azure;
using TeamsEscalationBot.Storage.Leases;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <c>Storage</c> options (validated on start), the SQLite database and Azure clients, the complaint
    /// store and the outbox (<see cref="AddStore{TService, TSqlite, TAzure}"/>), the schema/container initialiser, the
    /// leadership lease (<see cref="ILeadership"/>, a hosted <see cref="LeaseLeadership"/>) and the outbox worker (it
    /// runs the <see cref="IOutboxHandler"/>s registered by the features, on the leader only). A feature's own stores are
    /// registered by the feature, with <see cref="AddStore{TService, TSqlite, TAzure}"/>.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // A relative path is resolved against the working directory (SqliteDatabase takes its full path), not the
        // content root: that is the application folder, which deployments may replace or mount read-only.
        services.TryAddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SqliteDatabase>>(),
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.SqliteMaxSizeMegabytes));
        services.TryAddSingleton(sp => new AzureStorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value));

        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxQueue>();
        services.TryAddSingleton<ComplaintBlobs>();
        services.AddStore<IComplaintStore, SqliteComplaintStore, AzureBlobComplaintStore>();
        services.AddStore<IOutbox, SqliteOutbox, AzureQueueOutbox>();
        services.AddStore<ILeaseStore, SqliteLeaseStore, AzureBlobLeaseStore>();

        services.AddHealthChecks().AddStorageCheck();
        services.AddExceptionHandler<StorageOutageExceptionHandler>();
        services.AddHostedService<StorageInitializer>();

        // One leader across the instances that share the storage (docs/storage.md, "One leader"): started after the
        // schema exists and before the work that waits for its term, stopped (and released) after that work stopped.
        services.TryAddSingleton<LeaseLeadership>();
        services.TryAddSingleton<ILeadership>(sp => sp.GetRequiredService<LeaseLeadership>());
        services.AddHostedService(sp => sp.GetRequiredService<LeaseLeadership>());
        services.AddHealthChecks().AddCheck<LeadershipHealthCheck>(LeadershipHealthCheck.Name, tags: [ServiceDefaults.ReadyTag]);
        services.TryAddSingleton<OutboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxWorker>());
        return services;
    }

    /// <summary>
    /// Registers both implementations of a store and <typeparamref name="TService"/> as the one of the configured
    /// <c>Storage:Provider</c>. The provider is chosen when the store is first resolved, from the bound options, so test
    /// hosts can override the configuration. They use the database and clients <see cref="AddStorage"/> registers.
    /// </summary>
    public static IServiceCollection AddStore<TService, TSqlite, TAzure>(this IServiceCollection services)
        where TService : class
        where TSqlite : class, TService
        where TAzure : class, TService
    {
        services.TryAddSingleton<TSqlite>();
        services.TryAddSingleton<TAzure>();
        services.TryAddSingleton<TService>(ByProvider<TService, TSqlite, TAzure>);
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
}
