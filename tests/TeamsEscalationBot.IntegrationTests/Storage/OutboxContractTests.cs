using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>
/// The <see cref="IOutbox"/> contract and the <see cref="OutboxWorker"/> over it, run against SQLite and Azure
/// (blob + queue on Azurite), including simulated crashes of the worker between each of its steps.
/// </summary>
public abstract class OutboxContractTests
{
    public TestContext TestContext { get; set; } = null!;

    private protected StorageBackend Backend { get; private set; } = null!;

    private protected IOutbox Outbox => Backend.Outbox;

    private protected CancellationToken Ct => TestContext.CancellationToken;

    private TimeSpan LeaseTime => Backend.Options.Outbox.LeaseTime;

    [TestInitialize]
    public async Task InitializeAsync() => Backend = await CreateBackendAsync();

    [TestCleanup]
    public async Task CleanupAsync() => await Backend.DisposeAsync();

    [TestMethod]
    public async Task LeaseAsync_DueItem_LeasedToOneWorkerOnly()
    {
        var item = await SeedAsync("c-001");

        var first = await Backend.LeaseEventuallyAsync(1, Ct);
        var second = await Outbox.LeaseAsync(10, LeaseTime, Ct);

        Assert.AreEqual(item, first.Single().Item);
        Assert.AreEqual(Backend.Time.GetUtcNow() + LeaseTime, first.Single().LeasedUntil);
        Assert.IsEmpty(second);
    }

    [TestMethod]
    public async Task LeaseAsync_NotYetDue_LeasedOnlyOnceDue()
    {
        var item = await SeedAsync("c-001", notBefore: TestComplaints.Start.AddMinutes(1));

        var early = await Outbox.LeaseAsync(10, LeaseTime, Ct);
        Backend.Time.Advance(TimeSpan.FromMinutes(1));
        var due = await Backend.LeaseEventuallyAsync(1, Ct);

        Assert.IsEmpty(early);
        Assert.AreEqual(item.Id, due.Single().Item.Id);
    }

    [TestMethod]
    public async Task LeaseAsync_LeaseExpired_LeasedAgain()
    {
        var item = await SeedAsync("c-001");
        var first = await Backend.LeaseEventuallyAsync(1, Ct);

        Backend.Time.Advance(LeaseTime);
        var again = await Backend.LeaseEventuallyAsync(1, Ct);

        Assert.AreEqual(item.Id, again.Single().Item.Id);
        Assert.AreNotEqual(first.Single().Token, again.Single().Token);
    }

    [TestMethod]
    public async Task LeaseAsync_SeveralComplaints_RespectsMaxItems()
    {
        for (var i = 0; i < 5; i++)
        {
            await SeedAsync($"c-{i:D3}");
        }

        var leases = await Outbox.LeaseAsync(2, LeaseTime, Ct);

        Assert.IsLessThanOrEqualTo(2, leases.Count);
    }

    [TestMethod]
    public async Task CompleteAsync_Leased_RemovesItForGood()
    {
        await SeedAsync("c-001");
        var lease = (await Backend.LeaseEventuallyAsync(1, Ct)).Single();

        Assert.IsTrue(await Outbox.CompleteAsync(lease, Ct));
        Backend.Time.Advance(LeaseTime * 2);

        Assert.IsEmpty(await Outbox.ListPendingAsync("c-001", Ct));
        Assert.IsEmpty(await Outbox.LeaseAsync(10, LeaseTime, Ct));
        Assert.IsFalse(await Outbox.CompleteAsync(lease, Ct), "completing twice finds nothing");
    }

