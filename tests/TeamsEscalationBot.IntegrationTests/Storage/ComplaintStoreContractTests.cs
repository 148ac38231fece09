using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Azure;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>The <see cref="IComplaintStore"/> contract, run against SQLite and Azure Blob (Azurite).</summary>
public abstract class ComplaintStoreContractTests
{
    private StorageBackend backend = null!;

    public TestContext TestContext { get; set; } = null!;

    private IComplaintStore Store => backend.Complaints;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestInitialize]
    public async Task InitializeAsync() => backend = await CreateBackendAsync();

    [TestCleanup]
    public async Task CleanupAsync() => await backend.DisposeAsync();

    [TestMethod]
    public async Task CreateAsync_NewComplaint_CreatedAndReadBackLosslessly()
    {
        var complaint = TestComplaints.New("c-001");

        var result = await Store.CreateAsync(complaint, [], Ct);

        Assert.AreEqual(CreateOutcome.Created, result.Outcome);
        var stored = await Store.GetAsync("c-001", Ct);
        Assert.IsNotNull(stored);
        Assert.AreEqual(TestComplaints.Json(complaint), TestComplaints.Json(stored));
    }

    [TestMethod]
    public async Task CreateAsync_WithOutboxItems_ItemsArePendingWithTheComplaint()
    {
        var complaint = TestComplaints.New("c-001");
        var item = TestComplaints.PostCard("c-001");

        await Store.CreateAsync(complaint, [item], Ct);

        var pending = await backend.Outbox.ListPendingAsync("c-001", Ct);
        Assert.HasCount(1, pending);
        Assert.AreEqual(item, pending[0]);
    }

    [TestMethod]
    public async Task CreateAsync_SameSourceAndExternalId_DuplicateReturnsStoredAndWritesNothing()
    {
        var first = TestComplaints.New("c-001", externalId: "post-42");
        await Store.CreateAsync(first, [TestComplaints.PostCard("c-001")], Ct);

        var retry = TestComplaints.New("c-002", externalId: "post-42");
        var result = await Store.CreateAsync(retry, [TestComplaints.PostCard("c-002")], Ct);

        Assert.AreEqual(CreateOutcome.Duplicate, result.Outcome);
        Assert.AreEqual("c-001", result.Complaint.Id);
        Assert.IsNull(await Store.GetAsync("c-002", Ct));
        Assert.IsEmpty(await backend.Outbox.ListPendingAsync("c-002", Ct));
        Assert.HasCount(1, await backend.Outbox.ListPendingAsync("c-001", Ct));
    }

    [TestMethod]
    public async Task CreateAsync_SameCallRepeated_SecondIsDuplicate()
    {
        var complaint = TestComplaints.New("c-001");
        await Store.CreateAsync(complaint, [], Ct);

        var again = await Store.CreateAsync(complaint, [], Ct);

        Assert.AreEqual(CreateOutcome.Duplicate, again.Outcome);
        Assert.AreEqual(TestComplaints.Json(complaint), TestComplaints.Json(again.Complaint));
    }

    [TestMethod]
    public async Task CreateAsync_KeyDiffersOnlyInCaseOrSource_CreatesBoth()
    {
        await Store.CreateAsync(TestComplaints.New("c-001", externalId: "Post-42"), [], Ct);

        var otherCase = await Store.CreateAsync(TestComplaints.New("c-002", externalId: "post-42"), [], Ct);
        var otherSource = await Store.CreateAsync(TestComplaints.New("c-003", externalId: "Post-42", source: "email"), [], Ct);

        Assert.AreEqual(CreateOutcome.Created, otherCase.Outcome);
        Assert.AreEqual(CreateOutcome.Created, otherSource.Outcome);
    }

    [TestMethod]
    public async Task CreateAsync_ConcurrentDuplicates_ExactlyOneCreated()
    {
        var attempts = Enumerable.Range(0, 10)
            .Select(i => Store.CreateAsync(TestComplaints.New($"c-{i:D3}", externalId: "post-42"), [TestComplaints.PostCard($"c-{i:D3}")], Ct));

        var results = await Task.WhenAll(attempts);

        Assert.AreEqual(1, results.Count(r => r.Outcome == CreateOutcome.Created));
        var winner = results.Single(r => r.Outcome == CreateOutcome.Created).Complaint.Id;
        Assert.IsTrue(results.All(r => r.Complaint.Id == winner), "every duplicate names the stored complaint");
    }

    [TestMethod]
    public async Task CreateAsync_IdUsedByAnotherComplaint_Throws()
    {
        await Store.CreateAsync(TestComplaints.New("c-001", externalId: "post-1"), [], Ct);

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(
            () => Store.CreateAsync(TestComplaints.New("c-001", externalId: "post-2"), [], Ct));
        Assert.IsNull(await Store.FindByExternalIdAsync("listening-tool", "post-2", Ct));
    }

    [TestMethod]
    [DataRow("has/slash")]
    [DataRow("has space")]
    [DataRow("-starts-with-dash")]
    public async Task CreateAsync_InvalidId_ThrowsArgumentException(string id) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(TestComplaints.New(id), [], Ct));

    [TestMethod]
    public async Task CreateAsync_OutboxItemOfAnotherComplaint_ThrowsArgumentException() =>
        await Assert.ThrowsExactlyAsync<ArgumentException>(
            () => Store.CreateAsync(TestComplaints.New("c-001"), [TestComplaints.PostCard("c-999")], Ct));

    [TestMethod]
    public async Task GetAsync_Unknown_ReturnsNull() =>
        Assert.IsNull(await Store.GetAsync("c-unknown", Ct));

    [TestMethod]
    public async Task FindByExternalIdAsync_Known_ReturnsItAndUnknownReturnsNull()
    {
        await Store.CreateAsync(TestComplaints.New("c-001", externalId: "post-42"), [], Ct);

        Assert.AreEqual("c-001", (await Store.FindByExternalIdAsync("listening-tool", "post-42", Ct))?.Id);
        Assert.IsNull(await Store.FindByExternalIdAsync("listening-tool", "post-43", Ct));
        Assert.IsNull(await Store.FindByExternalIdAsync("email", "post-42", Ct));
    }

    [TestMethod]
    public async Task UpdateAsync_ExpectedVersionMatches_StoresChangeAndAddsOutbox()
    {
        var complaint = TestComplaints.New("c-001");
        await Store.CreateAsync(complaint, [], Ct);
        var loaded = (await Store.GetAsync("c-001", Ct))!;
        var expected = loaded.Version;
        TestComplaints.Opened(loaded);
        var item = TestComplaints.PostCard("c-001");

        var result = await Store.UpdateAsync(loaded, expected, [item], Ct);

        Assert.AreEqual(UpdateOutcome.Updated, result.Outcome);
        var stored = (await Store.GetAsync("c-001", Ct))!;
        Assert.AreEqual(ComplaintState.Open, stored.State);
        Assert.AreEqual(expected + 1, stored.Version);
        Assert.AreEqual(TestComplaints.Json(loaded), TestComplaints.Json(stored));
        Assert.AreEqual(item, (await backend.Outbox.ListPendingAsync("c-001", Ct)).Single());
    }

    [TestMethod]
    public async Task UpdateAsync_StaleVersion_ConflictWithCurrentAndNothingWritten()
    {
        await Store.CreateAsync(TestComplaints.New("c-001"), [], Ct);
        var first = (await Store.GetAsync("c-001", Ct))!;
        var second = (await Store.GetAsync("c-001", Ct))!;
        var version = first.Version;
        await Store.UpdateAsync(TestComplaints.Opened(first), version, [], Ct);
        TestComplaints.MustSucceed(second.AddNote(TestComplaints.Ana, "late note", TestComplaints.Start.AddMinutes(2)));

        var result = await Store.UpdateAsync(second, version, [TestComplaints.PostCard("c-001")], Ct);

        Assert.AreEqual(UpdateOutcome.Conflict, result.Outcome);
        Assert.AreEqual(TestComplaints.Json(first), TestComplaints.Json(result.Current!));
        Assert.AreEqual(TestComplaints.Json(first), TestComplaints.Json((await Store.GetAsync("c-001", Ct))!));
        Assert.IsEmpty(await backend.Outbox.ListPendingAsync("c-001", Ct));
    }

    [TestMethod]
    public async Task UpdateAsync_Missing_NotFound()
    {
        var complaint = TestComplaints.New("c-001");

        var result = await Store.UpdateAsync(complaint, complaint.Version, [], Ct);

        Assert.AreEqual(UpdateOutcome.NotFound, result.Outcome);
        Assert.IsNull(result.Current);
    }

    [TestMethod]
    public async Task UpdateAsync_FiftyParallelUpdatersFromSameVersion_ExactlyOneWins()
    {
        await Store.CreateAsync(TestComplaints.New("c-001"), [], Ct);
        var copies = new List<Complaint>();
        for (var i = 0; i < 50; i++)
        {
            var copy = (await Store.GetAsync("c-001", Ct))!;
            TestComplaints.MustSucceed(copy.AddNote(TestComplaints.Ana, $"note {i}", TestComplaints.Start.AddMinutes(1)));
            copies.Add(copy);
        }

        var version = copies[0].Version - 1;
        var results = await Task.WhenAll(copies.Select((c, i) => Task.Run(() => Store.UpdateAsync(c, version, [TestComplaints.PostCard("c-001")], Ct), Ct)));

        Assert.AreEqual(1, results.Count(r => r.Outcome == UpdateOutcome.Updated));
        Assert.AreEqual(49, results.Count(r => r.Outcome == UpdateOutcome.Conflict));
        var stored = (await Store.GetAsync("c-001", Ct))!;
        Assert.AreEqual(version + 1, stored.Version);
        Assert.HasCount(1, await backend.Outbox.ListPendingAsync("c-001", Ct), "only the winner's outbox item is written");
    }

    [TestMethod]
    public async Task UpdateAsync_ExpectedVersionAboveComplaintVersion_ThrowsArgumentOutOfRange()
    {
        var complaint = TestComplaints.New("c-001");
        await Store.CreateAsync(complaint, [], Ct);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.UpdateAsync(complaint, complaint.Version + 1, [], Ct));
    }

    [TestMethod]
    public async Task ListAsync_ByStateAndDepartment_OnlyMatchesInIdOrder()
    {
        await SeedAsync(
            ("c-005", "billing", true),
            ("c-001", "billing", true),
            ("c-003", "logistics", true),
            ("c-002", "billing", false),
            ("c-004", "Billing", true));

        var page = await Store.ListAsync(new ComplaintQuery { State = ComplaintState.Open, DepartmentId = "BILLING" }, Ct);

        CollectionAssert.AreEqual(new[] { "c-001", "c-004", "c-005" }, page.Items.Select(c => c.Id).ToArray());
        Assert.IsNull(page.NextCursor);
    }

    [TestMethod]
    public async Task ListAsync_NoFilter_ListsEveryComplaint()
    {
        await SeedAsync(("c-002", "billing", false), ("c-001", "logistics", true));

        var page = await Store.ListAsync(new ComplaintQuery(), Ct);

        CollectionAssert.AreEqual(new[] { "c-001", "c-002" }, page.Items.Select(c => c.Id).ToArray());
    }

    [TestMethod]
    public async Task ListAsync_ByState_Received()
    {
        await SeedAsync(("c-001", "billing", true), ("c-002", "billing", false), ("c-003", "legal", false));

        var page = await Store.ListAsync(new ComplaintQuery { State = ComplaintState.Received }, Ct);

        CollectionAssert.AreEqual(new[] { "c-002", "c-003" }, page.Items.Select(c => c.Id).ToArray());
    }

    [TestMethod]
    public async Task ListAsync_ByRequester_IgnoresCaseAndSkipsOthers()
    {
        await Store.CreateAsync(TestComplaints.New("c-001", requesterAadObjectId: "AAAA-1111"), [], Ct);
        await Store.CreateAsync(TestComplaints.New("c-002", requesterAadObjectId: "bbbb-2222"), [], Ct);
        await Store.CreateAsync(TestComplaints.New("c-003", requesterAadObjectId: null), [], Ct);

        var page = await Store.ListAsync(new ComplaintQuery { RequesterAadObjectId = "aaaa-1111" }, Ct);

        CollectionAssert.AreEqual(new[] { "c-001" }, page.Items.Select(c => c.Id).ToArray());
    }

    [TestMethod]
    public async Task ListAsync_PagesThroughEverything_NoGapsNoDuplicates()
    {
        for (var i = 0; i < 23; i++)
        {
            await Store.CreateAsync(TestComplaints.New($"c-{i:D3}", department: i % 3 == 0 ? "legal" : "billing"), [], Ct);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(new ComplaintQuery { DepartmentId = "billing", PageSize = 4, Cursor = cursor }, Ct);
            Assert.IsLessThanOrEqualTo(4, page.Items.Count);
            seen.AddRange(page.Items.Select(c => c.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 50);

        var expected = Enumerable.Range(0, 23).Where(i => i % 3 != 0).Select(i => $"c-{i:D3}").ToArray();
        CollectionAssert.AreEqual(expected, seen.ToArray());
    }

    [TestMethod]
    public async Task ListAsync_SelectiveFilter_ReadsOnlyAboutOnePage()
    {
        for (var i = 0; i < 30; i++)
        {
            await Store.CreateAsync(TestComplaints.New($"c-{i:D3}", department: i % 10 == 0 ? "legal" : "billing"), [], Ct);
        }

        var page = await Store.ListAsync(new ComplaintQuery { DepartmentId = "legal", PageSize = 2 }, Ct);

        CollectionAssert.AreEqual(new[] { "c-000", "c-010" }, page.Items.Select(c => c.Id).ToArray());
        Assert.IsLessThanOrEqualTo(3, page.ComplaintsRead, "the store must not read the 27 complaints of other departments");
        Assert.IsNotNull(page.NextCursor);
    }

    [TestMethod]
    public async Task ListAsync_AfterStateChange_ComplaintMovesToTheOtherFilter()
    {
        await Store.CreateAsync(TestComplaints.New("c-001"), [], Ct);
        var loaded = (await Store.GetAsync("c-001", Ct))!;
        await Store.UpdateAsync(TestComplaints.Opened(loaded), loaded.Version - 1, [], Ct);

        var received = await Store.ListAsync(new ComplaintQuery { State = ComplaintState.Received }, Ct);
        var open = await Store.ListAsync(new ComplaintQuery { State = ComplaintState.Open }, Ct);

        Assert.IsEmpty(received.Items);
        Assert.AreEqual("c-001", open.Items.Single().Id);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(101)]
    public async Task ListAsync_PageSizeOutOfRange_Throws(int pageSize) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListAsync(new ComplaintQuery { PageSize = pageSize }, Ct));

    [TestMethod]
    public async Task ListAsync_ForeignCursor_ThrowsArgumentException() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListAsync(new ComplaintQuery { Cursor = "not-a-cursor" }, Ct));

    [TestMethod]
    public async Task FindByIdPrefixAsync_SharedPrefix_FirstMatchesInIdOrderAndTheTotal()
    {
        foreach (var id in (string[])["C01JDX4Z8Q3K7FQ", "C01JDXA0000000B", "C01JDX0000000AA", "C01JDY0000000AA", "C01JDW0000000AA", "C01JD"])
        {
            await Store.CreateAsync(TestComplaints.New(id), [], Ct);
        }

        var matches = await Store.FindByIdPrefixAsync("C01JDX", 2, Ct);

        Assert.AreEqual(3, matches.Total);
        CollectionAssert.AreEqual(new[] { "C01JDX0000000AA", "C01JDX4Z8Q3K7FQ" }, matches.Items.Select(c => c.Id).ToArray());
        Assert.AreEqual(TestComplaints.Json(TestComplaints.New("C01JDX0000000AA")), TestComplaints.Json(matches.Items[0]), "read back losslessly");
    }

    [TestMethod]
    public async Task FindByIdPrefixAsync_UniquePrefixAndWholeId_OneMatch()
    {
        await SeedAsync(("c-001", "billing", true), ("c-0010", "billing", false), ("c-002", "billing", false));

        var unique = await Store.FindByIdPrefixAsync("c-002", 10, Ct);
        var whole = await Store.FindByIdPrefixAsync("c-001", 10, Ct);

        Assert.AreEqual("c-002", unique.Items.Single().Id);
        Assert.AreEqual(1, unique.Total);
        CollectionAssert.AreEqual(new[] { "c-001", "c-0010" }, whole.Items.Select(c => c.Id).ToArray(), "an id is a prefix of itself");
        Assert.AreEqual(2, whole.Total);
    }

    [TestMethod]
    public async Task FindByIdPrefixAsync_OtherCaseOrNoMatch_Empty()
    {
        await SeedAsync(("c-001", "billing", true));

        var otherCase = await Store.FindByIdPrefixAsync("C-00", 10, Ct);
        var none = await Store.FindByIdPrefixAsync("c-01", 10, Ct);

        Assert.IsEmpty(otherCase.Items, "ordinal: callers put the prefix in the ids' own case");
        Assert.AreEqual(0, otherCase.Total);
        Assert.IsEmpty(none.Items);
        Assert.AreEqual(0, none.Total);
    }

    [TestMethod]
    public async Task FindByIdPrefixAsync_AfterAnUpdate_ReturnsTheCurrentComplaint()
    {
        var complaint = TestComplaints.New("c-001");
        await Store.CreateAsync(complaint, [], Ct);
        var version = complaint.Version;
        await Store.UpdateAsync(TestComplaints.Opened(complaint), version, [], Ct);

        var matches = await Store.FindByIdPrefixAsync("c-00", 1, Ct);

        Assert.AreEqual(ComplaintState.Open, matches.Items.Single().State);
    }

    [TestMethod]
    [DataRow("", 10)]
    [DataRow("c/0", 10)]
    [DataRow("c-0", 0)]
    [DataRow("c-0", ComplaintQuery.MaxPageSize + 1)]
    public async Task FindByIdPrefixAsync_InvalidPrefixOrLimit_ThrowsArgumentException(string prefix, int limit) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.FindByIdPrefixAsync(prefix, limit, Ct));

    [TestMethod]
    public async Task CreateAsync_AfterRestart_StillStoredWithItsOutbox()
    {
        await Store.CreateAsync(TestComplaints.New("c-001"), [TestComplaints.PostCard("c-001")], Ct);

        backend.Restart();

        Assert.IsNotNull(await Store.GetAsync("c-001", Ct));
        Assert.HasCount(1, await backend.Outbox.ListPendingAsync("c-001", Ct));
    }

    [TestMethod]
    public async Task ListActiveSinceAsync_MixedHistories_ActiveSinceOrNotClosedEachOnce()
    {
        var start = TestComplaints.Start;
        var since = start.AddDays(3);
        await Store.CreateAsync(ClosedComplaint("quiet-closed", start, closedAt: start.AddDays(1)), [], Ct);
        await Store.CreateAsync(TestComplaints.Opened(TestComplaints.New("quiet-open", at: start), start.AddMinutes(1)), [], Ct);
        await Store.CreateAsync(TestComplaints.New("quiet-received", at: start.AddDays(-40)), [], Ct);
        await Store.CreateAsync(ClosedComplaint("closed-at-since", start, closedAt: since), [], Ct);
        await Store.CreateAsync(ClosedComplaint("closed-just-before", start, closedAt: since.AddTicks(-1)), [], Ct);
        await Store.CreateAsync(ClosedComplaint("closed-later", start.AddDays(-60), closedAt: start.AddDays(10)), [], Ct);
        await Store.CreateAsync(ClosedComplaint("received-later", start.AddDays(5), closedAt: start.AddDays(6)), [], Ct);
        var claimed = TestComplaints.Opened(TestComplaints.New("claimed-later", at: start.AddDays(4)), start.AddDays(4).AddMinutes(1));
        TestComplaints.MustSucceed(claimed.Claim(TestComplaints.Ana, start.AddDays(4).AddMinutes(5)));
        await Store.CreateAsync(claimed, [], Ct);

        var listed = await ActiveSinceAsync(since);

        CollectionAssert.AreEquivalent(
            new[] { "quiet-open", "quiet-received", "closed-at-since", "closed-later", "received-later", "claimed-later" },
            listed.Select(c => c.Id).ToArray());
        Assert.AreEqual(TestComplaints.Json(claimed), TestComplaints.Json(listed.Single(c => c.Id == "claimed-later")), "whole complaints, as stored");
    }

    [TestMethod]
    public async Task ListActiveSinceAsync_QuietClosedComplaintReopened_ListedFromItsNewActivity()
    {
        var start = TestComplaints.Start;
        await Store.CreateAsync(ClosedComplaint("c-001", start, closedAt: start.AddDays(1)), [], Ct);
        Assert.IsEmpty(await ActiveSinceAsync(start.AddDays(3)));
        var loaded = (await Store.GetAsync("c-001", Ct))!;
        var version = loaded.Version;
        TestComplaints.MustSucceed(loaded.Reopen(TestComplaints.Ana, "Customer wrote again.", start.AddDays(4)));
        TestComplaints.MustSucceed(loaded.Claim(TestComplaints.Ana, start.AddDays(4).AddMinutes(1)));
        TestComplaints.MustSucceed(loaded.Resolve(TestComplaints.Ana, "Refunded again.", start.AddDays(4).AddMinutes(2)));
        TestComplaints.MustSucceed(loaded.Accept(TestComplaints.Cm, start.AddDays(5)));

        await Store.UpdateAsync(loaded, version, [], Ct);

        Assert.AreEqual("c-001", (await ActiveSinceAsync(start.AddDays(3))).Single().Id, "closed again, but active since");
        Assert.IsEmpty(await ActiveSinceAsync(start.AddDays(5).AddTicks(1)), "closed and quiet since");
    }

    [TestMethod]
    public async Task ListActiveSinceAsync_EmptyStore_Nothing() =>
        Assert.IsEmpty(await ActiveSinceAsync(TestComplaints.Start));

    /// <summary>Received at <paramref name="receivedAt"/>, posted, claimed, answered and closed at <paramref name="closedAt"/>.</summary>
    private protected static Complaint ClosedComplaint(string id, DateTimeOffset receivedAt, DateTimeOffset closedAt)
    {
        var complaint = TestComplaints.Opened(TestComplaints.New(id, at: receivedAt), receivedAt.AddMinutes(1));
        TestComplaints.MustSucceed(complaint.Claim(TestComplaints.Ana, receivedAt.AddMinutes(2)));
        TestComplaints.MustSucceed(complaint.Resolve(TestComplaints.Ana, "Refunded.", receivedAt.AddMinutes(3)));
        TestComplaints.MustSucceed(complaint.Accept(TestComplaints.Cm, closedAt));
        return complaint;
    }

    private protected async Task<List<Complaint>> ActiveSinceAsync(DateTimeOffset since)
    {
        var listed = new List<Complaint>();
        await foreach (var complaint in Store.ListActiveSinceAsync(since, Ct))
        {
            listed.Add(complaint);
        }

        return listed;
    }

    private protected abstract Task<StorageBackend> CreateBackendAsync();

    private async Task SeedAsync(params (string Id, string Department, bool Open)[] complaints)
    {
        foreach (var (id, department, open) in complaints)
        {
            var complaint = TestComplaints.New(id, department: department);
            if (open)
            {
                TestComplaints.Opened(complaint);
            }

            await Store.CreateAsync(complaint, [], Ct);
        }
    }
}

