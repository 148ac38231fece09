namespace TeamsEscalationBot.Storage;

/// <summary>
/// The work queue behind the outbox. Items are added only through <see cref="IComplaintStore"/> (in the same write
/// as their complaint). Delivery is at least once: an item leased by a worker that dies becomes available again
/// when its lease expires, so handlers must be idempotent (check the complaint before acting).
/// </summary>
internal interface IOutbox
{
    /// <summary>Up to <paramref name="maxItems"/> items that are due, not failed and not leased (or whose lease expired).</summary>
    Task<IReadOnlyList<OutboxLease>> LeaseAsync(int maxItems, TimeSpan leaseTime, CancellationToken cancellationToken) =>
        LeaseAsync(maxItems, maxItems, leaseTime, cancellationToken);

    /// <summary>
    /// Up to <paramref name="maxItems"/> due items, at most <paramref name="maxPerComplaint"/> of any one complaint (its
    /// earliest due, then oldest), so that one complaint's backlog cannot fill the batch.
    /// </summary>
    Task<IReadOnlyList<OutboxLease>> LeaseAsync(int maxItems, int maxPerComplaint, TimeSpan leaseTime, CancellationToken cancellationToken);

    /// <summary>Removes the item (done). False when it was already gone.</summary>
    Task<bool> CompleteAsync(OutboxLease lease, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt and makes the item due again at <paramref name="notBefore"/>. False when the lease was lost.</summary>
    Task<bool> RescheduleAsync(OutboxLease lease, DateTimeOffset notBefore, string error, CancellationToken cancellationToken);

    /// <summary>
    /// Puts the item back, due again at <paramref name="notBefore"/>, without counting an attempt (its attempt count and
    /// last error stay as they were). False when the lease was lost.
    /// </summary>
    Task<bool> DeferAsync(OutboxLease lease, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>Dead-letters the item: never retried, kept for inspection. False when the lease was lost.</summary>
    Task<bool> FailAsync(OutboxLease lease, string reason, CancellationToken cancellationToken);

    /// <summary>The complaint's items not yet done or failed, oldest first.</summary>
    Task<IReadOnlyList<OutboxItem>> ListPendingAsync(string complaintId, CancellationToken cancellationToken);

    /// <summary>The complaint's dead-lettered items.</summary>
    Task<IReadOnlyList<FailedOutboxItem>> ListFailedAsync(string complaintId, CancellationToken cancellationToken);

    /// <summary>
    /// Finds pending items whose wake-up may have been lost and makes them deliverable again; returns how many.
    /// Only the Azure queue needs it (a crash between the blob write and the enqueue); SQLite returns 0.
    /// </summary>
    Task<int> RecoverAsync(CancellationToken cancellationToken);
}
