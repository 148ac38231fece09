using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>The process's one SQLite writer: writes committed together, each on its own if it fails, answered only once durable.</summary>
[TestClass]
public sealed class SqliteWriterTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task WriteAsync_ManyConcurrentWriters_EveryWriteCommittedOnce()
    {
        using var directory = new TestDirectory();
        await using var database = await OpenWithTableAsync(directory);

        var writes = Enumerable.Range(0, 500).Select(i => database.ExecuteWriteAsync(
            "INSERT INTO items (id, value) VALUES ($id, $value)", Ct, ("$id", i), ("$value", $"v{i}")));
        var changed = await Task.WhenAll(writes);

        Assert.IsTrue(changed.All(c => c == 1));
        Assert.AreEqual(500L, await CountAsync(database.FilePath));
    }

    [TestMethod]
    public async Task WriteAsync_OneWriteOfABatchThrows_OnlyItsChangesAreRolledBack()
    {
        using var directory = new TestDirectory();
        await using var database = await OpenWithTableAsync(directory);
        using var gate = new SemaphoreSlim(0);

        // The first write holds the writer until the others are queued, so those three share the next batch.
        var first = database.WriteAsync(
            async (connection, transaction, token) =>
            {
                await gate.WaitAsync(token);
                return await connection.ExecuteAsync("INSERT INTO items (id, value) VALUES (1, 'a')", transaction, token);
            },
            Ct);
        var failing = database.WriteAsync<int>(
            async (connection, transaction, token) =>
            {
                await connection.ExecuteAsync("INSERT INTO items (id, value) VALUES (2, 'b')", transaction, token);
                throw new InvalidOperationException("refused");
            },
            Ct);
        var duplicate = database.ExecuteWriteAsync("INSERT INTO items (id, value) VALUES (1, 'again')", Ct);
        var last = database.ExecuteWriteAsync("INSERT INTO items (id, value) VALUES (3, 'c')", Ct);
        gate.Release();

        Assert.AreEqual(1, await first);
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => failing);
        await Assert.ThrowsExactlyAsync<SqliteException>(() => duplicate);
        Assert.AreEqual(1, await last);
        Assert.AreEqual(2L, await CountAsync(database.FilePath), "rows 1 and 3 only");
    }

    [TestMethod]
    public async Task WriteAsync_CancelledBeforeItRuns_IsNotWritten()
    {
        using var directory = new TestDirectory();
        await using var database = await OpenWithTableAsync(directory);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            database.ExecuteWriteAsync("INSERT INTO items (id, value) VALUES (1, 'a')", cancelled.Token));

        Assert.AreEqual(0L, await CountAsync(database.FilePath));
    }

    [TestMethod]
    public async Task WriteAsync_AfterDispose_Refuses()
    {
        using var directory = new TestDirectory();
        var database = await OpenWithTableAsync(directory);
        await database.DisposeAsync();

        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => database.ExecuteWriteAsync("INSERT INTO items (id, value) VALUES (1, 'a')", Ct));
    }

    private async Task<SqliteDatabase> OpenWithTableAsync(TestDirectory directory)
    {
        var database = new SqliteDatabase(directory.File("writer.db"), TimeProvider.System, NullLogger<SqliteDatabase>.Instance);
        await database.ExecuteWriteAsync("CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, value TEXT NOT NULL)", Ct);
        return database;
    }

    private async Task<long> CountAsync(string path)
    {
        // A connection of its own: what another process would read from the file.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        return (long)(await connection.ScalarAsync("SELECT COUNT(*) FROM items", null, Ct))!;
    }
}