    [TestMethod]
    public async Task RescheduleAsync_Leased_CountsAttemptKeepsErrorAndWaits()
    {
        await SeedAsync("c-001");
        var lease = (await Backend.LeaseEventuallyAsync(1, Ct)).Single();
        var notBefore = Backend.Time.GetUtcNow().AddSeconds(30);

        Assert.IsTrue(await Outbox.RescheduleAsync(lease, notBefore, "HTTP 503", Ct));

        var pending = (await Outbox.ListPendingAsync("c-001", Ct)).Single();
        Assert.AreEqual(1, pending.Attempt);
        Assert.AreEqual("HTTP 503", pending.LastError);
        Assert.AreEqual(notBefore, pending.NotBefore);
        Assert.IsEmpty(await Outbox.LeaseAsync(10, LeaseTime, Ct));
        Backend.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.AreEqual(1, (await Backend.LeaseEventuallyAsync(1, Ct)).Single().Item.Attempt);
    }

    [TestMethod]
    public async Task DeferAsync_Leased_DueAgainLaterWithoutCountingAnAttempt()
    {
        await SeedAsync("c-001");
        var lease = (await Backend.LeaseEventuallyAsync(1, Ct)).Single();
        var notBefore = Backend.Time.GetUtcNow().AddSeconds(5);

        Assert.IsTrue(await Outbox.DeferAsync(lease, notBefore, Ct));
        Assert.IsFalse(await Outbox.DeferAsync(lease, notBefore, Ct), "the lease is given back");

        var pending = (await Outbox.ListPendingAsync("c-001", Ct)).Single();
        Assert.AreEqual(0, pending.Attempt);
        Assert.IsNull(pending.LastError);
        Assert.AreEqual(notBefore, pending.NotBefore);
        Assert.IsEmpty(await Outbox.LeaseAsync(10, LeaseTime, Ct));
        Backend.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.AreEqual(0, (await Backend.LeaseEventuallyAsync(1, Ct)).Single().Item.Attempt);
    }

    [TestMethod]
    public async Task LeaseAsync_MaxPerComplaint_OneComplaintsBacklogLeavesRoomForOthers()
    {
        var backlog = Enumerable.Range(0, 6).Select(i => OutboxItem.Create("thread-reply", "c-001", $"{{\"n\":{i}}}", TestComplaints.Start)).ToList();
        await Backend.Complaints.CreateAsync(TestComplaints.New("c-001"), backlog, Ct);
        var other = await SeedAsync("c-002");

        var rounds = new List<IReadOnlyList<OutboxLease>>();
        await Eventually.UntilAsync(
            async probe =>
            {
                rounds.Add(await Outbox.LeaseAsync(10, 2, LeaseTime, probe));
                return rounds.SelectMany(r => r).Count(l => l.Item.ComplaintId == "c-002");
            },
            leased => leased == 1,
            Ct,
            because: "for the other complaint's item");

        Assert.IsTrue(rounds.All(r => r.Count(l => l.Item.ComplaintId == "c-001") <= 2), "at most two of one complaint per round");
        var first = rounds.SelectMany(r => r).Where(l => l.Item.ComplaintId == "c-001").Select(l => l.Item.Id).ToList();
        CollectionAssert.IsSubsetOf(first, backlog.Take(first.Count + 4).Select(i => i.Id).ToList());
        Assert.AreEqual(other.Id, rounds.SelectMany(r => r).Single(l => l.Item.ComplaintId == "c-002").Item.Id);
    }

