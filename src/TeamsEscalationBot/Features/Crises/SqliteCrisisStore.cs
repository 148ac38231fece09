using System.Globalization;
using System.Text.Json;
using TeamsEscalationBot.Domain.Crises;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.Features.Crises;

/// <summary>Tables <c>crisis_detector</c> (one row) and <c>crises</c>: JSON bodies, replaced only at the version read.</summary>
internal sealed class SqliteCrisisStore(SqliteDatabase database, TimeProvider time) : ICrisisStore
{
    public Task<Versioned<CrisisDetectorSnapshot>?> ReadDetectorAsync(CancellationToken cancellationToken) =>
        ReadVersionedAsync<CrisisDetectorSnapshot>("SELECT version, body FROM crisis_detector WHERE id = 1", cancellationToken);

    public async Task<string?> TryWriteDetectorAsync(CrisisDetectorSnapshot snapshot, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var body = JsonSerializer.Serialize(snapshot, StorageJson.Options);
        await using var connection = await database.OpenAsync(cancellationToken);
        if (expectedVersion is null)
        {
            var created = await connection.ExecuteAsync(
                "INSERT INTO crisis_detector (id, version, body) VALUES (1, 1, $body) ON CONFLICT (id) DO NOTHING", null, cancellationToken, ("$body", body));
            return created == 1 ? Version(1) : null;
        }

        var expected = long.Parse(expectedVersion, CultureInfo.InvariantCulture);
        var updated = await connection.ExecuteAsync(
            "UPDATE crisis_detector SET version = $next, body = $body WHERE id = 1 AND version = $expected",
            null,
            cancellationToken,
            ("$next", expected + 1),
            ("$body", body),
            ("$expected", expected));
        return updated == 1 ? Version(expected + 1) : null;
    }

    public Task<Versioned<CrisisRecord>?> GetAsync(string crisisId, CancellationToken cancellationToken) =>
        ReadVersionedAsync<CrisisRecord>("SELECT version, body FROM crises WHERE id = $id", cancellationToken, ("$id", crisisId));

    public async Task<string?> TryWriteAsync(CrisisRecord record, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var body = JsonSerializer.Serialize(record, StorageJson.Options);
        await using var connection = await database.OpenAsync(cancellationToken);
        if (expectedVersion is null)
        {
            var created = await connection.ExecuteAsync(
                """
                INSERT INTO crises (id, state, opened_at, updated_at, version, body) VALUES ($id, $state, $openedAt, $updatedAt, 1, $body)
                ON CONFLICT (id) DO NOTHING
                """,
                null,
                cancellationToken,
                ("$id", record.Id),
                ("$state", record.Crisis.State.ToString()),
                ("$openedAt", record.Crisis.OpenedAt.ToTicks()),
                ("$updatedAt", time.GetUtcNow().ToTicks()),
                ("$body", body));
            return created == 1 ? Version(1) : null;
        }

        var expected = long.Parse(expectedVersion, CultureInfo.InvariantCulture);
        var updated = await connection.ExecuteAsync(
            """
            UPDATE crises SET state = $state, updated_at = $updatedAt, version = $next, body = $body
            WHERE id = $id AND version = $expected
            """,
            null,
            cancellationToken,
            ("$id", record.Id),
            ("$state", record.Crisis.State.ToString()),
            ("$updatedAt", time.GetUtcNow().ToTicks()),
            ("$next", expected + 1),
            ("$body", body),
            ("$expected", expected));
        return updated == 1 ? Version(expected + 1) : null;
    }

    /// <summary>The one row <paramref name="sql"/> selects (<c>version, body</c>) with its version; null when there is none.</summary>
    private async Task<Versioned<T>?> ReadVersionedAsync<T>(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql, null, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Versioned<T>(Read<T>(reader.GetString(1)), Version(reader.GetInt64(0)))
            : null;
    }

    private static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, StorageJson.Options) ?? throw new JsonException("A stored crisis document is JSON null.");

    private static string Version(long version) => version.ToString(CultureInfo.InvariantCulture);
}
