using TeamsEscalationBot.Features.Installations;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>The <see cref="IInstallationStore"/> contract, run against SQLite and Azure Blob (Azurite).</summary>
public abstract class InstallationStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private StorageBackend backend = null!;

    public TestContext TestContext { get; set; } = null!;

    private IInstallationStore Store => backend.Installations;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestInitialize]
    public async Task InitializeAsync() => backend = await CreateBackendAsync();

    [TestCleanup]
    public async Task CleanupAsync() => await backend.DisposeAsync();

    [TestMethod]
    public async Task UpsertAsync_NewInstallation_GetReturnsEveryField()
    {
        var team = Team("19:general@thread.tacv2", "19:team-1@thread.tacv2");

        await Store.UpsertAsync(team, Ct);

        Assert.AreEqual(team, await Store.GetAsync(team.ConversationId, Ct));
    }

    [TestMethod]
    public async Task UpsertAsync_Existing_KeepsFirstInstalledAtAndReplacesTheRest()
    {
        var first = Personal("a:personal-1", "aad-user-1");
        await Store.UpsertAsync(first, Ct);
        var second = first with
        {
            ServiceUrl = "https://smba.trafficmanager.net/emea/",
            UserName = "Renamed User",
            InstalledAt = T0.AddDays(5),
            LastSeenAt = T0.AddDays(5),
        };

        await Store.UpsertAsync(second, Ct);

        Assert.AreEqual(second with { InstalledAt = first.InstalledAt }, await Store.GetAsync(first.ConversationId, Ct));
    }

    [TestMethod]
    public async Task GetAsync_Unknown_ReturnsNull() =>
        Assert.IsNull(await Store.GetAsync("a:nobody", Ct));

    [TestMethod]
    public async Task RemoveAsync_Existing_RemovesItAndReturnsTrue()
    {
        var personal = Personal("a:personal-1", "aad-user-1");
        await Store.UpsertAsync(personal, Ct);

        Assert.IsTrue(await Store.RemoveAsync(personal.ConversationId, Ct));
        Assert.IsNull(await Store.GetAsync(personal.ConversationId, Ct));
        Assert.IsNull(await Store.FindPersonalAsync("aad-user-1", Ct));
    }

    [TestMethod]
    public async Task RemoveAsync_Unknown_ReturnsFalse() =>
        Assert.IsFalse(await Store.RemoveAsync("a:nobody", Ct));

    [TestMethod]
    public async Task FindPersonalAsync_ByUserAadObjectId_ReturnsThatUsersPersonalChatOnly()
    {
        await Store.UpsertAsync(Personal("a:personal-1", "aad-user-1"), Ct);
        await Store.UpsertAsync(Personal("a:personal-2", "aad-user-2"), Ct);
        // A team installed by the same user is not a personal chat.
        await Store.UpsertAsync(Team("19:general@thread.tacv2", "19:team-1@thread.tacv2") with { UserAadObjectId = "aad-user-1" }, Ct);

        var found = await Store.FindPersonalAsync("aad-user-1", Ct);

        Assert.AreEqual("a:personal-1", found?.ConversationId);
        Assert.IsNull(await Store.FindPersonalAsync("aad-user-3", Ct));
    }

    [TestMethod]
    public async Task FindPersonalAsync_SeveralForOneUser_ReturnsTheMostRecentlySeen()
    {
        await Store.UpsertAsync(Personal("a:personal-old", "aad-user-1") with { LastSeenAt = T0.AddHours(1) }, Ct);
        await Store.UpsertAsync(Personal("a:personal-new", "aad-user-1") with { LastSeenAt = T0.AddHours(2) }, Ct);

        Assert.AreEqual("a:personal-new", (await Store.FindPersonalAsync("aad-user-1", Ct))?.ConversationId);
    }

    [TestMethod]
    public async Task FindTeamAsync_TeamIdWithCharactersTagsDoNotAllow_FindsIt()
    {
        var team = Team("19:general;messageid=1@thread.tacv2", "19:Team Ñ 'quoted'@thread.tacv2");
        await Store.UpsertAsync(team, Ct);
        await Store.UpsertAsync(Team("19:other@thread.tacv2", "19:other-team@thread.tacv2"), Ct);

        Assert.AreEqual(team, await Store.FindTeamAsync("19:Team Ñ 'quoted'@thread.tacv2", Ct));
        Assert.IsNull(await Store.FindTeamAsync("19:missing@thread.tacv2", Ct));
    }

    [TestMethod]
    public async Task FindTeamAsync_GroupChatWithSameTeamId_IsNotATeam()
    {
        await Store.UpsertAsync(Personal("19:group@thread.v2", "aad-user-1") with { Scope = InstallationScope.GroupChat, TeamId = "19:team-1@thread.tacv2" }, Ct);

        Assert.IsNull(await Store.FindTeamAsync("19:team-1@thread.tacv2", Ct));
    }

    [TestMethod]
    public async Task ListServiceUrlsAsync_SeveralInstallations_ReturnsDistinctUrlsInOrdinalOrder()
    {
        await Store.UpsertAsync(Personal("a:1", "aad-1") with { ServiceUrl = "https://smba.trafficmanager.net/emea/" }, Ct);
        await Store.UpsertAsync(Personal("a:2", "aad-2") with { ServiceUrl = "https://smba.trafficmanager.net/amer/" }, Ct);
        await Store.UpsertAsync(Personal("a:3", "aad-3") with { ServiceUrl = "https://smba.trafficmanager.net/emea/" }, Ct);

        CollectionAssert.AreEqual(
            new[] { "https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/emea/" },
            (await Store.ListServiceUrlsAsync(Ct)).ToArray());
    }

    [TestMethod]
    public async Task ListServiceUrlsAsync_AfterRemoveAndUrlChange_ListsOnlyCurrentUrls()
    {
        await Store.UpsertAsync(Personal("a:1", "aad-1") with { ServiceUrl = "https://one.example/" }, Ct);
        await Store.UpsertAsync(Personal("a:2", "aad-2") with { ServiceUrl = "https://two.example/" }, Ct);
        await Store.UpsertAsync(Personal("a:1", "aad-1") with { ServiceUrl = "https://three.example/" }, Ct);
        await Store.RemoveAsync("a:2", Ct);

        CollectionAssert.AreEqual(new[] { "https://three.example/" }, (await Store.ListServiceUrlsAsync(Ct)).ToArray());
    }

    [TestMethod]
    public async Task ListServiceUrlsAsync_Empty_ReturnsNothing() =>
        Assert.IsEmpty(await Store.ListServiceUrlsAsync(Ct));

    [TestMethod]
    public async Task UpsertAsync_AfterRestart_IsStillThere()
    {
        var personal = Personal("a:personal-1", "aad-user-1");
        await Store.UpsertAsync(personal, Ct);

        backend.Restart();

        Assert.AreEqual(personal, await Store.GetAsync(personal.ConversationId, Ct));
        Assert.AreEqual(personal, await Store.FindPersonalAsync("aad-user-1", Ct));
    }

    private protected abstract Task<StorageBackend> CreateBackendAsync();

    private static Installation Personal(string conversationId, string userAadObjectId) => new(
        conversationId, "https://smba.trafficmanager.net/amer/", "tenant-1", InstallationScope.Personal, "28:bot",
        TeamId: null, TeamAadGroupId: null, TeamName: null, ChannelId: null,
        UserId: "29:" + userAadObjectId, UserAadObjectId: userAadObjectId, UserName: "User " + userAadObjectId,
        InstalledAt: T0, LastSeenAt: T0.AddMinutes(5));

    private static Installation Team(string conversationId, string teamId) => new(
        conversationId, "https://smba.trafficmanager.net/amer/", "tenant-1", InstallationScope.Team, "28:bot",
        TeamId: teamId, TeamAadGroupId: "bbbbbbbb-0000-0000-0000-000000000000", TeamName: "Ops Team", ChannelId: conversationId,
        UserId: null, UserAadObjectId: null, UserName: null,
        InstalledAt: T0, LastSeenAt: T0.AddMinutes(5));
}

[TestClass]
public sealed class SqliteInstallationStoreTests : InstallationStoreContractTests
{
    private protected override Task<StorageBackend> CreateBackendAsync() => Task.FromResult<StorageBackend>(new SqliteBackend());
}

[TestClass]
public sealed class AzureBlobInstallationStoreTests : InstallationStoreContractTests
{
    private protected override async Task<StorageBackend> CreateBackendAsync() => await AzureBackend.CreateAsync();
}