    [TestMethod]
    public async Task Worker_UpdatesOfOneCardAndALineThatMustWait_LaterItemsHeldBackThenOneUpdate()
    {
        var at = TestComplaints.Start;
        List<OutboxItem> items =
        [
            OutboxItem.Create("update-card", "c-001", "{}", at),
            OutboxItem.Create("thread-reply", "c-001", "{\"v\":1}", at),
            OutboxItem.Create("update-card", "c-001", "{}", at),
            OutboxItem.Create("thread-reply", "c-001", "{\"v\":2}", at),
            OutboxItem.Create("update-card", "c-001", "{}", at),
        ];
        await Backend.Complaints.CreateAsync(TestComplaints.New("c-001"), items, Ct);
        var updates = new CoalescingHandler();
        var firstLine = true;
        var lines = new RecordingHandler("thread-reply", _ =>
        {
            var wait = firstLine;
            firstLine = false;
            return wait ? OutboxResult.Defer(TimeSpan.FromSeconds(10), "thread throttled") : OutboxResult.Done;
        });
        var worker = Backend.CreateWorker(updates, lines);

        await StorageBackend.RunUntilAsync(
            worker, async () => lines.Deliveries.Count == 1 && (await Outbox.ListPendingAsync("c-001", Ct)).Count == 3, Ct);

        Assert.AreEqual(items[1].Id, lines.Deliveries.Single().Id);
        Assert.AreEqual(0, updates.Count, "the card's update waits behind the line, in the same lane");
        var pending = await Outbox.ListPendingAsync("c-001", Ct);
        CollectionAssert.AreEquivalent(new[] { items[1].Id, items[3].Id, items[4].Id }, pending.Select(p => p.Id).ToList(), "superseded updates completed, the rest held back");
        Assert.IsTrue(pending.All(p => p.Attempt == 0 && p.NotBefore == at.AddSeconds(10)), "put back, no attempt counted");

        Backend.Time.Advance(TimeSpan.FromSeconds(10));
        await StorageBackend.RunUntilAsync(worker, async () => (await Outbox.ListPendingAsync("c-001", Ct)).Count == 0, Ct);

        CollectionAssert.AreEqual(new[] { items[1].Id, items[1].Id, items[3].Id }, lines.Deliveries.Select(d => d.Id).ToList(), "lines in the order they were written");
        Assert.AreEqual(items[4].Id, updates.Seen.Single(), "only the last update of the card is performed");
    }

    [TestMethod]
    public async Task RescheduleAsync_LeaseLostToAnotherWorker_ReturnsFalse()
    {
        await SeedAsync("c-001");
        var stale = (await Backend.LeaseEventuallyAsync(1, Ct)).Single();
        Backend.Time.Advance(LeaseTime);
        var current = (await Backend.LeaseEventuallyAsync(1, Ct)).Single();

        Assert.IsFalse(await Outbox.RescheduleAsync(stale, Backend.Time.GetUtcNow(), "late", Ct));
        Assert.IsFalse(await Outbox.FailAsync(stale, "late", Ct));
        Assert.IsTrue(await Outbox.CompleteAsync(current, Ct));
    }

    [TestMethod]
    public async Task FailAsync_Leased_DeadLettersAndKeepsItForInspection()
    {
        var item = await SeedAsync("c-001");
        var lease = (await Backend.LeaseEventuallyAsync(1, Ct)).Single();

        Assert.IsTrue(await Outbox.FailAsync(lease, "403 bot removed from the team", Ct));
        Backend.Time.Advance(LeaseTime * 2);

        var failed = (await Outbox.ListFailedAsync("c-001", Ct)).Single();
        Assert.AreEqual(item.Id, failed.Item.Id);
        Assert.AreEqual("403 bot removed from the team", failed.Reason);
        Assert.AreEqual(TestComplaints.Start, failed.FailedAt);
        Assert.IsEmpty(await Outbox.ListPendingAsync("c-001", Ct));
        Assert.IsEmpty(await Outbox.LeaseAsync(10, LeaseTime, Ct));
    }

    [TestMethod]
    public async Task Worker_HandlerDone_DeliversOnceAndCompletes()
    {
        var item = await SeedAsync("c-001");
        var handler = new RecordingHandler();
        var worker = Backend.CreateWorker(handler);

        await StorageBackend.RunUntilAsync(worker, () => !handler.Deliveries.IsEmpty, Ct);

        Assert.AreEqual(1, handler.CountFor(item.Id));
        Assert.IsEmpty(await Outbox.ListPendingAsync("c-001", Ct));
    }

    [TestMethod]
    public async Task Worker_ItemsOfOneComplaint_HandledInTheOrderTheyWereWritten()
    {
        var now = Backend.Time.GetUtcNow();
        var items = Enumerable.Range(1, 6).Select(i => OutboxItem.Create("post-card", "c-ordered", $$"""{"step":{{i}}}""", now)).ToList();
        await Backend.Complaints.CreateAsync(TestComplaints.New("c-ordered"), items, Ct);
        var handler = new RecordingHandler();
        var worker = Backend.CreateWorker(handler);

        await StorageBackend.RunUntilAsync(worker, () => handler.Deliveries.Count >= items.Count, Ct);

        CollectionAssert.AreEqual(items.Select(i => i.PayloadJson).ToList(), handler.Deliveries.Select(d => d.PayloadJson).ToList(),
            "a thread must read like the history: one complaint's items go out in order");
    }

