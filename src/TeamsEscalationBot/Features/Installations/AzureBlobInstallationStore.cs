using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TeamsEscalationBot.Storage.Azure;

namespace TeamsEscalationBot.Features.Installations;

/// <summary>
/// One JSON blob per conversation, <c>installations/{sha256(conversationId)}.json</c>, tagged kind/scope/user/team so
/// the Find calls use the blob index instead of scanning. Distinct service URLs come from empty marker blobs
/// <c>service-urls/{base64url(serviceUrl)}/{sha256(conversationId)}</c> listed by hierarchy (one prefix per URL).
/// </summary>
internal sealed class AzureBlobInstallationStore(AzureStorageClients clients) : IInstallationStore
{
    private const string InstallationPrefix = "installations/";
    private const string ServiceUrlPrefix = "service-urls/";
    private const int MaxWriteAttempts = 10;

    private BlobContainerClient Container => clients.Container;

    public async Task UpsertAsync(Installation installation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(installation);
        await clients.EnsureCreatedAsync(cancellationToken);
        var blob = InstallationBlob(installation.ConversationId);
        Installation? previous = null;
        for (var attempt = 1; ; attempt++)
        {
            var existing = await BlobDocuments.TryReadAsync<Installation>(blob, cancellationToken);
            previous = existing?.Value;
            var document = previous is null ? installation : installation with { InstalledAt = previous.InstalledAt };
            if (await BlobDocuments.TryWriteAsync(blob, document, Tags(document), existing?.ETag, cancellationToken) is not null)
            {
                break;
            }

            if (attempt == MaxWriteAttempts)
            {
                throw new InvalidOperationException($"Installation '{installation.ConversationId}' kept changing during {MaxWriteAttempts} write attempts.");
            }
        }

        // Marker after the installation: a crash in between leaves the URL unlisted until the next upsert, never a stale one.
        await ServiceUrlMarker(installation.ServiceUrl, installation.ConversationId)
            .UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken);
        if (previous is not null && previous.ServiceUrl != installation.ServiceUrl)
        {
            await ServiceUrlMarker(previous.ServiceUrl, installation.ConversationId)
                .DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    public async Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var blob = InstallationBlob(conversationId);
        var existing = await BlobDocuments.TryReadAsync<Installation>(blob, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        var removed = await BlobDocuments.TryDeleteAsync(blob, null, cancellationToken);
        await ServiceUrlMarker(existing.Value.ServiceUrl, conversationId).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        return removed;
    }

    public async Task<Installation?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        return (await BlobDocuments.TryReadAsync<Installation>(InstallationBlob(conversationId), cancellationToken))?.Value;
    }

    public Task<Installation?> FindPersonalAsync(string userAadObjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userAadObjectId);
        return FindLatestAsync(
            $"{BlobNaming.TagEquals("kind", "installation")} AND {BlobNaming.TagEquals("scope", nameof(InstallationScope.Personal))} AND {BlobNaming.TagEquals("user", userAadObjectId)}",
            i => i.Scope == InstallationScope.Personal && i.UserAadObjectId == userAadObjectId,
            cancellationToken);
    }

    public Task<Installation?> FindTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teamId);
        return FindLatestAsync(
            $"{BlobNaming.TagEquals("kind", "installation")} AND {BlobNaming.TagEquals("scope", nameof(InstallationScope.Team))} AND {BlobNaming.TagEquals("team", teamId)}",
            i => i.Scope == InstallationScope.Team && i.TeamId == teamId,
            cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListServiceUrlsAsync(CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var urls = new List<string>();
        await foreach (var item in Container.GetBlobsByHierarchyAsync(
            new GetBlobsByHierarchyOptions { Prefix = ServiceUrlPrefix, Delimiter = "/" }, cancellationToken))
        {
            if (item.IsPrefix)
            {
                urls.Add(BlobNaming.FromBase64Url(item.Prefix[ServiceUrlPrefix.Length..^1]));
            }
        }

        urls.Sort(StringComparer.Ordinal);
        return urls;
    }

    private async Task<Installation?> FindLatestAsync(string where, Func<Installation, bool> matches, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        Installation? latest = null;
        foreach (var name in await BlobDocuments.FindAsync(Container, where, cancellationToken))
        {
            // The index is eventually consistent and values may be hashed: trust only what the blob itself says.
            var document = await BlobDocuments.TryReadAsync<Installation>(Container.GetBlobClient(name), cancellationToken);
            if (document is { Value: var candidate } && matches(candidate) && IsLater(candidate, latest))
            {
                latest = candidate;
            }
        }

        return latest;
    }

    private static bool IsLater(Installation candidate, Installation? current) =>
        current is null
        || candidate.LastSeenAt > current.LastSeenAt
        || (candidate.LastSeenAt == current.LastSeenAt && string.CompareOrdinal(candidate.ConversationId, current.ConversationId) < 0);

    private static Dictionary<string, string> Tags(Installation installation)
    {
        var tags = new Dictionary<string, string>
        {
            ["kind"] = "installation",
            ["scope"] = installation.Scope.ToString(),
        };
        if (installation.UserAadObjectId is { } user)
        {
            tags["user"] = BlobNaming.TagValue(user);
        }

        if (installation.TeamId is { } team)
        {
            tags["team"] = BlobNaming.TagValue(team);
        }

        return tags;
    }

    private BlobClient InstallationBlob(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        return Container.GetBlobClient($"{InstallationPrefix}{BlobNaming.Hash(conversationId)}.json");
    }

    private BlobClient ServiceUrlMarker(string serviceUrl, string conversationId) =>
        Container.GetBlobClient($"{ServiceUrlPrefix}{BlobNaming.ToBase64Url(serviceUrl)}/{BlobNaming.Hash(conversationId)}");
}
