using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.Features.Digest;

/// <summary>
/// Table <c>digest_sends</c>: one row per recipient, cadence and period (the primary key is what makes a second
/// instance's insert fail), the record as JSON, a version counter for conditional updates; <c>digest_schedule</c> holds
/// the scheduler's one "checked until" instant.
/// </summary>
internal sealed class SqliteDigestSendStore(SqliteDatabase database) : IDigestSendStore
{
    public async Task<bool> TryAddAsync(DigestSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO digest_sends (send_key, state, next_attempt_at, version, document)
            VALUES ($key, $state, $nextAttemptAt, 1, $document)
            ON CONFLICT (send_key) DO NOTHING
            """,
            null,
            cancellationToken,
            ("$key", send.Key),
            ("$state", send.State.ToString()),
            ("$nextAttemptAt", send.NextAttemptAt.ToTicks()),
            ("$document", JsonSerializer.Serialize(send, StorageJson.Options)));
        return inserted == 1;
    }

    public async Task<StoredDigestSend?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT document, version FROM digest_sends WHERE send_key = $key", null, ("$key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<StoredDigestSend>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT document, version FROM digest_sends
            WHERE state = 'Pending' AND next_attempt_at <= $now
            ORDER BY next_attempt_at, send_key LIMIT $max
            """,
            null,
            ("$now", now.ToTicks()),
            ("$max", max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<StoredDigestSend>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(Read(reader));
        }

        return due;
    }

    public async Task<string?> TryReplaceAsync(DigestSend send, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        var expected = long.Parse(version, CultureInfo.InvariantCulture);
        await using var connection = await database.OpenAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(
            """
            UPDATE digest_sends SET state = $state, next_attempt_at = $nextAttemptAt, version = version + 1, document = $document
            WHERE send_key = $key AND version = $version
            """,
            null,
            cancellationToken,
            ("$key", send.Key),
            ("$version", expected),
            ("$state", send.State.ToString()),
            ("$nextAttemptAt", send.NextAttemptAt.ToTicks()),
            ("$document", JsonSerializer.Serialize(send, StorageJson.Options)));
        return updated == 1 ? (expected + 1).ToString(CultureInfo.InvariantCulture) : null;
    }

    public async Task<DateTimeOffset?> GetCheckedUntilAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var value = await connection.ScalarAsync("SELECT checked_until FROM digest_schedule WHERE id = 1", null, cancellationToken);
        return value is long ticks ? SqliteCommandExtensions.FromTicks(ticks) : null;
    }

    public async Task SetCheckedUntilAsync(DateTimeOffset instant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO digest_schedule (id, checked_until) VALUES (1, $at)
            ON CONFLICT (id) DO UPDATE SET checked_until = MAX(checked_until, excluded.checked_until)
            """,
            null,
            cancellationToken,
            ("$at", instant.ToTicks()));
    }

    private static StoredDigestSend Read(SqliteDataReader reader) => new(
        JsonSerializer.Deserialize<DigestSend>(reader.GetString(0), StorageJson.Options)
            ?? throw new JsonException("A digest send row holds JSON null."),
        reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
}