[TestClass]
public sealed class SqliteComplaintStoreTests : ComplaintStoreContractTests
{
    private protected override Task<StorageBackend> CreateBackendAsync() => Task.FromResult<StorageBackend>(new SqliteBackend());

    [TestMethod]
    public async Task FindByIdPrefixAsync_QueryPlan_SearchesThePrimaryKeyRangeNeverScans()
    {
        await using var backend = new SqliteBackend();
        await using var connection = await backend.Database.OpenAsync(TestContext.CancellationToken);
        await using var command = connection.Command(
            $"EXPLAIN QUERY PLAN SELECT body FROM complaints WHERE {SqliteComplaintStore.IdStartsWith} ORDER BY id LIMIT 10", null, ("$prefix", "C01JDX"));
        await using var reader = await command.ExecuteReaderAsync(TestContext.CancellationToken);
        var plan = new List<string>();
        while (await reader.ReadAsync(TestContext.CancellationToken))
        {
            plan.Add(reader.GetString(3));
        }

        var step = Assert.ContainsSingle(plan, string.Join(" | ", plan));
        Assert.StartsWith("SEARCH complaints USING ", step);
        Assert.Contains("(id>? AND id<?)", step);
    }

    [TestMethod]
    public async Task ListActiveSinceAsync_QueryPlan_SearchesTheActivityIndexesNeverScans()
    {
        await using var backend = new SqliteBackend();
        await using var connection = await backend.Database.OpenAsync(TestContext.CancellationToken);
        await using var command = connection.Command($"EXPLAIN QUERY PLAN {SqliteComplaintStore.ActiveSince}", null, ("$since", 0L));
        await using var reader = await command.ExecuteReaderAsync(TestContext.CancellationToken);
        var plan = new List<string>();
        while (await reader.ReadAsync(TestContext.CancellationToken))
        {
            plan.Add(reader.GetString(3));
        }

        var reads = plan.Where(p => p.Contains("complaints", StringComparison.Ordinal)).ToList();
        Assert.HasCount(2, reads, string.Join(" | ", plan));
        Assert.IsTrue(reads.All(r => r.StartsWith("SEARCH complaints USING ", StringComparison.Ordinal)), string.Join(" | ", plan));
        Assert.Contains("ix_complaints_activity (activity_at>?)", reads[0]);
        Assert.Contains("ix_complaints_state_activity (state=? AND activity_at<?)", reads[1]);
    }

