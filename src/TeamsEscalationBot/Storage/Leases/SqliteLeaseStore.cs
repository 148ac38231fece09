using Microsoft.Data.Sqlite;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.Storage.Leases;

/// <summary>
/// Leases as rows of the <c>leases</c> table in the shared SQLite database, with times from the <see cref="TimeProvider"/>.
/// An acquisition reads and writes the row in one <c>BEGIN IMMEDIATE</c> transaction, so two processes cannot both win.
/// </summary>
internal sealed class SqliteLeaseStore(SqliteDatabase database, TimeProvider timeProvider) : ILeaseStore
{
    public async Task<LeaseClaim> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        var now = timeProvider.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        string? current = null;
        var expired = true;
        await using (var read = connection.Command("SELECT holder, expires_at FROM leases WHERE name = $name", transaction, ("$name", name)))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                current = reader.GetString(0);
                expired = reader.GetInt64(1) <= now.ToTicks();
            }
        }

        var mine = string.Equals(current, holder, StringComparison.Ordinal);
        if (current is not null && !mine && !expired)
        {
            return LeaseClaim.Refused;
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES ($name, $holder, $now, $until)
            ON CONFLICT (name) DO UPDATE SET
                holder = excluded.holder,
                acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END,
                expires_at = excluded.expires_at
            """,
            transaction,
            cancellationToken,
            ("$name", name),
            ("$holder", holder),
            ("$now", now.ToTicks()),
            ("$until", (now + duration).ToTicks()));
        await transaction.CommitAsync(cancellationToken);
        return new LeaseClaim(true, current is not null && !mine ? current : null);
    }

    public async Task<bool> RenewAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        // Like a blob lease: its holder may renew it even after it ran out, as long as nobody else has taken it since.
        var now = timeProvider.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE leases SET expires_at = $until WHERE name = $name AND holder = $holder",
            null,
            cancellationToken,
            ("$name", name),
            ("$holder", holder),
            ("$until", (now + duration).ToTicks())) == 1;
    }

    public async Task<bool> ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "DELETE FROM leases WHERE name = $name AND holder = $holder",
            null,
            cancellationToken,
            ("$name", name),
            ("$holder", holder)) == 1;
    }
}
