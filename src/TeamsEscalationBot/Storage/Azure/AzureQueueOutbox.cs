using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Storage.Azure;

/// <summary>
/// The outbox on Azure: items live in their complaint blob (see <see cref="ComplaintDocument"/>); a queue message per
/// item wakes a worker on any instance. A worker receiving a message claims the item by writing a lease (token and
/// expiry) into the blob with If-Match, so duplicate messages cannot hand one item to two workers at once.
/// Completing removes the item from the blob, then deletes the message. <see cref="RecoverAsync"/> re-sends messages
/// for items that waited too long without one (a crash between the blob write and the enqueue).
/// </summary>
internal sealed class AzureQueueOutbox(ComplaintBlobs blobs, OutboxQueue queue, IOptions<StorageOptions> options, TimeProvider timeProvider) : IOutbox
{
    private const int MaxClaimAttempts = 5;

    /// <summary>A message of a complaint that already has its share of the batch comes back after this.</summary>
    private static readonly TimeSpan BusyComplaintDelay = TimeSpan.FromSeconds(1);

    public Task<IReadOnlyList<OutboxLease>> LeaseAsync(int maxItems, TimeSpan leaseTime, CancellationToken cancellationToken) =>
        LeaseAsync(maxItems, maxItems, leaseTime, cancellationToken);

