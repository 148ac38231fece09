using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Azure;
using TeamsEscalationBot.Storage.Sqlite;
using TeamsEscalationBot.TestHarness.Azurite;

namespace TeamsEscalationBot.Benchmarks;

/// <summary>
/// The complaint stores: create (with an outbox item), optimistic update and filtered list, on SQLite with 100 000
/// complaints stored, and on Azure Blob (Azurite) with 2 000 (Azurite's Find Blobs by Tags examines only the first
/// 5 000 blobs of a container, see docs/storage.md, and seeding blobs one request at a time is slow). The list rows
/// say how many complaints one list call read.
/// </summary>
internal static class StorageBenchmark
{
    private const int SqliteStored = 100_000;
    private const int AzureStored = 2_000;
    private const int PageSize = 50;
    private static readonly string[] Departments = ["billing", "logistics", "technical", "legal", "marketing", "triage"];
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static async Task<IReadOnlyList<LoadResult>> RunAsync(BenchmarkSettings settings)
    {
        var results = new List<LoadResult>(await RunSqliteAsync(settings));
        await using var azurite = await AzuriteServer.StartAsync();
        var options = Options.Create(new StorageOptions
        {
            Provider = StorageProvider.AzureBlob,
            ConnectionString = azurite.ConnectionString,
            ContainerName = "bench",
            QueueName = "bench",
        });
        var clients = new AzureStorageClients(options.Value);
        var azure = new AzureBlobComplaintStore(new ComplaintBlobs(clients, new OutboxQueue(clients, options)), TimeProvider.System);
        await Parallel.ForEachAsync(Enumerable.Range(0, AzureStored), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await azure.CreateAsync(NewComplaint(i), [], ct));
        results.AddRange(await MeasureAsync("Azure Blob (Azurite)", AzureStored, azure, settings));
        return results;
    }