    [TestMethod]
    public async Task Migration4_RowsWrittenBeforeIt_ActivityBackfilledFromTheStoredComplaint()
    {
        using var directory = new TestDirectory();
        var path = directory.File("v3.db");
        var closed = ClosedComplaint("old-closed", TestComplaints.Start, closedAt: TestComplaints.Start.AddDays(2));
        var quiet = ClosedComplaint("old-quiet", TestComplaints.Start, closedAt: TestComplaints.Start.AddDays(1));
        await CreateVersion3DatabaseAsync(path, closed, quiet);

        var database = new SqliteDatabase(path, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteDatabase>.Instance);
        var store = new SqliteComplaintStore(database, TimeProvider.System, new OutboxSignal());
        var listed = new List<string>();
        await foreach (var complaint in store.ListActiveSinceAsync(TestComplaints.Start.AddDays(2), TestContext.CancellationToken))
        {
            listed.Add(complaint.Id);
        }

        CollectionAssert.AreEqual(new[] { "old-closed" }, listed);
        await using var connection = await database.OpenAsync(TestContext.CancellationToken);
        Assert.AreEqual(
            TestComplaints.Start.AddDays(1).UtcTicks,
            await connection.ScalarAsync("SELECT activity_at FROM complaints WHERE id = 'old-quiet'", null, TestContext.CancellationToken));
        Assert.AreEqual(SqliteMigrations.LatestVersion, await connection.ScalarAsync("SELECT MAX(version) FROM schema_migrations", null, TestContext.CancellationToken));
    }

