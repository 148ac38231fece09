using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Azure;
using TeamsEscalationBot.Storage.Leases;
using TeamsEscalationBot.Storage.Sqlite;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>
/// One provider's stores over one isolated database / container + queue, with a fake clock. <see cref="Restart"/>
/// builds fresh instances over the same data, as a new process after a crash would.
/// </summary>
internal abstract class StorageBackend : IAsyncDisposable
{
    public FakeTimeProvider Time { get; } = new(TestComplaints.Start);

    public StorageOptions Options { get; } = new()
    {
        Outbox = new OutboxOptions
        {
            LeaseTime = TimeSpan.FromMinutes(1),
            MaxParallelism = 4,
            MaxAttempts = 4,
            BaseDelay = TimeSpan.FromSeconds(2),
            MaxDelay = TimeSpan.FromMinutes(1),
            SweepAfter = TimeSpan.FromSeconds(30),
            // Queue visibility runs on the real clock while the tests run a fake one: never hide a message for long.
            MaxMessageDelay = TimeSpan.Zero,
        },
    };

    public OutboxSignal Signal { get; } = new();

    public IComplaintStore Complaints { get; protected set; } = null!;

    public IOutbox Outbox { get; protected set; } = null!;

    public IInstallationStore Installations { get; protected set; } = null!;

    public ILeaseStore Leases { get; protected set; } = null!;

    /// <summary>The service-level hook the complaint store calls with every write; set it with <see cref="UseSlaRecorder"/>.</summary>
    public ISlaRecorder? SlaRecorder { get; private set; }

    /// <summary>Fresh stores over the same data whose complaint store keeps service-level records with <paramref name="recorder"/>.</summary>
    public void UseSlaRecorder(ISlaRecorder recorder)
    {
        SlaRecorder = recorder;
        Restart();
    }

    public abstract void Restart();

    public abstract ValueTask DisposeAsync();

    public OutboxWorker CreateWorker(IOutbox outbox, FakeLogger<OutboxWorker> logger, params IOutboxHandler[] handlers) =>
        new(outbox, handlers, Microsoft.Extensions.Options.Options.Create(Options), Signal, Time, logger);

    public OutboxWorker CreateWorker(params IOutboxHandler[] handlers) => CreateWorker(Outbox, new FakeLogger<OutboxWorker>(), handlers);

    /// <summary>
    /// Leases until at least <paramref name="expected"/> items came back (bounded): on Azure a received message stays
    /// invisible for one real second, the queue's minimum, whatever the fake clock says.
    /// </summary>
    public async Task<List<OutboxLease>> LeaseEventuallyAsync(int expected, CancellationToken cancellationToken, int maxItems = 32)
    {
        var leases = new List<OutboxLease>();
        await Eventually.UntilAsync(
            async probe =>
            {
                leases.AddRange(await Outbox.LeaseAsync(maxItems, Options.Outbox.LeaseTime, probe));
                return leases.Count;
            },
            leased => leased >= expected,
            cancellationToken,
            because: $"to lease {expected} item(s)");
        return leases;
    }

    /// <summary>Runs the worker batch after batch until <paramref name="done"/> holds (bounded by real time).</summary>
    public static Task RunUntilAsync(OutboxWorker worker, Func<bool> done, CancellationToken cancellationToken) =>
        RunUntilAsync(worker, () => Task.FromResult(done()), cancellationToken);

    /// <inheritdoc cref="RunUntilAsync(OutboxWorker, Func{bool}, CancellationToken)"/>
    public static Task RunUntilAsync(OutboxWorker worker, Func<Task<bool>> done, CancellationToken cancellationToken) =>
        Eventually.UntilAsync(
            async probe =>
            {
                // Batches back to back while the worker finds work; a pause only when it found none.
                while (!await done())
                {
                    if (await worker.RunOnceAsync(probe) == 0)
                    {
                        return false;
                    }
                }

                return true;
            },
            cancellationToken,
            because: "for the outbox worker to get there");
}

internal sealed class SqliteBackend : StorageBackend
{
    private readonly TestDirectory directory = new();

    public SqliteBackend()
    {
        Options.Provider = StorageProvider.Sqlite;
        Options.SqlitePath = directory.File("escalations.db");
        Restart();
    }

    public SqliteDatabase Database { get; private set; } = null!;

    public override void Restart()
    {
        Database = new SqliteDatabase(Options.SqlitePath, Time, NullLogger<SqliteDatabase>.Instance);
        Complaints = new SqliteComplaintStore(Database, Time, Signal, SlaRecorder);
        Outbox = new SqliteOutbox(Database, Time);
        Installations = new SqliteInstallationStore(Database);
        Leases = new SqliteLeaseStore(Database, Time);
    }

    public override ValueTask DisposeAsync()
    {
        directory.Dispose();
        return ValueTask.CompletedTask;
    }
}

internal sealed class AzureBackend : StorageBackend
{
    private AzureBackend(string connectionString)
    {
        Options.Provider = StorageProvider.AzureBlob;
        Options.ConnectionString = connectionString;
        Options.ContainerName = AzuriteFixture.UniqueName("complaints");
        Options.QueueName = AzuriteFixture.UniqueName("outbox");
        Restart();
    }

    public AzureStorageClients Clients { get; private set; } = null!;

    public ComplaintBlobs Blobs { get; private set; } = null!;

    public static async Task<AzureBackend> CreateAsync() => new((await AzuriteFixture.GetServerAsync()).ConnectionString);

    public override void Restart() => Restart(new QueueClient(Options.ConnectionString, Options.QueueName));

    /// <summary>Fresh instances whose queue is <paramref name="queue"/> (e.g. one that fails like a crashed process).</summary>
    public void Restart(QueueClient queue)
    {
        Clients = new AzureStorageClients(new BlobContainerClient(Options.ConnectionString, Options.ContainerName), queue);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        var outboxQueue = new OutboxQueue(Clients, options);
        Blobs = new ComplaintBlobs(Clients, outboxQueue);
        Complaints = new AzureBlobComplaintStore(Blobs, Time, SlaRecorder);
        Outbox = new AzureQueueOutbox(Blobs, outboxQueue, options, Time);
        Installations = new AzureBlobInstallationStore(Clients);
        Leases = new AzureBlobLeaseStore(Clients);
    }

    public override async ValueTask DisposeAsync()
    {
        await new BlobContainerClient(Options.ConnectionString, Options.ContainerName).DeleteIfExistsAsync();
        await new QueueClient(Options.ConnectionString, Options.QueueName).DeleteIfExistsAsync();
    }
}
