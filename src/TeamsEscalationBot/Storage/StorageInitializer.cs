using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Storage.Azure;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.Storage;

/// <summary>
/// Creates/migrates the schema (SQLite) or the container and queue (Azure) when the host starts, so a database that
/// is newer than this build, or an unreachable account, stops the start instead of failing the first request.
/// </summary>
internal sealed class StorageInitializer(IServiceProvider services, IOptions<StorageOptions> options, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Provider == StorageProvider.Sqlite)
        {
            var database = services.GetRequiredService<SqliteDatabase>();
            await database.EnsureInitializedAsync(cancellationToken);
            StorageLog.SqliteStorageReady(logger, database.FilePath);
        }
        else
        {
            var clients = services.GetRequiredService<AzureStorageClients>();
            await clients.EnsureCreatedAsync(cancellationToken);
            StorageLog.AzureStorageReady(logger, clients.Container.AccountName, clients.Container.Name, clients.Queue.Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