    public async Task<IReadOnlyList<OutboxLease>> LeaseAsync(int maxItems, int maxPerComplaint, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerComplaint, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseTime, TimeSpan.Zero);
        await blobs.EnsureCreatedAsync(cancellationToken);
        var leases = new List<OutboxLease>();
        var perComplaint = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var received in await queue.ReceiveAsync(maxItems, leaseTime, cancellationToken))
        {
            if (OutboxQueue.Parse(received.MessageText) is not { } message)
            {
                await queue.DeleteAsync(received.MessageId, received.PopReceipt, cancellationToken);
                continue;
            }

            var taken = perComplaint.GetValueOrDefault(message.ComplaintId);
            if (taken >= maxPerComplaint)
            {
                // Its complaint has its share of this batch: the message comes back soon for a later one.
                await queue.HideAsync(message, received.MessageId, received.PopReceipt, BusyComplaintDelay, cancellationToken);
                continue;
            }

            if (await TryClaimAsync(message, received, leaseTime, cancellationToken) is { } lease)
            {
                leases.Add(lease);
                perComplaint[message.ComplaintId] = taken + 1;
            }
        }

        return [.. leases.OrderBy(l => l.Item.NotBefore).ThenBy(l => l.Item.Id, StringComparer.Ordinal)];
    }

    public async Task<bool> CompleteAsync(OutboxLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var token = LeaseToken.Parse(lease.Token);
        var itemId = lease.Item.Id;
        var written = await blobs.MutateAsync(
            lease.Item.ComplaintId,
            document => document.Outbox.Any(i => i.Id == itemId)
                ? document with { Outbox = [.. document.Outbox.Where(i => i.Id != itemId)] }
                : null,
            cancellationToken);
        await queue.DeleteAsync(token.MessageId, token.PopReceipt, cancellationToken);
        return written is not null;
    }

    public Task<bool> RescheduleAsync(OutboxLease lease, DateTimeOffset notBefore, string error, CancellationToken cancellationToken) =>
        PutBackAsync(lease, notBefore, item => item with { Attempt = item.Attempt + 1, LastError = error }, cancellationToken);

    public Task<bool> DeferAsync(OutboxLease lease, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        PutBackAsync(lease, notBefore, item => item, cancellationToken);

    /// <summary>
    /// Releases a leased item until <paramref name="notBefore"/> (after <paramref name="change"/>, e.g. one more attempt
    /// counted) and hides its queue message until then; false when the lease was lost meanwhile.
    /// </summary>
    private async Task<bool> PutBackAsync(
        OutboxLease lease, DateTimeOffset notBefore, Func<StoredOutboxItem, StoredOutboxItem> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var token = LeaseToken.Parse(lease.Token);
        var now = timeProvider.GetUtcNow();
        var written = await blobs.MutateAsync(
            lease.Item.ComplaintId,
            document => ReplaceLeased(document, lease.Item.Id, token.Lease, item => change(item) with
            {
                NotBefore = notBefore,
                LeaseToken = null,
                LeaseUntil = null,
                EnqueuedAt = now,
            }),
            cancellationToken);
        if (written is null)
        {
            return false;
        }

        await queue.HideAsync(new OutboxMessage(lease.Item.ComplaintId, lease.Item.Id), token.MessageId, token.PopReceipt, notBefore - now, cancellationToken);
        return true;
    }

    public async Task<bool> FailAsync(OutboxLease lease, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var token = LeaseToken.Parse(lease.Token);
        var now = timeProvider.GetUtcNow();
        var itemId = lease.Item.Id;
        var written = await blobs.MutateAsync(
            lease.Item.ComplaintId,
            document => document.Outbox.FirstOrDefault(i => i.Id == itemId) is { } item && item.LeaseToken == token.Lease
                ? document with
                {
                    Outbox = [.. document.Outbox.Where(i => i.Id != itemId)],
                    Failed =
                    [
                        .. document.Failed,
                        item with { Attempt = item.Attempt + 1, LeaseToken = null, LeaseUntil = null, FailedAt = now, FailureReason = reason },
                    ],
                }
                : null,
            cancellationToken);
        if (written is null)
        {
            return false;
        }

        await queue.DeleteAsync(token.MessageId, token.PopReceipt, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<OutboxItem>> ListPendingAsync(string complaintId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaintId);
        await blobs.EnsureCreatedAsync(cancellationToken);
        var document = await blobs.ReadAsync(complaintId, cancellationToken);
        return document is null
            ? []
            : [.. document.Value.Outbox.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).Select(i => i.ToItem(complaintId))];
    }

    public async Task<IReadOnlyList<FailedOutboxItem>> ListFailedAsync(string complaintId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaintId);
        await blobs.EnsureCreatedAsync(cancellationToken);
        var document = await blobs.ReadAsync(complaintId, cancellationToken);
        return document is null
            ? []
            :
            [
                .. document.Value.Failed
                    .OrderBy(i => i.FailedAt).ThenBy(i => i.Id, StringComparer.Ordinal)
                    .Select(i => new FailedOutboxItem(i.ToItem(complaintId), i.FailureReason ?? string.Empty, i.FailedAt ?? i.CreatedAt)),
            ];
    }

    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        await blobs.EnsureCreatedAsync(cancellationToken);
        var where = $"{BlobNaming.TagEquals("kind", "complaint")} AND {BlobNaming.TagEquals("outbox", "pending")}";
        var recovered = 0;
        foreach (var name in await BlobDocuments.FindAsync(blobs.Container, where, cancellationToken))
        {
            if (name.StartsWith(ComplaintBlobs.ComplaintPrefix, StringComparison.Ordinal))
            {
                recovered += await RecoverComplaintAsync(name[ComplaintBlobs.ComplaintPrefix.Length..], cancellationToken);
            }
        }

        return recovered;
    }

    private async Task<int> RecoverComplaintAsync(string complaintId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var staleBefore = now - options.Value.Outbox.SweepAfter;
        List<StoredOutboxItem> stale = [];
        var written = await blobs.MutateAsync(
            complaintId,
            document =>
            {
                stale = [.. document.Outbox.Where(i => i.NotBefore <= now && !i.IsLeasedAt(now) && i.EnqueuedAt <= staleBefore)];
                return stale.Count == 0
                    ? null
                    : document with { Outbox = [.. document.Outbox.Select(i => stale.Any(s => s.Id == i.Id) ? i with { EnqueuedAt = now } : i)] };
            },
            cancellationToken);
        if (written is null)
        {
            return 0;
        }

        await blobs.EnqueueAsync(complaintId, stale, now, cancellationToken);
        return stale.Count;
    }

    private async Task<OutboxLease?> TryClaimAsync(OutboxMessage message, QueueMessage received, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var now = timeProvider.GetUtcNow();
            var document = await blobs.ReadAsync(message.ComplaintId, cancellationToken);
            var item = document?.Value.Outbox.FirstOrDefault(i => i.Id == message.ItemId);
            if (document is null || item is null)
            {
                // Done, failed, or never written (a create that did not complete): nothing to wake up for.
                await queue.DeleteAsync(received.MessageId, received.PopReceipt, cancellationToken);
                return null;
            }

            var wakeAt = item.IsLeasedAt(now) && item.LeaseUntil > item.NotBefore ? item.LeaseUntil.Value : item.NotBefore;
            if (wakeAt > now)
            {
                await queue.HideAsync(message, received.MessageId, received.PopReceipt, wakeAt - now, cancellationToken);
                return null;
            }

            var lease = Guid.NewGuid().ToString("N");
            var until = now + leaseTime;
            var leased = document.Value with
            {
                Outbox = [.. document.Value.Outbox.Select(i => i.Id == item.Id ? i with { LeaseToken = lease, LeaseUntil = until } : i)],
            };
            if (await blobs.TryWriteAsync(leased, document.ETag, cancellationToken) is not null)
            {
                var token = new LeaseToken(lease, received.MessageId, received.PopReceipt);
                return new OutboxLease(item.ToItem(message.ComplaintId), token.ToString(), until);
            }
        }

        // Contended: the message becomes visible again after its receive timeout and is tried then.
        return null;
    }

    private static ComplaintDocument? ReplaceLeased(
        ComplaintDocument document, string itemId, string leaseToken, Func<StoredOutboxItem, StoredOutboxItem> change) =>
        document.Outbox.FirstOrDefault(i => i.Id == itemId) is { } item && item.LeaseToken == leaseToken
            ? document with { Outbox = [.. document.Outbox.Select(i => i.Id == itemId ? change(i) : i)] }
            : null;

    /// <summary>What an Azure lease token carries: the blob lease and the queue message to delete or hide.</summary>
    private sealed record LeaseToken(string Lease, string MessageId, string PopReceipt)
    {
        public override string ToString() => $"{Lease}|{MessageId}|{PopReceipt}";

        public static LeaseToken Parse(string token)
        {
            var parts = token.Split('|', 3);
            return parts.Length == 3
                ? new LeaseToken(parts[0], parts[1], parts[2])
                : throw new ArgumentException("Not a lease token of the Azure outbox.", nameof(token));
        }
    }
}