    /// <summary>A database as the build before migration 4 left it: migrations 1-3 and rows without <c>activity_at</c>.</summary>
    private async Task CreateVersion3DatabaseAsync(string path, params Complaint[] complaints)
    {
        var ct = TestContext.CancellationToken;
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(ct);
        await connection.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", null, ct);
        foreach (var migration in SqliteMigrations.All.Where(m => m.Version <= 3))
        {
            foreach (var statement in migration.Statements)
            {
                await connection.ExecuteAsync(statement, null, ct);
            }

            await connection.ExecuteAsync("INSERT INTO schema_migrations VALUES ($v, $n, '2026-01-01')", null, ct, ("$v", migration.Version), ("$n", migration.Name));
        }

        foreach (var complaint in complaints)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO complaints (id, source, external_id, state, department_id, requester_aad_object_id, created_at, updated_at, version, body)
                VALUES ($id, $source, $externalId, $state, $department, NULL, 0, 0, $version, $body)
                """,
                null,
                ct,
                ("$id", complaint.Id),
                ("$source", complaint.Source),
                ("$externalId", complaint.ExternalId),
                ("$state", complaint.State.ToString()),
                ("$department", complaint.DepartmentId),
                ("$version", complaint.Version),
                ("$body", ComplaintStoreRules.Serialize(complaint)));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
    }
}

[TestClass]
public sealed class AzureBlobComplaintStoreTests : ComplaintStoreContractTests
{
    private protected override async Task<StorageBackend> CreateBackendAsync() => await AzureBackend.CreateAsync();

    [TestMethod]
    public async Task ListActiveSinceAsync_BlobWrittenWithoutTheActivityTag_TaggedOnceAndListed()
    {
        await using var backend = await AzureBackend.CreateAsync();
        var ct = TestContext.CancellationToken;
        await backend.Blobs.EnsureCreatedAsync(ct);
        var complaint = ClosedComplaint("old-closed", TestComplaints.Start, closedAt: TestComplaints.Start.AddDays(2));
        var oldTags = new Dictionary<string, string> { ["kind"] = "complaint", ["state"] = "Closed", ["dept"] = "billing" };
        await BlobDocuments.TryWriteAsync(backend.Blobs.ComplaintBlob(complaint.Id), new ComplaintDocument { Complaint = complaint.ToSnapshot() }, oldTags, null, ct);

        var listed = new List<string>();
        await foreach (var found in backend.Complaints.ListActiveSinceAsync(TestComplaints.Start.AddDays(1), ct))
        {
            listed.Add(found.Id);
        }

        CollectionAssert.AreEqual(new[] { "old-closed" }, listed);
        var tags = (await backend.Blobs.ComplaintBlob(complaint.Id).GetTagsAsync(cancellationToken: ct)).Value.Tags;
        Assert.AreEqual(ComplaintBlobs.ActivityValue(TestComplaints.Start.AddDays(2)), tags[ComplaintBlobs.ActivityTag]);
        Assert.IsTrue((await backend.Blobs.Container.GetBlobClient(ActivityTagBackfill.MarkerName).ExistsAsync(ct)).Value, "the container is marked done");
        Assert.AreEqual(TestComplaints.Json(complaint), TestComplaints.Json((await backend.Complaints.GetAsync(complaint.Id, ct))!), "the document is unchanged");
    }
}
