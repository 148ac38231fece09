using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Leases;
using TeamsEscalationBot.Storage.Sqlite;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>
/// <see cref="LeaseLeadership"/> over one SQLite database shared by several instances (each with its own connections, as
/// separate processes have), on a fake clock: one leader, renewal, the end of a term, release and takeover.
/// </summary>
[TestClass]
public sealed class LeaseLeadershipTests
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);

    private readonly List<LeaseLeadership> started = [];

    public TestContext TestContext { get; set; } = null!;

    private SqliteBackend Backend { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private FakeTimeProvider Time => Backend.Time;

    [TestInitialize]
    public void Initialize() => Backend = new SqliteBackend();

    [TestCleanup]
    public async Task CleanupAsync()
    {
        foreach (var leadership in started)
        {
            await leadership.StopAsync(CancellationToken.None);
            leadership.Dispose();
        }

        await Backend.DisposeAsync();
    }

    [TestMethod]
    public async Task StartAsync_LoneInstance_LeaderAtOnce()
    {
        var logs = new FakeLogger<LeaseLeadership>();
        var alone = await StartAsync("instance-a", logger: logs);

        var term = alone.WaitForTermAsync(Ct);

        Assert.IsTrue(alone.IsLeader);
        Assert.IsTrue(term.IsCompletedSuccessfully, "a leader's wait for its term returns at once");
        Assert.IsFalse((await term).IsCancellationRequested);
        Assert.IsTrue(logs.Collector.GetSnapshot().Any(l => l.Id.Id == 4201 && l.Message.Contains("instance-a", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task StartAsync_TwoInstancesOneDatabase_OneLeader()
    {
        var first = await StartAsync("instance-a");
        var second = await StartAsync("instance-b");

        var standbyTerm = second.WaitForTermAsync(Ct);

        Assert.IsTrue(first.IsLeader);
        Assert.IsFalse(second.IsLeader);
        Assert.IsFalse(standbyTerm.IsCompleted, "a standby waits for a term");
    }

    [TestMethod]
    public async Task Attempt_LeaderStopsRenewing_OtherTakesOverWithinOneLeasePeriodAndNeverBoth()
    {
        // The leader "crashes": it makes no further attempt and never releases; its lease row stays until it runs out.
        var logs = new FakeLogger<LeaseLeadership>();
        var crashed = Create("instance-a");
        var standby = Create("instance-b", logger: logs);
        await crashed.AttemptAsync(Ct);
        await standby.AttemptAsync(Ct);
        var crashedTerm = await crashed.WaitForTermAsync(Ct);
        var lastRenewal = Time.GetUtcNow();
        DateTimeOffset? crashedTermEnded = null;
        crashedTerm.Register(() => crashedTermEnded = Time.GetUtcNow());

        // The standby tries every AcquireInterval; the clock moves a second at a time so that the crashed leader's term
        // timer is seen to fire when it is due.
        for (var second = 1; !standby.IsLeader && second <= 120; second++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            if (TimeSpan.FromSeconds(second).Ticks % standby.AcquireInterval.Ticks == 0)
            {
                await standby.AttemptAsync(Ct);
            }
        }

        var takenOverAt = Time.GetUtcNow();
        Assert.IsTrue(standby.IsLeader, "the standby took over");
        Assert.IsGreaterThanOrEqualTo(lastRenewal + LeaseTime, takenOverAt, "not before the crashed leader's lease ran out");
        Assert.IsLessThanOrEqualTo(lastRenewal + LeaseTime + standby.AcquireInterval, takenOverAt, "within one lease period and one try");
        Assert.IsNotNull(crashedTermEnded, "the crashed leader's own term ended on its clock");
        Assert.IsLessThan(lastRenewal + LeaseTime, crashedTermEnded.Value, "before its lease ran out, so the two terms never overlap");
        Assert.IsFalse(crashed.IsLeader);
        Assert.IsTrue(logs.Collector.GetSnapshot().Any(l => l.Id.Id == 4202 && l.Message.Contains("from instance-a", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task Attempt_RenewalsFail_TermEndsATenthBeforeTheLeaseRunsOut()
    {
        var store = new SeverableLeaseStore(Backend.Leases);
        var logs = new FakeLogger<LeaseLeadership>();
        var leader = Create("instance-a", store, logs);
        await leader.AttemptAsync(Ct);
        var term = await leader.WaitForTermAsync(Ct);
        store.Sever();

        Time.Advance(leader.RenewInterval);
        var retryIn = await leader.AttemptAsync(Ct);
        Time.Advance(LeaseTime - leader.SafetyMargin - leader.RenewInterval - TimeSpan.FromTicks(1));
        var leaderJustBefore = leader.IsLeader;
        Time.Advance(TimeSpan.FromTicks(1));

        Assert.AreEqual(leader.SafetyMargin, retryIn, "a failed renewal is tried again soon");
        Assert.IsTrue(leaderJustBefore, "a failed renewal alone does not end the term while the lease still holds");
        Assert.IsTrue(term.IsCancellationRequested, "the term ends when no renewal succeeded in time");
        Assert.IsFalse(leader.IsLeader);
        Assert.IsTrue(logs.Collector.GetSnapshot().Any(l => l.Id.Id == 4203 && l.Message.Contains("in time", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task Attempt_LeaseTakenMeanwhile_TermEndsAtTheRefusedRenewal()
    {
        var leader = Create("instance-a");
        await leader.AttemptAsync(Ct);
        var term = await leader.WaitForTermAsync(Ct);
        // The leader's process was paused past its lease (not its term timer's fault): another took the lease meanwhile.
        await using (var connection = await Backend.Database.OpenAsync(Ct))
        {
            await connection.ExecuteAsync("UPDATE leases SET holder = 'instance-b'", null, Ct);
        }

        await leader.AttemptAsync(Ct);

        Assert.IsTrue(term.IsCancellationRequested);
        Assert.IsFalse(leader.IsLeader);
    }

    [TestMethod]
    public async Task Background_Leader_KeepsRenewingAndStandbyStaysStandby()
    {
        var leader = await StartAsync("instance-a");
        var standby = await StartAsync("instance-b");
        var term = await leader.WaitForTermAsync(Ct);

        // Three lease periods in steps of a second. The loop runs on real threads and the clock only moves here: after
        // each third of the lease the clock waits for the renewal, moving on only while the term would still last.
        var renewedAt = Time.GetUtcNow();
        for (var renewal = 1; renewal <= 9; renewal++)
        {
            var due = renewedAt + leader.RenewInterval;
            var termEnds = renewedAt + LeaseTime - leader.SafetyMargin;
            var expires = await Eventually.UntilAsync(
                async probe =>
                {
                    if (Time.GetUtcNow() + TimeSpan.FromSeconds(1) < termEnds)
                    {
                        Time.Advance(TimeSpan.FromSeconds(1));
                    }

                    return await ExpiresAtAsync(probe);
                },
                expiresAt => expiresAt >= due + LeaseTime,
                Ct,
                because: $"for renewal {renewal}");
            renewedAt = expires - LeaseTime;
        }

        Assert.IsFalse(term.IsCancellationRequested, "the term lasted through every renewal");
        Assert.IsTrue(leader.IsLeader);
        Assert.IsFalse(standby.IsLeader);
    }

    [TestMethod]
    public async Task Background_LeaderCrashes_StandbyTakesOverWithinOneLeasePeriod()
    {
        var store = new SeverableLeaseStore(Backend.Leases);
        var leader = await StartAsync("instance-a", store);
        var standby = await StartAsync("instance-b");
        var crashedAt = Time.GetUtcNow();

        // The leader's storage goes away as with a dead process: no renewal, no release.
        store.Sever();
        await Eventually.UntilAsync(
            _ =>
            {
                if (!standby.IsLeader)
                {
                    Time.Advance(TimeSpan.FromSeconds(1));
                }

                return Task.FromResult(standby.IsLeader);
            },
            Ct,
            because: "for the standby to take over");

        Assert.IsFalse(leader.IsLeader);
        Assert.IsLessThanOrEqualTo(crashedAt + LeaseTime + standby.RenewInterval, Time.GetUtcNow(), "within one lease period (and a try, and the loop's lag)");
    }

    [TestMethod]
    public async Task StopAsync_Leader_ReleasesAndStandbyLeadsAtItsNextTry()
    {
        var leader = await StartAsync("instance-a");
        var standby = await StartAsync("instance-b");
        var term = await leader.WaitForTermAsync(Ct);
        var standbyTerm = standby.WaitForTermAsync(Ct);

        await leader.StopAsync(Ct);
        Time.Advance(standby.AcquireInterval);
        await standby.AttemptAsync(Ct);

        Assert.IsTrue(term.IsCancellationRequested, "a stopping leader ends its term first");
        Assert.IsFalse(leader.IsLeader);
        Assert.IsTrue(standby.IsLeader, "the released lease is free at once, long before it would have run out");
        Assert.IsFalse((await standbyTerm.WaitAsync(TimeSpan.FromSeconds(10), Ct)).IsCancellationRequested, "the waiting work got its term");
    }

    [TestMethod]
    public async Task WaitForTermAsync_Cancelled_Throws()
    {
        var standby = Create("instance-b");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var waiting = standby.WaitForTermAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => waiting);
    }

    private LeaseLeadership Create(string instanceId, ILeaseStore? store = null, ILogger<LeaseLeadership>? logger = null)
    {
        // Each instance its own database object (connections and initialisation), like a separate process on the same file.
        store ??= new SqliteLeaseStore(new SqliteDatabase(Backend.Options.SqlitePath, Time, NullLogger<SqliteDatabase>.Instance), Time);
        var options = new StorageOptions { Leadership = new LeadershipOptions { LeaseTime = LeaseTime, InstanceId = instanceId } };
        return new LeaseLeadership(store, Microsoft.Extensions.Options.Options.Create(options), Time, logger ?? NullLogger<LeaseLeadership>.Instance);
    }

    private async Task<LeaseLeadership> StartAsync(string instanceId, ILeaseStore? store = null, ILogger<LeaseLeadership>? logger = null)
    {
        var leadership = Create(instanceId, store, logger);
        started.Add(leadership);
        await leadership.StartAsync(Ct);
        return leadership;
    }

    private async Task<DateTimeOffset> ExpiresAtAsync(CancellationToken cancellationToken)
    {
        await using var connection = await Backend.Database.OpenAsync(cancellationToken);
        var ticks = (long)(await connection.ScalarAsync("SELECT expires_at FROM leases WHERE name = 'leader'", null, cancellationToken))!;
        return SqliteCommandExtensions.FromTicks(ticks);
    }
}

/// <summary>A lease store whose process "dies" on <see cref="Sever"/>: every later call fails, so nothing is renewed or released.</summary>
internal sealed class SeverableLeaseStore(ILeaseStore inner) : ILeaseStore
{
    private volatile bool severed;

    public void Sever() => severed = true;

    public Task<LeaseClaim> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken) =>
        severed ? Task.FromException<LeaseClaim>(new SimulatedCrashException()) : inner.TryAcquireAsync(name, holder, duration, cancellationToken);

    public Task<bool> RenewAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken) =>
        severed ? Task.FromException<bool>(new SimulatedCrashException()) : inner.RenewAsync(name, holder, duration, cancellationToken);

    public Task<bool> ReleaseAsync(string name, string holder, CancellationToken cancellationToken) =>
        severed ? Task.FromException<bool>(new SimulatedCrashException()) : inner.ReleaseAsync(name, holder, cancellationToken);
}