    /// <summary>The SQLite rows only (scenario <c>storage-sqlite</c>): the embedded store's single writer under concurrency.</summary>
    public static async Task<IReadOnlyList<LoadResult>> RunSqliteAsync(BenchmarkSettings settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "teb-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var database = new SqliteDatabase(Path.Combine(directory, "bench.db"), TimeProvider.System, NullLogger<SqliteDatabase>.Instance);
            await SeedSqliteAsync(database, SqliteStored);
            var store = new SqliteComplaintStore(database, TimeProvider.System, new OutboxSignal());
            return await MeasureAsync("SQLite", SqliteStored, store, settings);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<List<LoadResult>> MeasureAsync(string provider, int stored, IComplaintStore store, BenchmarkSettings settings)
    {
        var query = new ComplaintQuery { State = ComplaintState.Open, DepartmentId = "billing", PageSize = PageSize };
        var first = await store.ListAsync(query, CancellationToken.None);
        var second = await store.ListAsync(query with { Cursor = first.NextCursor }, CancellationToken.None);
        var read = Math.Max(first.ComplaintsRead, second.ComplaintsRead);
        var label = string.Create(CultureInfo.InvariantCulture, $"{provider}, {stored:N0} stored");
        var results = new List<LoadResult>();
        var next = stored;
        foreach (var concurrency in settings.Concurrencies)
        {
            results.Add(await LoadRunner.RunAsync(
                string.Create(CultureInfo.InvariantCulture, $"{label}: list Open+billing, page {PageSize} ({read} complaints read per list call)"),
                concurrency, settings.Warmup, settings.Duration,
                async i => (await store.ListAsync(i % 2 == 0 ? query : query with { Cursor = first.NextCursor }, CancellationToken.None)).Items.Count > 0));
            results.Add(await LoadRunner.RunAsync(
                $"{label}: create with an outbox item", concurrency, settings.Warmup, settings.Duration,
                async _ =>
                {
                    var complaint = NewComplaint(Interlocked.Increment(ref next));
                    var item = OutboxItem.Create("post-card", complaint.Id, "{}", Start);
                    return (await store.CreateAsync(complaint, [item], CancellationToken.None)).Outcome == CreateOutcome.Created;
                }));
            results.Add(await LoadRunner.RunAsync(
                $"{label}: read + optimistic update", concurrency, settings.Warmup, settings.Duration,
                async i => await UpdateAsync(store, Id(i * 7919 % stored))));
        }

        return results;
    }

    private static async Task<bool> UpdateAsync(IComplaintStore store, string id)
    {
        var complaint = await store.GetAsync(id, CancellationToken.None);
        if (complaint is null || complaint.State == ComplaintState.Closed)
        {
            return complaint is not null;
        }

        var version = complaint.Version;
        complaint.AddNote(new Actor("aad-bench", "Bench", ActorKind.User), "benchmark note", Start);
        var outcome = (await store.UpdateAsync(complaint, version, [], CancellationToken.None)).Outcome;
        return outcome is UpdateOutcome.Updated or UpdateOutcome.Conflict;
    }

    /// <summary>Bulk seed in large transactions: the rows are what <see cref="SqliteComplaintStore"/> writes, minus a commit per complaint.</summary>
    private static async Task SeedSqliteAsync(SqliteDatabase database, int count)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        for (var batch = 0; batch < count; batch += 5_000)
        {
            await using var transaction = (Microsoft.Data.Sqlite.SqliteTransaction)await connection.BeginTransactionAsync();
            for (var i = batch; i < Math.Min(count, batch + 5_000); i++)
            {
                var complaint = NewComplaint(i);
                await connection.ExecuteAsync(
                    """
                    INSERT INTO complaints (id, source, external_id, state, department_id, requester_aad_object_id, created_at, updated_at, version, body)
                    VALUES ($id, $source, $externalId, $state, $departmentId, $requester, $createdAt, $createdAt, $version, $body)
                    """,
                    transaction,
                    CancellationToken.None,
                    ("$id", complaint.Id),
                    ("$source", complaint.Source),
                    ("$externalId", complaint.ExternalId),
                    ("$state", complaint.State.ToString()),
                    ("$departmentId", ComplaintStoreRules.Key(complaint.DepartmentId)),
                    ("$requester", ComplaintStoreRules.Key(complaint.Requester?.AadObjectId)),
                    ("$createdAt", complaint.CreatedAt.UtcTicks),
                    ("$version", complaint.Version),
                    ("$body", ComplaintStoreRules.Serialize(complaint)));
            }

            await transaction.CommitAsync();
        }
    }

    /// <summary>Complaint n: department n mod 6; every third one Open (its card posted), the rest Received.</summary>
    private static Complaint NewComplaint(int n)
    {
        var department = Departments[n % Departments.Length];
        var submission = new ComplaintSubmission
        {
            Source = "bench",
            ExternalId = "post-" + n.ToString(CultureInfo.InvariantCulture),
            Network = Network.X,
            AuthorHandle = "@customer" + (n % 997).ToString(CultureInfo.InvariantCulture),
            Text = "My invoice is wrong and nobody answers. ¿Dónde está mi reembolso?",
            Priority = Priority.Normal,
            Requester = new Requester("aad-cm-" + (n % 50).ToString(CultureInfo.InvariantCulture), null, "CM", null),
        };
        var routing = new RoutingDecision(department, RoutingRule.Keyword, ["invoice"], "benchmark");
        var complaint = Complaint.Receive(Id(n), submission, routing, new Actor("source:bench", "Bench", ActorKind.Api), Start.AddSeconds(n));
        if (n % 3 == 0)
        {
            complaint.RecordCardPosted(new ChannelCard(department, "19:c@thread.tacv2", "act-" + n.ToString(CultureInfo.InvariantCulture), Start), Start.AddSeconds(n));
        }

        return complaint;
    }

    private static string Id(int n) => "c-" + n.ToString("D9", CultureInfo.InvariantCulture);
}
