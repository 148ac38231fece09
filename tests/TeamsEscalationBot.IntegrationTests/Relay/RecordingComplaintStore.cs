using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.IntegrationTests.Relay;

/// <summary>
/// The host's own complaint store, wrapped to remember every outbox item it committed: what a feature promised to
/// do in the same write, whether or not a handler for that kind is registered in this build.
/// </summary>
internal sealed class RecordingComplaintStore(IComplaintStore inner) : IComplaintStore
{
    private readonly ConcurrentQueue<OutboxItem> _written = new();

    public IReadOnlyList<OutboxItem> Written => [.. _written];

    /// <summary>Replaces the registered <see cref="IComplaintStore"/> with a recording wrapper around it.</summary>
    public static void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IComplaintStore));
        services.Remove(original);
        services.AddSingleton<IComplaintStore>(sp => new RecordingComplaintStore(
            (IComplaintStore)(original.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!))));
    }

    public async Task<CreateComplaintResult> CreateAsync(Complaint complaint, IReadOnlyList<OutboxItem> outbox, CancellationToken cancellationToken)
    {
        var result = await inner.CreateAsync(complaint, outbox, cancellationToken);
        Remember(result.Outcome == CreateOutcome.Created, outbox);
        return result;
    }

    public async Task<UpdateComplaintResult> UpdateAsync(Complaint complaint, long expectedVersion, IReadOnlyList<OutboxItem> outbox, CancellationToken cancellationToken)
    {
        var result = await inner.UpdateAsync(complaint, expectedVersion, outbox, cancellationToken);
        Remember(result.Outcome == UpdateOutcome.Updated, outbox);
        return result;
    }

    public Task<Complaint?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<Complaint?> FindByExternalIdAsync(string source, string externalId, CancellationToken cancellationToken) =>
        inner.FindByExternalIdAsync(source, externalId, cancellationToken);

    public Task<ComplaintPage> ListAsync(ComplaintQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public Task<ComplaintIdMatches> FindByIdPrefixAsync(string prefix, int limit, CancellationToken cancellationToken) =>
        inner.FindByIdPrefixAsync(prefix, limit, cancellationToken);

    public Task<IReadOnlyList<Complaint>> ListDueAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        inner.ListDueAsync(before, limit, cancellationToken);

    public IAsyncEnumerable<Complaint> ListActiveSinceAsync(DateTimeOffset activeSince, CancellationToken cancellationToken) =>
        inner.ListActiveSinceAsync(activeSince, cancellationToken);

    private void Remember(bool committed, IReadOnlyList<OutboxItem> outbox)
    {
        if (!committed)
        {
            return;
        }

        foreach (var item in outbox)
        {
            _written.Enqueue(item);
        }
    }
}
