using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.Infrastructure;

namespace TeamsEscalationBot.Storage;

// TEMPORARY until the storage branch lands (same session): replaced by the SQLite/Azure stores.
internal static class TemporaryStorage
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IInstallationStore, MemoryInstallationStore>();
        services.AddHealthChecks().AddCheck("storage", () => HealthCheckResult.Healthy(), [ServiceDefaults.ReadyTag]);
        return services;
    }

    private sealed class MemoryInstallationStore : IInstallationStore
    {
        private readonly ConcurrentDictionary<string, Installation> _items = new();
        public Task UpsertAsync(Installation installation, CancellationToken cancellationToken) { _items[installation.ConversationId] = installation; return Task.CompletedTask; }
        public Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken) => Task.FromResult(_items.TryRemove(conversationId, out _));
        public Task<Installation?> GetAsync(string conversationId, CancellationToken cancellationToken) => Task.FromResult(_items.GetValueOrDefault(conversationId));
        public Task<Installation?> FindPersonalAsync(string userAadObjectId, CancellationToken cancellationToken) => Task.FromResult(_items.Values.FirstOrDefault(i => i.UserAadObjectId == userAadObjectId));
        public Task<Installation?> FindTeamAsync(string teamId, CancellationToken cancellationToken) => Task.FromResult(_items.Values.FirstOrDefault(i => i.TeamId == teamId));
        public Task<IReadOnlyList<string>> ListServiceUrlsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([.. _items.Values.Select(i => i.ServiceUrl).Distinct()]);
    }
}
