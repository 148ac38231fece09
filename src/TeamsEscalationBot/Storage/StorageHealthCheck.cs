using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Storage.Azure;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.Storage;

/// <summary>Ready when the store answers: a trivial query on SQLite, the container's properties on Azure.</summary>
internal sealed class StorageHealthCheck(IServiceProvider services, IOptions<StorageOptions> options) : IHealthCheck
{
    public const string Name = "storage";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (options.Value.Provider == StorageProvider.Sqlite)
            {
                await using var connection = await services.GetRequiredService<SqliteDatabase>().OpenAsync(cancellationToken);
                await connection.ScalarAsync("SELECT 1", null, cancellationToken);
            }
            else
            {
                var clients = services.GetRequiredService<AzureStorageClients>();
                await clients.EnsureCreatedAsync(cancellationToken);
                await clients.Container.GetPropertiesAsync(cancellationToken: cancellationToken);
            }

            return HealthCheckResult.Healthy($"{options.Value.Provider} storage answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{options.Value.Provider} storage does not answer.", ex);
        }
    }
}
