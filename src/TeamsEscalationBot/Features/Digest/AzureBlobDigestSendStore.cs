using Azure;
using Azure.Storage.Blobs;
using TeamsEscalationBot.Storage.Azure;

namespace TeamsEscalationBot.Features.Digest;

/// <summary>
/// One JSON blob per send, <c>digests/sends/{sha256(key)}.json</c>, created with If-None-Match * (the unique insert)
/// and replaced with If-Match on its ETag; tagged kind/state so pending sends are found through the blob index. The
/// scheduler's "checked until" is <c>digests/schedule.json</c>.
/// </summary>
internal sealed class AzureBlobDigestSendStore(AzureStorageClients clients) : IDigestSendStore
{
    private const string Kind = "digest-send";
    private const int MaxWriteAttempts = 10;

    public async Task<bool> TryAddAsync(DigestSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        await clients.EnsureCreatedAsync(cancellationToken);
        return await BlobDocuments.TryWriteAsync(Blob(send.Key), send, Tags(send), null, cancellationToken) is not null;
    }

    public async Task<StoredDigestSend?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        return await ReadAsync(Blob(key), cancellationToken);
    }

    public async Task<IReadOnlyList<StoredDigestSend>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var due = new List<StoredDigestSend>();
        var where = $"{BlobNaming.TagEquals("kind", Kind)} AND {BlobNaming.TagEquals("state", nameof(DigestSendState.Pending))}";
        foreach (var name in await BlobDocuments.FindAsync(clients.Container, where, cancellationToken))
        {
            // The index is eventually consistent: trust only what the blob itself says.
            if (await ReadAsync(clients.Container.GetBlobClient(name), cancellationToken) is { } stored
                && stored.Send.State == DigestSendState.Pending && stored.Send.NextAttemptAt <= now)
            {
                due.Add(stored);
            }
        }

        return [.. due.OrderBy(s => s.Send.NextAttemptAt).ThenBy(s => s.Send.Key, StringComparer.Ordinal).Take(max)];
    }

    public async Task<string?> TryReplaceAsync(DigestSend send, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        await clients.EnsureCreatedAsync(cancellationToken);
        var etag = await BlobDocuments.TryWriteAsync(Blob(send.Key), send, Tags(send), new ETag(version), cancellationToken);
        return etag?.ToString();
    }

    public async Task<DateTimeOffset?> GetCheckedUntilAsync(CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        return (await BlobDocuments.TryReadAsync<ScheduleDocument>(ScheduleBlob, cancellationToken))?.Value.CheckedUntil;
    }

    public async Task SetCheckedUntilAsync(DateTimeOffset instant, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var tags = new Dictionary<string, string> { ["kind"] = "digest-schedule" };
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            var existing = await BlobDocuments.TryReadAsync<ScheduleDocument>(ScheduleBlob, cancellationToken);
            if (existing is not null && existing.Value.CheckedUntil >= instant)
            {
                return;
            }

            if (await BlobDocuments.TryWriteAsync(ScheduleBlob, new ScheduleDocument(instant), tags, existing?.ETag, cancellationToken) is not null)
            {
                return;
            }
        }
    }

    private BlobClient ScheduleBlob => clients.Container.GetBlobClient("digests/schedule.json");

    private BlobClient Blob(string key) => clients.Container.GetBlobClient($"digests/sends/{BlobNaming.Hash(key)}.json");

    private static async Task<StoredDigestSend?> ReadAsync(BlobClient blob, CancellationToken cancellationToken) =>
        await BlobDocuments.TryReadAsync<DigestSend>(blob, cancellationToken) is { } document
            ? new StoredDigestSend(document.Value, document.ETag.ToString())
            : null;

    private static Dictionary<string, string> Tags(DigestSend send) => new()
    {
        ["kind"] = Kind,
        ["state"] = send.State.ToString(),
        ["recipient"] = BlobNaming.TagValue(send.RecipientAadObjectId),
    };

    private sealed record ScheduleDocument(DateTimeOffset CheckedUntil);
}
