using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>The SQLite foundation: connection settings, schema creation and versioned, non-destructive migrations.</summary>
[TestClass]
public sealed class SqliteDatabaseTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task EnsureInitializedAsync_FolderDoesNotExist_CreatesItWithEveryMigration()
    {
        using var directory = new TestDirectory();
        var database = Open(Path.Combine(directory.Path, "nested", "deeper", "escalations.db"));

        await database.EnsureInitializedAsync(Ct);

        Assert.IsTrue(File.Exists(database.FilePath));
        await using var connection = await database.OpenAsync(Ct);
        CollectionAssert.AreEqual(
            SqliteMigrations.All.Select(m => m.Version).ToArray(),
            (await ReadVersionsAsync(connection)).ToArray());
    }

    [TestMethod]
    public async Task OpenAsync_Connection_UsesWalFullSyncForeignKeysAndBusyTimeout()
    {
        using var directory = new TestDirectory();
        var database = Open(directory.File("escalations.db"));

        await using var connection = await database.OpenAsync(Ct);

        Assert.AreEqual("wal", await connection.ScalarAsync("PRAGMA journal_mode", null, Ct));
        Assert.AreEqual(2L, await connection.ScalarAsync("PRAGMA synchronous", null, Ct), "2 = FULL");
        Assert.AreEqual(1L, await connection.ScalarAsync("PRAGMA foreign_keys", null, Ct));
        Assert.AreEqual(10000L, await connection.ScalarAsync("PRAGMA busy_timeout", null, Ct));
    }

    [TestMethod]
    public async Task EnsureInitializedAsync_DatabaseNewerThanThisBuild_RefusesWithClearMessage()
    {
        using var directory = new TestDirectory();
        var path = directory.File("escalations.db");
        await Open(path).EnsureInitializedAsync(Ct);
        await ExecuteRawAsync(path, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', '2030-01-01')");

        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => Open(path).EnsureInitializedAsync(Ct));

        StringAssert.Contains(error.Message, "schema version 999");
        StringAssert.Contains(error.Message, $"versions up to {SqliteMigrations.LatestVersion}");
        StringAssert.Contains(error.Message, "Storage:SqlitePath");
    }

    [TestMethod]
    public async Task EnsureInitializedAsync_DatabaseFromAnOlderBuild_MigratesForwardKeepingData()
    {
        using var directory = new TestDirectory();
        var path = directory.File("escalations.db");
        var first = SqliteMigrations.All[0];
        await ExecuteRawAsync(
            path,
            [
                "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                .. first.Statements,
                $"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({first.Version}, 'installations', '2026-01-01')",
                "INSERT INTO installations (conversation_id, service_url, tenant_id, scope, bot_id, installed_at, last_seen_at) VALUES ('a:1', 'https://smba.example/', 't', 'Personal', 'b', 0, 0)",
            ]);

        var database = Open(path);
        await database.EnsureInitializedAsync(Ct);

        await using var connection = await database.OpenAsync(Ct);
        Assert.AreEqual(SqliteMigrations.LatestVersion, (await ReadVersionsAsync(connection)).Max());
        Assert.AreEqual(1L, await connection.ScalarAsync("SELECT COUNT(*) FROM installations", null, Ct));
        Assert.AreEqual(0L, await connection.ScalarAsync("SELECT COUNT(*) FROM complaints", null, Ct));
    }

    [TestMethod]
    public async Task EnsureInitializedAsync_ManyInstancesAtOnce_AppliesEachMigrationOnce()
    {
        using var directory = new TestDirectory();
        var path = directory.File("escalations.db");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Open(path).EnsureInitializedAsync(Ct), Ct)));

        await using var connection = await Open(path).OpenAsync(Ct);
        Assert.HasCount(SqliteMigrations.All.Count, await ReadVersionsAsync(connection));
    }

    private static SqliteDatabase Open(string path) => new(path, TimeProvider.System, NullLogger<SqliteDatabase>.Instance);

    private async Task<List<long>> ReadVersionsAsync(SqliteConnection connection)
    {
        await using var command = connection.Command("SELECT version FROM schema_migrations ORDER BY version", null);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var versions = new List<long>();
        while (await reader.ReadAsync(Ct))
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions;
    }

    private async Task ExecuteRawAsync(string path, params string[] statements)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(Ct);
        foreach (var statement in statements)
        {
            await connection.ExecuteAsync(statement, null, Ct);
        }
    }
}
