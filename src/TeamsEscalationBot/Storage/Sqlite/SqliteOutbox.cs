using Microsoft.Data.Sqlite;

namespace TeamsEscalationBot.Storage.Sqlite;

/// <summary>
/// The <c>outbox</c> table. A lease is a token and an expiry written on the row; completing deletes the row;
/// failing keeps it with <c>failed_at</c> set (dead letter). No sweeper is needed: an expired lease is simply leasable.
/// </summary>
internal sealed class SqliteOutbox(SqliteDatabase database, TimeProvider timeProvider) : IOutbox
{
    private const string ItemColumns = "id, kind, complaint_id, payload, not_before, attempt, last_error";

    public static async Task InsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<OutboxItem> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            await connection.ExecuteAsync(
                $"INSERT INTO outbox ({ItemColumns}, created_at) VALUES ($id, $kind, $complaintId, $payload, $notBefore, $attempt, $lastError, $createdAt)",
                transaction,
                cancellationToken,
                ("$id", item.Id),
                ("$kind", item.Kind),
                ("$complaintId", item.ComplaintId),
                ("$payload", item.PayloadJson),
                ("$notBefore", item.NotBefore.ToTicks()),
                ("$attempt", item.Attempt),
                ("$lastError", item.LastError),
                ("$createdAt", now.ToTicks()));
        }
    }

    public Task<IReadOnlyList<OutboxLease>> LeaseAsync(int maxItems, TimeSpan leaseTime, CancellationToken cancellationToken) =>
        LeaseAsync(maxItems, maxItems, leaseTime, cancellationToken);

    public async Task<IReadOnlyList<OutboxLease>> LeaseAsync(int maxItems, int maxPerComplaint, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerComplaint, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseTime, TimeSpan.Zero);
        var now = timeProvider.GetUtcNow();
        var token = Guid.NewGuid().ToString("N");
        var until = now + leaseTime;
        var leases = await database.WriteAsync(
            (connection, transaction, writeToken) => LeaseRowsAsync(connection, transaction, maxItems, maxPerComplaint, token, now, until, writeToken),
            cancellationToken);
        return [.. leases.OrderBy(l => l.Item.NotBefore).ThenBy(l => l.Item.Id, StringComparer.Ordinal)];
    }

    /// <summary>The lease itself, inside the writer's transaction: due items, at most <paramref name="maxPerComplaint"/> of one complaint.</summary>
    private static async Task<List<OutboxLease>> LeaseRowsAsync(
        SqliteConnection connection, SqliteTransaction transaction, int maxItems, int maxPerComplaint, string token,
        DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            $"""
            UPDATE outbox SET lease_token = $token, lease_until = $until
            WHERE id IN (
                SELECT id FROM (
                    SELECT id, not_before, ROW_NUMBER() OVER (PARTITION BY complaint_id ORDER BY not_before, id) AS place
                    FROM outbox
                    WHERE failed_at IS NULL AND not_before <= $now AND (lease_until IS NULL OR lease_until <= $now))
                WHERE place <= $perComplaint
                ORDER BY not_before, id
                LIMIT $max)
            RETURNING {ItemColumns}
            """,
            transaction,
            ("$perComplaint", maxPerComplaint),
            ("$token", token),
            ("$until", until.ToTicks()),
            ("$now", now.ToTicks()),
            ("$max", maxItems));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var read = new List<OutboxLease>();
        while (await reader.ReadAsync(cancellationToken))
        {
            read.Add(new OutboxLease(ReadItem(reader), token, until));
        }

        return read;
    }

    public async Task<bool> CompleteAsync(OutboxLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        // Done is done: delete even if the lease expired meanwhile, so no one repeats the work.
        return await database.ExecuteWriteAsync(
            "DELETE FROM outbox WHERE id = $id AND failed_at IS NULL", cancellationToken, ("$id", lease.Item.Id)) == 1;
    }

    public async Task<bool> RescheduleAsync(OutboxLease lease, DateTimeOffset notBefore, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return await database.ExecuteWriteAsync(
            """
            UPDATE outbox SET not_before = $notBefore, attempt = attempt + 1, last_error = $error, lease_token = NULL, lease_until = NULL
            WHERE id = $id AND lease_token = $token AND failed_at IS NULL
            """,
            cancellationToken,
            ("$id", lease.Item.Id),
            ("$token", lease.Token),
            ("$notBefore", notBefore.ToTicks()),
            ("$error", error)) == 1;
    }

    public async Task<bool> DeferAsync(OutboxLease lease, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return await database.ExecuteWriteAsync(
            """
            UPDATE outbox SET not_before = $notBefore, lease_token = NULL, lease_until = NULL
            WHERE id = $id AND lease_token = $token AND failed_at IS NULL
            """,
            cancellationToken,
            ("$id", lease.Item.Id),
            ("$token", lease.Token),
            ("$notBefore", notBefore.ToTicks())) == 1;
    }

    public async Task<bool> FailAsync(OutboxLease lease, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return await database.ExecuteWriteAsync(
            """
            UPDATE outbox SET failed_at = $now, failure_reason = $reason, attempt = attempt + 1, lease_token = NULL, lease_until = NULL
            WHERE id = $id AND lease_token = $token AND failed_at IS NULL
            """,
            cancellationToken,
            ("$id", lease.Item.Id),
            ("$token", lease.Token),
            ("$now", timeProvider.GetUtcNow().ToTicks()),
            ("$reason", reason)) == 1;
    }

    public async Task<IReadOnlyList<OutboxItem>> ListPendingAsync(string complaintId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaintId);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {ItemColumns} FROM outbox WHERE complaint_id = $complaintId AND failed_at IS NULL ORDER BY created_at, id",
            null,
            ("$complaintId", complaintId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<OutboxItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadItem(reader));
        }

        return items;
    }

    public async Task<IReadOnlyList<FailedOutboxItem>> ListFailedAsync(string complaintId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaintId);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {ItemColumns}, failure_reason, failed_at FROM outbox WHERE complaint_id = $complaintId AND failed_at IS NOT NULL ORDER BY failed_at, id",
            null,
            ("$complaintId", complaintId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<FailedOutboxItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new FailedOutboxItem(ReadItem(reader), reader.GetString(7), SqliteCommandExtensions.FromTicks(reader.GetInt64(8))));
        }

        return items;
    }

    public Task<int> RecoverAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    private static OutboxItem ReadItem(SqliteDataReader reader) =>
        new(
            Id: reader.GetString(0),
            Kind: reader.GetString(1),
            ComplaintId: reader.GetString(2),
            PayloadJson: reader.GetString(3),
            NotBefore: SqliteCommandExtensions.FromTicks(reader.GetInt64(4)),
            Attempt: reader.GetInt32(5))
        {
            LastError = reader.GetNullableString(6),
        };
}