    [TestMethod]
    public async Task Worker_RetryAfter_WaitsExactlyThatLong()
    {
        var item = await SeedAsync("c-001");
        var handler = new RecordingHandler(answer: i => i.Attempt == 0 ? OutboxResult.RetryAfter(TimeSpan.FromSeconds(42), "429") : OutboxResult.Done);
        var worker = Backend.CreateWorker(handler);
        await StorageBackend.RunUntilAsync(worker, () => handler.Deliveries.Count == 1, Ct);

        var pending = (await Outbox.ListPendingAsync("c-001", Ct)).Single();
        Assert.AreEqual(TestComplaints.Start.AddSeconds(42), pending.NotBefore);
        Backend.Time.Advance(TimeSpan.FromSeconds(41));
        Assert.AreEqual(0, await worker.RunOnceAsync(Ct));

        Backend.Time.Advance(TimeSpan.FromSeconds(1));
        await StorageBackend.RunUntilAsync(worker, () => handler.Deliveries.Count == 2, Ct);

        Assert.AreEqual(2, handler.CountFor(item.Id));
        Assert.IsEmpty(await Outbox.ListPendingAsync("c-001", Ct));
    }

    [TestMethod]
    public async Task Worker_HandlerThrows_RetriesAfterJitteredBackoff()
    {
        await SeedAsync("c-001");
        var handler = new RecordingHandler(answer: _ => throw new HttpRequestException("connection reset"));
        var worker = Backend.CreateWorker(handler);

        await StorageBackend.RunUntilAsync(worker, () => !handler.Deliveries.IsEmpty, Ct);

        var pending = (await Outbox.ListPendingAsync("c-001", Ct)).Single();
        var delay = pending.NotBefore - TestComplaints.Start;
        Assert.AreEqual(1, pending.Attempt);
        Assert.IsTrue(delay >= Backend.Options.Outbox.BaseDelay / 2 && delay <= Backend.Options.Outbox.BaseDelay, $"delay {delay}");
        StringAssert.Contains(pending.LastError, "connection reset");
    }

