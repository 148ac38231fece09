using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace TeamsEscalationBot.Storage.Sqlite;

/// <summary>
/// The one writer of a database file in this process, with group commit. Writers queue their work; one loop takes
/// what is queued (up to <see cref="MaxBatch"/>), runs each piece inside its own savepoint of one IMMEDIATE transaction
/// and commits them together: one sync to disk for the batch instead of one per write, and no writer ever sleeps in
/// SQLite's busy handler waiting for another writer of this process (that sleep, up to 100 ms a try, was what made the
/// slowest writes slow). A piece that throws is rolled back to its savepoint alone; the others still commit. Nobody is
/// answered before the commit that made their write durable. Other processes on the same file still wait on
/// <c>busy_timeout</c>, as before.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable, IDisposable
{
    /// <summary>Enough to absorb a burst of concurrent requests in one commit, small enough to keep a batch short.</summary>
    public const int MaxBatch = 64;

    private readonly Func<CancellationToken, Task<SqliteConnection>> open;
    private readonly Channel<IWrite> queue = Channel.CreateUnbounded<IWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> loop;

    public SqliteWriter(Func<CancellationToken, Task<SqliteConnection>> open)
    {
        this.open = open;
        loop = new Lazy<Task>(() => Task.Run(RunAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private interface IWrite
    {
        CancellationToken CancellationToken { get; }

        /// <summary>Runs the work inside the batch's transaction; false when it threw (its savepoint is rolled back).</summary>
        Task<bool> RunAsync(SqliteConnection connection, SqliteTransaction transaction);

        void Commit();

        void Fail(Exception exception);
    }

    /// <summary>Runs <paramref name="work"/> in a transaction shared with other queued writes, and returns once it is committed.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var write = new Write<T>(work, cancellationToken);
        _ = loop.Value;
        return queue.Writer.TryWrite(write) ? write.Task : Task.FromException<T>(new ObjectDisposedException(nameof(SqliteWriter)));
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (loop.IsValueCreated)
        {
            await loop.Value.ConfigureAwait(false);
        }
    }

    /// <summary>For containers disposed synchronously: the queued writes still finish first.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task RunAsync()
    {
        SqliteConnection? connection = null;
        var batch = new List<IWrite>(MaxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var write))
                {
                    if (write.CancellationToken.IsCancellationRequested)
                    {
                        write.Fail(new OperationCanceledException(write.CancellationToken));
                    }
                    else
                    {
                        batch.Add(write);
                    }
                }

                if (batch.Count > 0)
                {
                    connection = await CommitBatchAsync(connection, batch).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Returns the connection to keep using, or null when it broke (the next batch opens a new one).</summary>
    private async Task<SqliteConnection?> CommitBatchAsync(SqliteConnection? connection, List<IWrite> batch)
    {
        var succeeded = new List<IWrite>(batch.Count);
        try
        {
            connection ??= await open(CancellationToken.None).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
            foreach (var write in batch)
            {
                if (await write.RunAsync(connection, transaction).ConfigureAwait(false))
                {
                    succeeded.Add(write);
                }
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever broke the batch is every waiting writer's failure; the loop itself must go on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Nothing of the batch was committed; a write already answered keeps its own answer.
            foreach (var write in batch)
            {
                write.Fail(ex);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            return null;
        }

        foreach (var write in succeeded)
        {
            write.Commit();
        }

        return connection;
    }

    private sealed class Write<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) : IWrite
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;

        public CancellationToken CancellationToken => cancellationToken;

        public Task<T> Task => completion.Task;

        public async Task<bool> RunAsync(SqliteConnection connection, SqliteTransaction transaction)
        {
            await transaction.SaveAsync("w").ConfigureAwait(false);
            try
            {
                result = await work(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.ReleaseAsync("w").ConfigureAwait(false);
                return true;
            }
#pragma warning disable CA1031 // The exception is this writer's answer; the batch goes on without its changes.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // Answered first: after some errors (disk full, I/O) SQLite has already rolled the whole transaction
                // back, the savepoint is gone, and the rollback below throws, failing the rest of the batch.
                completion.TrySetException(ex);
                await transaction.RollbackAsync("w").ConfigureAwait(false);
                await transaction.ReleaseAsync("w").ConfigureAwait(false);
                return false;
            }
        }

        public void Commit() => completion.TrySetResult(result!);

        public void Fail(Exception exception)
        {
            if (exception is OperationCanceledException canceled)
            {
                completion.TrySetCanceled(canceled.CancellationToken);
            }
            else
            {
                completion.TrySetException(exception);
            }
        }
    }
}
