using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Azure;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>
/// Service-level records in the <see cref="IComplaintStore"/> contract, against SQLite and Azure Blob (Azurite): the
/// clocks and card refreshes are written with the complaint, and due and overdue complaints are found by the indexed
/// instants. Billing has a policy (calendar hours: claim within 1 h, answer within 4 h, due soon at 75%); logistics none.
/// </summary>
public abstract class ComplaintSlaContractTests
{
    private StorageBackend backend = null!;

    public TestContext TestContext { get; set; } = null!;

    private IComplaintStore Store => backend.Complaints;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static DateTimeOffset At(double minutes) => TestComplaints.Start.AddMinutes(minutes);

    [TestInitialize]
    public async Task InitializeAsync()
    {
        backend = await CreateBackendAsync();
        backend.UseSlaRecorder(new SlaRecorder(
            Options.Create(new SlaOptions
            {
                Departments = { ["billing"] = new SlaPolicy { CountIn = SlaCounting.CalendarHours, Targets = new(TimeSpan.FromHours(1), TimeSpan.FromHours(4)) } },
            }),
            NullLogger<SlaRecorder>.Instance));
    }

    [TestCleanup]
    public async Task CleanupAsync() => await backend.DisposeAsync();

    [TestMethod]
    public async Task CreateAsync_WithAPolicy_ClocksAndCardRefreshesWrittenWithTheComplaint()
    {
        var created = await Store.CreateAsync(TestComplaints.New("c-001"), [TestComplaints.PostCard("c-001")], Ct);

        var stored = await Store.GetAsync("c-001", Ct);
        var record = SlaRecords.Of(stored!)!;
        Assert.AreEqual(SlaRecord.Serialize(record), SlaRecord.Serialize(SlaRecords.Of(created.Complaint)!), "the created complaint carries what was written");
        Assert.HasCount(1, record.Clocks);
        Assert.AreEqual("billing", record.Clocks[0].Terms!.PolicyName);
        Assert.AreEqual(SlaBand.OnTrack, record.Band);
        Assert.AreEqual(At(45), record.NextDueAt);
        Assert.AreEqual(At(45), record.DueSoonAt);
        Assert.AreEqual(At(60), record.OverdueAt);
        var refreshes = (await backend.Outbox.ListPendingAsync("c-001", Ct)).Where(i => i.Kind == OutboxKinds.UpdateCard).Select(i => i.NotBefore);
        CollectionAssert.AreEquivalent(new[] { At(45), At(60) }, refreshes.ToArray());
        Assert.AreEqual(SlaBand.OnTrack, SlaRecords.StatusOf(stored!, At(10))!.Band);
    }

    [TestMethod]
    public async Task CreateAsync_DepartmentWithoutPolicy_NoClockNothingScheduled()
    {
        await Store.CreateAsync(TestComplaints.New("c-001", department: "logistics"), [], Ct);

        var record = SlaRecords.Of((await Store.GetAsync("c-001", Ct))!)!;
        Assert.AreEqual(SlaBand.NoClock, record.Band);
        Assert.IsNull(record.Clocks[0].Terms);
        Assert.IsNull(record.NextDueAt);
        Assert.IsEmpty(await backend.Outbox.ListPendingAsync("c-001", Ct));
    }

    [TestMethod]
    public async Task UpdateAsync_Reassigned_TheNewClockIsInTheSameWrite()
    {
        var complaint = TestComplaints.Opened(TestComplaints.New("c-001"), At(1));
        await Store.CreateAsync(complaint, [], Ct);
        var loaded = (await Store.GetAsync("c-001", Ct))!;
        var expected = loaded.Version;
        TestComplaints.MustSucceed(loaded.Reassign(TestComplaints.Ana, "logistics", "Shipping, not billing.", At(10)));

        var result = await Store.UpdateAsync(loaded, expected, [], Ct);

        Assert.AreEqual(UpdateOutcome.Updated, result.Outcome);
        var record = SlaRecords.Of((await Store.GetAsync("c-001", Ct))!)!;
        Assert.HasCount(2, record.Clocks);
        Assert.AreEqual("logistics", record.Clocks[1].DepartmentId);
        Assert.AreEqual(SlaBand.NoClock, record.Band);
        Assert.IsNull(record.OverdueAt);
        Assert.AreEqual(SlaRecord.Serialize(record), SlaRecord.Serialize(SlaRecords.Of(result.Current!)!), "the updated complaint carries what was written");
    }

    [TestMethod]
    public async Task UpdateAsync_StaleVersion_TheWinnersRecordStays()
    {
        await Store.CreateAsync(TestComplaints.Opened(TestComplaints.New("c-001"), At(1)), [], Ct);
        var first = (await Store.GetAsync("c-001", Ct))!;
        var second = (await Store.GetAsync("c-001", Ct))!;
        var version = first.Version;
        TestComplaints.MustSucceed(first.Claim(TestComplaints.Ana, At(20)));
        TestComplaints.MustSucceed(second.Reassign(TestComplaints.Ana, "logistics", "Not ours.", At(21)));

        Assert.AreEqual(UpdateOutcome.Updated, (await Store.UpdateAsync(first, version, [], Ct)).Outcome);
        Assert.AreEqual(UpdateOutcome.Conflict, (await Store.UpdateAsync(second, version, [], Ct)).Outcome);

        var record = SlaRecords.Of((await Store.GetAsync("c-001", Ct))!)!;
        Assert.HasCount(1, record.Clocks);
        Assert.AreEqual(At(240), record.OverdueAt);
    }

