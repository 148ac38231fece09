using TeamsEscalationBot.Storage.Leases;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>The <see cref="ILeaseStore"/> contract, run against SQLite (fake clock) and Azure blob leases on Azurite (real clock).</summary>
public abstract class LeaseStoreContractTests
{
    private const string Lease = "leader";
    private const string Alpha = "instance-a";
    private const string Beta = "instance-b";

    /// <summary>The shortest lease Azure accepts.</summary>
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    public TestContext TestContext { get; set; } = null!;

    private protected StorageBackend Backend { get; private set; } = null!;

    private ILeaseStore Leases => Backend.Leases;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestInitialize]
    public async Task InitializeAsync() => Backend = await CreateBackendAsync();

    [TestCleanup]
    public async Task CleanupAsync() => await Backend.DisposeAsync();

    [TestMethod]
    public async Task TryAcquire_Free_Acquired()
    {
        var claim = await Leases.TryAcquireAsync(Lease, Alpha, Duration, Ct);

        Assert.IsTrue(claim.Acquired);
        Assert.IsNull(claim.TakenOverFrom, "nobody held it before");
    }

    [TestMethod]
    public async Task TryAcquire_HeldByAnother_Refused()
    {
        await Leases.TryAcquireAsync(Lease, Alpha, Duration, Ct);

        var claim = await Leases.TryAcquireAsync(Lease, Beta, Duration, Ct);

        Assert.IsFalse(claim.Acquired);
    }

    [TestMethod]
    public async Task TryAcquire_OtherName_Independent()
    {
        await Leases.TryAcquireAsync(Lease, Alpha, Duration, Ct);

        var claim = await Leases.TryAcquireAsync("another-lease", Beta, Duration, Ct);

        Assert.IsTrue(claim.Acquired);
    }

    [TestMethod]
    public async Task TryAcquire_SameHolderAgain_AcquiredAndStillRefusedToOthers()
    {
        await Leases.TryAcquireAsync(Lease, Alpha, Duration, Ct);

        var again = await Leases.TryAcquireAsync(Lease, Alpha, Duration, Ct);
        var other = await Leases.TryAcquireAsync(Lease, Beta, Duration, Ct);

        Assert.IsTrue(again.Acquired);
        Assert.IsNull(again.TakenOverFrom, "a holder does not take over from itself");
        Assert.IsFalse(other.Acquired);
    }

    [TestMethod]
    public async Task Renew_ByHolder_RenewedAndStillRefusedToOthers()
    {
        await Leases.TryAcquireAsync(Lease, Alpha, Duration, Ct);

        var renewed = await Leases.RenewAsync(Lease, Alpha, Duration, Ct);
        var other = await Leases.TryAcquireAsync(Lease, Beta, Duration, Ct);

        Assert.IsTrue(renewed);
        Assert.IsFalse(other.Acquired);
    }

    [TestMethod]
    public async Task Renew_ByNonHolder_RefusedAndHolderKeepsIt()
    {
        await Leases.TryAcquireAsync(Lease, Alpha, Duration, Ct);

        var renewed = await Leases.RenewAsync(Lease, Beta, Duration, Ct);

        Assert.IsFalse(renewed);
        Assert.IsFalse((await Leases.TryAcquireAsync(Lease, Beta, Duration, Ct)).Acquired);
        Assert.IsTrue(await Leases.RenewAsync(Lease, Alpha, Duration, Ct));
    }

    [TestMethod]
    public async Task Renew_NeverAcquired_Refused() =>
        Assert.IsFalse(await Leases.RenewAsync(Lease, Alpha, Duration, Ct));

    [TestMethod]
    public async Task TryAcquire_AfterExpiry_TakenOverNamingThePreviousHolder()
    {
        await Leases.TryAcquireAsync(Lease, Alpha, Duration, Ct);

        var claim = await AcquireOnceRunOutAsync(Beta);

        Assert.IsTrue(claim.Acquired);
        Assert.AreEqual(Alpha, claim.TakenOverFrom);
        Assert.IsFalse(await Leases.RenewAsync(Lease, Alpha, Duration, Ct), "the old holder cannot renew what was taken over");
        Assert.IsFalse(await Leases.ReleaseAsync(Lease, Alpha, Ct), "nor release it");
        Assert.IsFalse((await Leases.TryAcquireAsync(Lease, Alpha, Duration, Ct)).Acquired, "nor take it back while the new holder has it");
    }

    [TestMethod]
    public async Task Release_ByHolder_AnotherAcquiresAtOnceWithoutTakeover()
    {
        await Leases.TryAcquireAsync(Lease, Alpha, Duration, Ct);

        var released = await Leases.ReleaseAsync(Lease, Alpha, Ct);
        var claim = await Leases.TryAcquireAsync(Lease, Beta, Duration, Ct);

        Assert.IsTrue(released);
        Assert.IsTrue(claim.Acquired);
        Assert.IsNull(claim.TakenOverFrom, "a released lease is handed over, not taken over");
        Assert.IsFalse(await Leases.RenewAsync(Lease, Alpha, Duration, Ct), "the old holder cannot renew after its release");
    }

    [TestMethod]
    public async Task Release_ByNonHolder_RefusedAndStillHeld()
    {
        await Leases.TryAcquireAsync(Lease, Alpha, Duration, Ct);

        var released = await Leases.ReleaseAsync(Lease, Beta, Ct);

        Assert.IsFalse(released);
        Assert.IsFalse((await Leases.TryAcquireAsync(Lease, Beta, Duration, Ct)).Acquired);
    }

    [TestMethod]
    public async Task TryAcquire_ManyHoldersAtOnce_ExactlyOneWins()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Leases.TryAcquireAsync(Lease, $"instance-{i}", Duration, Ct)));

        Assert.AreEqual(1, claims.Count(c => c.Acquired));
    }

    private protected abstract Task<StorageBackend> CreateBackendAsync();

    /// <summary><paramref name="holder"/> tries to take the lease until it has run out (the clock is the provider's).</summary>
    private protected abstract Task<LeaseClaim> AcquireOnceRunOutAsync(string holder);

    private protected async Task<LeaseClaim> TryAcquireAsync(string holder) => await Leases.TryAcquireAsync(Lease, holder, Duration, Ct);

    private protected static TimeSpan LeaseDuration => Duration;
}

