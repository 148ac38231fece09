using TeamsEscalationBot.Features.Digest;
using TeamsEscalationBot.IntegrationTests.Storage;

namespace TeamsEscalationBot.IntegrationTests.Digest;

/// <summary>The <see cref="IDigestSendStore"/> contract, run against SQLite and Azure Blob (Azurite).</summary>
public abstract class DigestSendStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 7, 0, 0, TimeSpan.Zero);

    private StorageBackend backend = null!;

    public TestContext TestContext { get; set; } = null!;

    private IDigestSendStore Store { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestInitialize]
    public async Task InitializeAsync()
    {
        backend = await CreateBackendAsync();
        Store = backend switch
        {
            SqliteBackend sqlite => new SqliteDigestSendStore(sqlite.Database),
            AzureBackend azure => new AzureBlobDigestSendStore(azure.Clients),
            _ => throw new InvalidOperationException("Unknown backend."),
        };
    }

    [TestCleanup]
    public async Task CleanupAsync() => await backend.DisposeAsync();

    [TestMethod]
    public async Task TryAddAsync_SameRecipientCadenceAndPeriod_OnlyTheFirstIsRecorded()
    {
        var send = Send("d1a9e5c0-0000-4000-8000-00000000aa01");

        Assert.IsTrue(await Store.TryAddAsync(send, Ct));
        Assert.IsFalse(await Store.TryAddAsync(send with { Late = true, RecordedAt = T0.AddMinutes(1) }, Ct), "a second record of the same period");
        Assert.IsFalse(await Store.TryAddAsync(send with { RecipientAadObjectId = send.RecipientAadObjectId.ToUpperInvariant() }, Ct), "the same person");
        Assert.IsTrue(await Store.TryAddAsync(send with { Cadence = DigestCadence.Weekly }, Ct), "another cadence");
        Assert.IsTrue(await Store.TryAddAsync(send with { FirstDay = send.FirstDay.AddDays(1) }, Ct), "another period");

        var stored = await Store.GetAsync(send.Key, Ct);
        Assert.AreEqual(send.RecordedAt, stored!.Send.RecordedAt, "the first record stays");
        Assert.IsFalse(stored.Send.Late);
        CollectionAssert.AreEqual(new[] { "billing", "care" }, stored.Send.Departments.ToArray());
        Assert.AreEqual(send.Periods, stored.Send.Periods);
    }

    [TestMethod]
    public async Task TryAddAsync_ManyAtOnce_ExactlyOneWins()
    {
        var send = Send("d1a9e5c0-0000-4000-8000-00000000bb02");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Store.TryAddAsync(send, Ct)));

        Assert.AreEqual(1, results.Count(r => r));
    }

    [TestMethod]
    public async Task TryReplaceAsync_AtTheVersionRead_ReplacedOnceAndAnOlderVersionRefused()
    {
        var send = Send("d1a9e5c0-0000-4000-8000-00000000cc03");
        await Store.TryAddAsync(send, Ct);
        var stored = (await Store.GetAsync(send.Key, Ct))!;

        var taken = await Store.TryReplaceAsync(stored.Send with { Attempts = 1, NextAttemptAt = T0.AddMinutes(5) }, stored.Version, Ct);
        var rival = await Store.TryReplaceAsync(stored.Send with { Attempts = 1, NextAttemptAt = T0.AddMinutes(5) }, stored.Version, Ct);

        Assert.IsNotNull(taken);
        Assert.IsNull(rival, "a second taker with the same version loses");
        Assert.IsNotNull(await Store.TryReplaceAsync(stored.Send with { Attempts = 1, State = DigestSendState.Sent, SentAt = T0.AddMinutes(1) }, taken, Ct));
        Assert.AreEqual(DigestSendState.Sent, (await Store.GetAsync(send.Key, Ct))!.Send.State);
    }

    [TestMethod]
    public async Task ListDueAsync_PendingAndDue_EarliestFirstWithoutSentOrLaterOnes()
    {
        var early = Send("d1a9e5c0-0000-4000-8000-0000000000e1") with { NextAttemptAt = T0.AddMinutes(-5) };
        var now = Send("d1a9e5c0-0000-4000-8000-0000000000e2");
        var later = Send("d1a9e5c0-0000-4000-8000-0000000000e3") with { NextAttemptAt = T0.AddMinutes(5) };
        var sent = Send("d1a9e5c0-0000-4000-8000-0000000000e4") with { State = DigestSendState.Sent };
        foreach (var send in new[] { now, later, sent, early })
        {
            await Store.TryAddAsync(send, Ct);
        }

        var due = await TeamsEscalationBot.TestHarness.Eventually.UntilAsync(
            _ => Store.ListDueAsync(T0, 10, Ct), list => list.Count >= 2, Ct, because: "the blob index to list both");

        CollectionAssert.AreEqual(new[] { early.Key, now.Key }, due.Select(d => d.Send.Key).ToArray());
        Assert.HasCount(1, await Store.ListDueAsync(T0, 1, Ct), "at most max");
    }

    [TestMethod]
    public async Task CheckedUntil_OnlyMovesForward()
    {
        Assert.IsNull(await Store.GetCheckedUntilAsync(Ct));

        await Store.SetCheckedUntilAsync(T0, Ct);
        await Store.SetCheckedUntilAsync(T0.AddMinutes(-1), Ct);
        Assert.AreEqual(T0, await Store.GetCheckedUntilAsync(Ct));

        await Store.SetCheckedUntilAsync(T0.AddMinutes(1), Ct);
        Assert.AreEqual(T0.AddMinutes(1), await Store.GetCheckedUntilAsync(Ct));
    }

    private protected abstract Task<StorageBackend> CreateBackendAsync();

    private static DigestSend Send(string recipient) => new()
    {
        RecipientAadObjectId = recipient,
        Cadence = DigestCadence.Daily,
        FirstDay = new DateOnly(2026, 3, 9),
        PeriodFrom = new DateTimeOffset(2026, 3, 8, 23, 0, 0, TimeSpan.Zero),
        PeriodTo = new DateTimeOffset(2026, 3, 9, 23, 0, 0, TimeSpan.Zero),
        PreviousFrom = new DateTimeOffset(2026, 3, 7, 23, 0, 0, TimeSpan.Zero),
        PreviousTo = new DateTimeOffset(2026, 3, 8, 23, 0, 0, TimeSpan.Zero),
        TimeZoneId = "Europe/Madrid",
        Departments = ["billing", "care"],
        Locale = "es-ES",
        DueAt = T0,
        NextAttemptAt = T0,
        RecordedAt = T0,
    };
}

[TestClass]
public sealed class SqliteDigestSendStoreTests : DigestSendStoreContractTests
{
    private protected override Task<StorageBackend> CreateBackendAsync() => Task.FromResult<StorageBackend>(new SqliteBackend());
}

[TestClass]
public sealed class AzureBlobDigestSendStoreTests : DigestSendStoreContractTests
{
    private protected override async Task<StorageBackend> CreateBackendAsync() => await AzureBackend.CreateAsync();
}