    [TestMethod]
    public async Task ListDueAsync_BandChangesBefore_SoonestFirstWithinTheLimit()
    {
        await SeedAsync(("c-001", "billing", 20), ("c-002", "billing", 0), ("c-003", "billing", 10), ("c-004", "logistics", 0));

        CollectionAssert.AreEqual(new[] { "c-002" }, await DueIdsAsync(At(50), 10));
        CollectionAssert.AreEqual(new[] { "c-002", "c-003", "c-001" }, await DueIdsAsync(At(120), 10));
        CollectionAssert.AreEqual(new[] { "c-002", "c-003" }, await DueIdsAsync(At(120), 2));
        Assert.IsEmpty(await DueIdsAsync(At(44), 10));
    }

    [TestMethod]
    public async Task ListDueAsync_Claimed_WaitsForTheAnswerTargetInstead()
    {
        await SeedAsync(("c-001", "billing", 0));
        var loaded = (await Store.GetAsync("c-001", Ct))!;
        var expected = loaded.Version;
        TestComplaints.MustSucceed(loaded.Claim(TestComplaints.Ana, At(30)));
        await Store.UpdateAsync(loaded, expected, [], Ct);

        Assert.IsEmpty(await DueIdsAsync(At(120), 10));
        CollectionAssert.AreEqual(new[] { "c-001" }, await DueIdsAsync(At(180), 10));
    }

    [TestMethod]
    public async Task ListDueAsync_EscalationSteps_ListedAgainAtEachNextLevelUntilTheLastIsRecorded()
    {
        // Claim within 1 h: reminder at 45 min, breach at 60, second level at 120 (then the answer's: 180, 240, 480).
        await SeedAsync(("c-001", "billing", 0));

        var due = new List<DateTimeOffset>();
        foreach (var (level, at) in new[] { (EscalationLevel.Reminder, At(45)), (EscalationLevel.Breach, At(60)), (EscalationLevel.SecondLevel, At(120)) })
        {
            Assert.IsEmpty(await DueIdsAsync(at.AddSeconds(-1), 10), $"not listed before the {level}");
            CollectionAssert.AreEqual(new[] { "c-001" }, await DueIdsAsync(at, 10), $"listed at the {level}");
            var loaded = (await Store.GetAsync("c-001", Ct))!;
            due.Add(SlaRecords.Of(loaded)!.NextDueAt!.Value);
            var expected = loaded.Version;
            TestComplaints.MustSucceed(loaded.RecordEscalation(new EscalationStep(SlaTarget.Claim, level, At(60), ["aad-lead"]), null, at));
            Assert.AreEqual(UpdateOutcome.Updated, (await Store.UpdateAsync(loaded, expected, [], Ct)).Outcome);
        }

        CollectionAssert.AreEqual(new[] { At(45), At(60), At(120) }, due);
        Assert.AreEqual(At(180), SlaRecords.Of((await Store.GetAsync("c-001", Ct))!)!.NextDueAt, "then the answer's reminder");
        Assert.IsEmpty(await DueIdsAsync(At(179), 10));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(101)]
    public async Task ListDueAsync_LimitOutOfRange_Throws(int limit) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListDueAsync(At(0), limit, Ct));

    [TestMethod]
    public async Task ListAsync_OverdueAt_OnlyComplaintsPastATarget()
    {
        await SeedAsync(("c-001", "billing", 20), ("c-002", "billing", 0), ("c-003", "billing", 10), ("c-004", "logistics", 0));

        var overdue = await Store.ListAsync(new ComplaintQuery { OverdueAt = At(65) }, Ct);
        var later = await Store.ListAsync(new ComplaintQuery { OverdueAt = At(80), State = ComplaintState.Open }, Ct);

        CollectionAssert.AreEqual(new[] { "c-002" }, overdue.Items.Select(c => c.Id).ToArray());
        CollectionAssert.AreEqual(new[] { "c-001", "c-002", "c-003" }, later.Items.Select(c => c.Id).ToArray());
        Assert.IsTrue(overdue.Items.All(c => SlaRecords.Of(c) is not null), "listed complaints carry their records");
    }

    [TestMethod]
    public async Task ListAsync_DueSoonAtInADepartment_DueSoonAndOverdueOnly()
    {
        await SeedAsync(("c-001", "billing", 20), ("c-002", "billing", 0), ("c-003", "billing", 10), ("c-004", "logistics", 0));

        var page = await Store.ListAsync(new ComplaintQuery { DepartmentId = "BILLING", DueSoonAt = At(60) }, Ct);

        CollectionAssert.AreEqual(new[] { "c-002", "c-003" }, page.Items.Select(c => c.Id).ToArray());
    }

    [TestMethod]
    public async Task ListAsync_OverdueThenClaimed_NoLongerListed()
    {
        await SeedAsync(("c-001", "billing", 0));
        var loaded = (await Store.GetAsync("c-001", Ct))!;
        var expected = loaded.Version;
        TestComplaints.MustSucceed(loaded.Claim(TestComplaints.Ana, At(70)));
        await Store.UpdateAsync(loaded, expected, [], Ct);

        Assert.IsEmpty((await Store.ListAsync(new ComplaintQuery { OverdueAt = At(90) }, Ct)).Items);
        Assert.HasCount(1, (await Store.ListAsync(new ComplaintQuery { OverdueAt = At(300) }, Ct)).Items);
    }

    [TestMethod]
    public async Task GetAsync_AfterRestart_RecordReadBackLosslessly()
    {
        await Store.CreateAsync(TestComplaints.New("c-001"), [], Ct);
        var before = SlaRecord.Serialize(SlaRecords.Of((await Store.GetAsync("c-001", Ct))!)!);

        backend.Restart();

        Assert.AreEqual(before, SlaRecord.Serialize(SlaRecords.Of((await Store.GetAsync("c-001", Ct))!)!));
        Assert.AreEqual(before, SlaRecord.Serialize(SlaRecords.Of((await Store.FindByIdPrefixAsync("c-0", 10, Ct)).Items[0])!));
        Assert.AreEqual(before, SlaRecord.Serialize(SlaRecords.Of((await Store.FindByExternalIdAsync("listening-tool", "post-c-001", Ct))!)!));
    }

    private protected StorageBackend Backend => backend;

    private protected abstract Task<StorageBackend> CreateBackendAsync();

    /// <summary>Open complaints received the given minutes after the start.</summary>
    private async Task SeedAsync(params (string Id, string Department, double Minutes)[] complaints)
    {
        foreach (var (id, department, minutes) in complaints)
        {
            var complaint = TestComplaints.Opened(TestComplaints.New(id, department: department, at: At(minutes)), At(minutes + 1));
            await Store.CreateAsync(complaint, [], Ct);
        }
    }

    private async Task<string[]> DueIdsAsync(DateTimeOffset before, int limit) =>
        [.. (await Store.ListDueAsync(before, limit, Ct)).Select(c => c.Id)];
}

