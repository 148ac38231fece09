using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace TeamsEscalationBot.Storage.Sqlite;

/// <summary>
/// One SQLite database file: opens connections with the durability settings every store relies on and
/// creates/migrates the schema once, on first use (the <see cref="StorageInitializer"/> forces that at start). Writes
/// of this process go through one <see cref="SqliteWriter"/> (group commit); reads open pooled connections of their own.
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    private readonly string connectionString;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly AsyncOnce initialization;
    private readonly SqliteWriter writer;
    private readonly string connectionSettings;

    public SqliteDatabase(string filePath, TimeProvider timeProvider, ILogger<SqliteDatabase> logger, int? maxSizeMegabytes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        FilePath = Path.GetFullPath(filePath);
        this.timeProvider = timeProvider;
        this.logger = logger;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        // SQLite counts the cap in pages; 4 KiB is the page size this build creates databases with. Without a cap the
        // largest count is set all the same: a pooled connection keeps the cap another host in this process gave it.
        connectionSettings = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON" +
            string.Create(CultureInfo.InvariantCulture, $"; PRAGMA max_page_count = {(maxSizeMegabytes is { } megabytes ? (long)megabytes * 256 : uint.MaxValue - 1)}");
        initialization = new AsyncOnce(InitializeAsync);
        writer = new SqliteWriter(OpenAsync);
    }

    public string FilePath { get; }

    /// <summary>An open connection (the caller disposes it) on an initialised database.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await OpenConnectionAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside a transaction (IMMEDIATE, shared with other writes of this process, each in a
    /// savepoint of its own) and completes once it is committed. The work must only use the connection and transaction
    /// it is given, must not commit them, and should not wait for anything but the database: the next writers wait for it.
    /// An exception it throws rolls back its own changes only and is rethrown to the caller.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        writer.WriteAsync(work, cancellationToken);

    /// <summary>One statement through <see cref="WriteAsync"/>; returns the rows it changed.</summary>
    public Task<int> ExecuteWriteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        writer.WriteAsync((connection, transaction, token) => connection.ExecuteAsync(sql, transaction, token, parameters), cancellationToken);

    public ValueTask DisposeAsync() => writer.DisposeAsync();

    public void Dispose() => writer.Dispose();

    public Task EnsureInitializedAsync(CancellationToken cancellationToken) => initialization.EnsureAsync(cancellationToken);

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        var journalMode = Convert.ToString(await connection.ScalarAsync("PRAGMA journal_mode = WAL", null, cancellationToken), CultureInfo.InvariantCulture);
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite refused write-ahead logging for '{FilePath}' (journal mode '{journalMode}'). Put Storage:SqlitePath on a local disk.");
        }

        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            null,
            cancellationToken);
        var current = await CurrentVersionAsync(connection, null, cancellationToken);
        if (current > SqliteMigrations.LatestVersion)
        {
            throw new InvalidOperationException(
                $"The SQLite database '{FilePath}' has schema version {current}, but this build only knows versions up to " +
                $"{SqliteMigrations.LatestVersion}. Refusing to start: run a newer build, or point Storage:SqlitePath at another file.");
        }

        foreach (var migration in SqliteMigrations.All.Where(m => m.Version > current))
        {
            await ApplyAsync(connection, migration, cancellationToken);
        }
    }

    private async Task ApplyAsync(SqliteConnection connection, SqliteMigration migration, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE takes the write lock first, so two processes starting together apply each migration once.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (await CurrentVersionAsync(connection, transaction, cancellationToken) >= migration.Version)
        {
            return;
        }

        foreach (var statement in migration.Statements)
        {
            await connection.ExecuteAsync(statement, transaction, cancellationToken);
        }

        if (migration.Backfill is { } backfill)
        {
            await backfill(connection, transaction, cancellationToken);
        }

        await connection.ExecuteAsync(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $appliedAt)",
            transaction,
            cancellationToken,
            ("$version", migration.Version),
            ("$name", migration.Name),
            ("$appliedAt", timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        await transaction.CommitAsync(cancellationToken);
        StorageLog.SqliteMigrationApplied(logger, migration.Version, migration.Name, FilePath);
    }

    private static async Task<long> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        Convert.ToInt64(
            await connection.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", transaction, cancellationToken),
            CultureInfo.InvariantCulture);

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Per-connection settings: FULL syncs the WAL on every commit (an acknowledged write survives power loss).
            await connection.ExecuteAsync(connectionSettings, null, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