[TestClass]
public sealed class SqliteLeaseStoreTests : LeaseStoreContractTests
{
    [TestMethod]
    public async Task Renew_ByHolder_LastsPastTheFirstExpiry()
    {
        await TryAcquireAsync("instance-a");
        Backend.Time.Advance(LeaseDuration - TimeSpan.FromSeconds(1));

        Assert.IsTrue(await Backend.Leases.RenewAsync("leader", "instance-a", LeaseDuration, TestContext.CancellationToken));
        Backend.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.IsFalse((await TryAcquireAsync("instance-b")).Acquired, "renewed from the moment of the renewal");
        Backend.Time.Advance(LeaseDuration);
        Assert.IsTrue((await TryAcquireAsync("instance-b")).Acquired);
    }

    [TestMethod]
    public async Task TryAcquire_OneTickBeforeExpiry_Refused()
    {
        await TryAcquireAsync("instance-a");
        Backend.Time.Advance(LeaseDuration - TimeSpan.FromTicks(1));

        Assert.IsFalse((await TryAcquireAsync("instance-b")).Acquired);
    }

    private protected override Task<StorageBackend> CreateBackendAsync() => Task.FromResult<StorageBackend>(new SqliteBackend());

    private protected override async Task<LeaseClaim> AcquireOnceRunOutAsync(string holder)
    {
        Assert.IsFalse((await TryAcquireAsync(holder)).Acquired, "still held before it runs out");
        Backend.Time.Advance(LeaseDuration);
        return await TryAcquireAsync(holder);
    }
}

[TestClass]
public sealed class AzureBlobLeaseStoreTests : LeaseStoreContractTests
{
    private protected override async Task<StorageBackend> CreateBackendAsync() => await AzureBackend.CreateAsync();

    /// <summary>A blob lease runs out on the storage service's own clock: wait for it (bounded), trying as a standby would.</summary>
    private protected override async Task<LeaseClaim> AcquireOnceRunOutAsync(string holder)
    {
        var started = TimeProvider.System.GetTimestamp();
        var claim = await Eventually.UntilAsync(
            _ => TryAcquireAsync(holder),
            c => c.Acquired,
            TestContext.CancellationToken,
            timeout: TimeSpan.FromSeconds(45),
            because: "for the blob lease to run out");
        Assert.IsGreaterThanOrEqualTo(LeaseDuration - TimeSpan.FromSeconds(2), TimeProvider.System.GetElapsedTime(started), "not before the lease ran out");
        return claim;
    }
}