    [TestMethod]
    public async Task Worker_PermanentFailure_DeadLettersAndLogsError()
    {
        var item = await SeedAsync("c-001");
        var logger = new FakeLogger<OutboxWorker>();
        var handler = new RecordingHandler(answer: _ => OutboxResult.Failed("404 channel not found"));
        var worker = Backend.CreateWorker(Outbox, logger, handler);

        await StorageBackend.RunUntilAsync(worker, () => !handler.Deliveries.IsEmpty, Ct);

        Assert.AreEqual("404 channel not found", (await Outbox.ListFailedAsync("c-001", Ct)).Single().Reason);
        Assert.IsEmpty(await Outbox.ListPendingAsync("c-001", Ct));
        var error = logger.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Error);
        StringAssert.Contains(error.Message, item.Id);
        StringAssert.Contains(error.Message, "404 channel not found");
    }

    [TestMethod]
    public async Task Worker_AlwaysRetry_GivesUpAfterMaxAttempts()
    {
        var item = await SeedAsync("c-001");
        var handler = new RecordingHandler(answer: _ => OutboxResult.Retry("503"));
        var worker = Backend.CreateWorker(handler);
        var maxAttempts = Backend.Options.Outbox.MaxAttempts;

        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            await StorageBackend.RunUntilAsync(worker, () => handler.Deliveries.Count == attempt, Ct);
            Backend.Time.Advance(Backend.Options.Outbox.MaxDelay);
        }

        Assert.AreEqual(maxAttempts, handler.CountFor(item.Id));
        var failed = (await Outbox.ListFailedAsync("c-001", Ct)).Single();
        StringAssert.Contains(failed.Reason, $"Gave up after {maxAttempts} attempts");
        Assert.AreEqual(maxAttempts, failed.Item.Attempt);
    }

    [TestMethod]
    public async Task Worker_NoHandlerForKind_DeadLetters()
    {
        await SeedAsync("c-001");
        var worker = Backend.CreateWorker(new RecordingHandler(kind: "something-else"));

        await StorageBackend.RunUntilAsync(worker, async () => (await Outbox.ListFailedAsync("c-001", Ct)).Count == 1, Ct);

        StringAssert.Contains((await Outbox.ListFailedAsync("c-001", Ct)).Single().Reason, "No outbox handler");
    }

    [TestMethod]
    public async Task Worker_ManyItems_DeliversAllWithBoundedParallelism()
    {
        var items = new List<OutboxItem>();
        for (var i = 0; i < 12; i++)
        {
            items.Add(await SeedAsync($"c-{i:D3}"));
        }

        var handler = new ConcurrencyProbe();
        var worker = Backend.CreateWorker(handler);

        await StorageBackend.RunUntilAsync(worker, () => handler.Seen.Count == items.Count, Ct);

        CollectionAssert.AreEquivalent(items.Select(i => i.Id).ToArray(), handler.Seen.ToArray());
        Assert.IsLessThanOrEqualTo(Backend.Options.Outbox.MaxParallelism, handler.MaxConcurrent);
    }

    [TestMethod]
    [DataRow(CrashPoint.AfterLease)]
    [DataRow(CrashPoint.AfterHandling)]
    [DataRow(CrashPoint.AfterReschedule)]
    public async Task Worker_CrashBetweenSteps_RestartDeliversEveryItem(CrashPoint crashPoint)
    {
        var items = new List<OutboxItem>();
        for (var i = 0; i < 6; i++)
        {
            items.Add(await SeedAsync($"c-{i:D3}"));
        }

        var before = new RecordingHandler(answer: _ => crashPoint == CrashPoint.AfterReschedule ? OutboxResult.Retry("503") : OutboxResult.Done);
        var crashing = Backend.CreateWorker(new CrashingOutbox(Outbox, crashPoint), new FakeLogger<OutboxWorker>(), before);
        await CrashAsync(() => StorageBackend.RunUntilAsync(crashing, () => false, Ct));

        // A new process: fresh instances over the same data, after the dead worker's leases ran out.
        Backend.Restart();
        Backend.Time.Advance(LeaseTime + Backend.Options.Outbox.MaxDelay);
        var after = new RecordingHandler();
        var worker = Backend.CreateWorker(after);
        await StorageBackend.RunUntilAsync(worker, () => AllDoneAsync(items), Ct);

        foreach (var item in items)
        {
            Assert.IsGreaterThanOrEqualTo(1, before.CountFor(item.Id) + after.CountFor(item.Id), $"item {item.Id} was never delivered");
            Assert.IsEmpty(await Outbox.ListPendingAsync(item.ComplaintId, Ct), $"item {item.Id} is still pending");
            Assert.IsEmpty(await Outbox.ListFailedAsync(item.ComplaintId, Ct));
        }
    }

    private protected abstract Task<StorageBackend> CreateBackendAsync();

    private protected async Task<OutboxItem> SeedAsync(string complaintId, DateTimeOffset? notBefore = null)
    {
        var item = TestComplaints.PostCard(complaintId, notBefore);
        await Backend.Complaints.CreateAsync(TestComplaints.New(complaintId), [item], Ct);
        return item;
    }

    private protected static async Task CrashAsync(Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (Exception ex) when (IsSimulatedCrash(ex))
        {
            return;
        }

        Assert.Fail("The simulated crash did not happen.");
    }

    private static bool IsSimulatedCrash(Exception ex) =>
        ex is SimulatedCrashException || (ex is AggregateException aggregate && aggregate.Flatten().InnerExceptions.Any(IsSimulatedCrash));

    private protected async Task<bool> AllDoneAsync(IEnumerable<OutboxItem> items)
    {
        foreach (var item in items)
        {
            if ((await Outbox.ListPendingAsync(item.ComplaintId, Ct)).Count > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where <see cref="CrashingOutbox"/> pretends the process died.</summary>
    public enum CrashPoint
    {
        /// <summary>Items leased, the process dies before any handler runs.</summary>
        AfterLease,

        /// <summary>Handlers ran (cards posted), the process dies before recording completion.</summary>
        AfterHandling,

        /// <summary>A failed attempt was rescheduled, then the process died.</summary>
        AfterReschedule,
    }

    /// <summary>An outbox whose process "dies" at one step: the step before it is durable, nothing after it happens.</summary>
    private sealed class CrashingOutbox(IOutbox inner, CrashPoint crashPoint) : IOutbox
    {
        public async Task<IReadOnlyList<OutboxLease>> LeaseAsync(int maxItems, int maxPerComplaint, TimeSpan leaseTime, CancellationToken cancellationToken)
        {
            var leases = await inner.LeaseAsync(maxItems, maxPerComplaint, leaseTime, cancellationToken);
            return crashPoint == CrashPoint.AfterLease && leases.Count > 0 ? throw new SimulatedCrashException() : leases;
        }

        public Task<bool> CompleteAsync(OutboxLease lease, CancellationToken cancellationToken) =>
            crashPoint == CrashPoint.AfterHandling ? throw new SimulatedCrashException() : inner.CompleteAsync(lease, cancellationToken);

        public async Task<bool> RescheduleAsync(OutboxLease lease, DateTimeOffset notBefore, string error, CancellationToken cancellationToken)
        {
            var rescheduled = await inner.RescheduleAsync(lease, notBefore, error, cancellationToken);
            return crashPoint == CrashPoint.AfterReschedule ? throw new SimulatedCrashException() : rescheduled;
        }

        public Task<bool> FailAsync(OutboxLease lease, string reason, CancellationToken cancellationToken) => inner.FailAsync(lease, reason, cancellationToken);

        public Task<bool> DeferAsync(OutboxLease lease, DateTimeOffset notBefore, CancellationToken cancellationToken) => inner.DeferAsync(lease, notBefore, cancellationToken);

        public Task<IReadOnlyList<OutboxItem>> ListPendingAsync(string complaintId, CancellationToken cancellationToken) => inner.ListPendingAsync(complaintId, cancellationToken);

        public Task<IReadOnlyList<FailedOutboxItem>> ListFailedAsync(string complaintId, CancellationToken cancellationToken) => inner.ListFailedAsync(complaintId, cancellationToken);

        public Task<int> RecoverAsync(CancellationToken cancellationToken) => inner.RecoverAsync(cancellationToken);
    }

    /// <summary>An update-card handler that coalesces, as the real one does.</summary>
    private sealed class CoalescingHandler : IOutboxHandler
    {
        public string Kind => "update-card";

        public bool Coalesces => true;

        public System.Collections.Concurrent.ConcurrentQueue<string> Seen { get; } = new();

        public int Count => Seen.Count;

        public Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
        {
            Seen.Enqueue(item.Id);
            return Task.FromResult(OutboxResult.Done);
        }
    }

    /// <summary>Records how many deliveries run at once.</summary>
    private sealed class ConcurrencyProbe : IOutboxHandler
    {
        private int running;
        private int maxConcurrent;

        public string Kind => "post-card";

        public System.Collections.Concurrent.ConcurrentBag<string> Seen { get; } = [];

        public int MaxConcurrent => Volatile.Read(ref maxConcurrent);

        public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxConcurrent, now);
            await Task.Delay(20, cancellationToken);
            Seen.Add(item.Id);
            Interlocked.Decrement(ref running);
            return OutboxResult.Done;
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}

[TestClass]
public sealed class SqliteOutboxTests : OutboxContractTests
{
    private protected override Task<StorageBackend> CreateBackendAsync() => Task.FromResult<StorageBackend>(new SqliteBackend());
}