[TestClass]
public sealed class SqliteComplaintSlaTests : ComplaintSlaContractTests
{
    private protected override Task<StorageBackend> CreateBackendAsync() => Task.FromResult<StorageBackend>(new SqliteBackend());

    [TestMethod]
    [DataRow("overdue_at <= $at ORDER BY id", "ix_complaints_overdue")]
    [DataRow("department_id = $department AND due_soon_at <= $at ORDER BY id", "ix_complaints_department_due_soon")]
    [DataRow("next_due_at <= $at ORDER BY next_due_at, id", "ix_complaints_next_due")]
    public async Task Queries_QueryPlan_SearchTheirIndexNeverScan(string where, string index)
    {
        await using var connection = await ((SqliteBackend)Backend).Database.OpenAsync(TestContext.CancellationToken);
        await using var command = connection.Command(
            $"EXPLAIN QUERY PLAN SELECT body, sla FROM complaints WHERE {where} LIMIT 51", null, ("$at", 1L), ("$department", "billing"));
        await using var reader = await command.ExecuteReaderAsync(TestContext.CancellationToken);
        var plan = new List<string>();
        while (await reader.ReadAsync(TestContext.CancellationToken))
        {
            plan.Add(reader.GetString(3));
        }

        var joined = string.Join(" | ", plan);
        Assert.IsTrue(plan.Any(step => step.StartsWith("SEARCH complaints USING INDEX " + index, StringComparison.Ordinal)), joined);
        Assert.IsFalse(plan.Any(step => step.StartsWith("SCAN complaints", StringComparison.Ordinal)), joined);
    }
}

[TestClass]
public sealed class AzureBlobComplaintSlaTests : ComplaintSlaContractTests
{
    private protected override async Task<StorageBackend> CreateBackendAsync() => await AzureBackend.CreateAsync();

    [TestMethod]
    public async Task CreateAsync_WithAPolicy_InstantsTaggedInTheSameWrite()
    {
        await Backend.Complaints.CreateAsync(TestComplaints.New("c-001"), [], TestContext.CancellationToken);

        var tags = (await ((AzureBackend)Backend).Blobs.ComplaintBlob("c-001").GetTagsAsync(cancellationToken: TestContext.CancellationToken)).Value.Tags;

        Assert.AreEqual("2026-03-02T09:45:00.0000000Z", tags[ComplaintBlobs.SlaNextTag]);
        Assert.AreEqual("2026-03-02T09:45:00.0000000Z", tags[ComplaintBlobs.SlaDueSoonTag]);
    }
}
