using TeamsEscalationBot.Storage.Azure;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>
/// One JSON blob per department, <c>active-members/{sha256(department id, lower-cased)}.json</c>, replaced with
/// <c>If-Match</c> so concurrent instances merge instead of overwriting each other.
/// </summary>
internal sealed class AzureBlobActiveMemberStore(AzureStorageClients clients) : IActiveMemberStore
{
    private const int MaxWriteAttempts = 8;

    public async Task<IReadOnlyList<ActiveMember>> ListAsync(string departmentId, int max, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var document = await BlobDocuments.TryReadAsync<ActiveMembersDocument>(Blob(departmentId), cancellationToken);
        return document is null ? [] : [.. document.Value.Members.Take(max)];
    }

    public async Task<IReadOnlyList<ActiveMember>> MergeAsync(
        string departmentId, IReadOnlyList<ActiveMember> members, int keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        await clients.EnsureCreatedAsync(cancellationToken);
        var blob = Blob(departmentId);
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            var existing = await BlobDocuments.TryReadAsync<ActiveMembersDocument>(blob, cancellationToken);
            var merged = ActiveMemberLists.Merge(existing?.Value.Members ?? [], members, keep);
            var document = new ActiveMembersDocument(ActiveMemberLists.Key(departmentId), merged);
            if (await BlobDocuments.TryWriteAsync(blob, document, Tags, existing?.ETag, cancellationToken) is not null)
            {
                return merged;
            }
        }

        throw new InvalidOperationException($"The active members of department '{departmentId}' kept changing during {MaxWriteAttempts} write attempts.");
    }

    private static readonly Dictionary<string, string> Tags = new() { ["kind"] = "active-members" };

    private Azure.Storage.Blobs.BlobClient Blob(string departmentId) =>
        clients.Container.GetBlobClient($"active-members/{BlobNaming.Hash(ActiveMemberLists.Key(departmentId))}.json");

    private sealed record ActiveMembersDocument(string DepartmentId, IReadOnlyList<ActiveMember> Members);
}
