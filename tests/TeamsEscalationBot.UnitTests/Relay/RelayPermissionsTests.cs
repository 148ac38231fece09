using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Relay;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Relay;

/// <summary>
/// Who may decide on an answer nobody asked for by name, and where: only in a conversation the answer was delivered
/// to, by a person the card was for there. Carla and Dario are the listed managers; Leo leads Billing.
/// </summary>
[TestClass]
public sealed class RelayPermissionsTests
{
    private const string CarlasChat = "a:carla-chat";
    private const string DariosChat = "a:dario-chat";
    private const string Thread = "19:billing@thread.tacv2;messageid=1";
    private const string TargetThread = "19:community-managers@thread.tacv2;messageid=77";
    private static readonly DateTimeOffset Later = Start.AddHours(1);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("aad-carla", CarlasChat, true, DisplayName = "Carla in her chat")]
    [DataRow("aad-dario", DariosChat, true, DisplayName = "Dario in his chat (a later copy)")]
    [DataRow("aad-carla", "a:another-chat", false, DisplayName = "Carla in a chat it was not sent to")]
    [DataRow("aad-carla", Thread, false, DisplayName = "Carla in the department thread, where it was not posted")]
    [DataRow("aad-luis", CarlasChat, false, DisplayName = "someone not listed")]
    public async Task MayDecideAsync_ListedManagers_OnlyInAChatTheAnswerWentTo(string clicker, string conversation, bool expected)
    {
        var complaint = Answered();
        MustSucceed(complaint.RecordRelayDelivered(CarlasChat, "1", Later));
        MustSucceed(complaint.RecordRelayCopyDelivered(DariosChat, "2", Later));

        Assert.AreEqual(expected, await MayDecideAsync(complaint, clicker, conversation));
    }

    [TestMethod]
    [DataRow("aad-leo", true, DisplayName = "the department's lead")]
    [DataRow("aad-carla", true, DisplayName = "a listed manager")]
    [DataRow("aad-luis", false, DisplayName = "a member who is no lead")]
    [DataRow("aad-stranger", false, DisplayName = "a user of no department")]
    public async Task MayDecideAsync_FallbackThread_ListedManagersAndLeadsOnly(string clicker, bool expected)
    {
        var complaint = Answered();
        MustSucceed(complaint.RecordRelayFailed("Teams refused.", Later, new RelayCard(Thread, "9")));

        Assert.AreEqual(expected, await MayDecideAsync(complaint, clicker, Thread));
        Assert.IsFalse(await MayDecideAsync(complaint, clicker, "19:billing@thread.tacv2;messageid=2"), "another thread of the channel");
    }

    [TestMethod]
    public async Task MayDecideAsync_TargetChannelThread_AnyoneThereNowhereElse()
    {
        var complaint = Answered();
        MustSucceed(complaint.RecordRelayDelivered(TargetThread, "77", Later));

        Assert.IsTrue(await MayDecideAsync(complaint, "aad-anyone", TargetThread));
        Assert.IsFalse(await MayDecideAsync(complaint, "aad-anyone", "19:community-managers@thread.tacv2;messageid=78"));
        Assert.IsFalse(await MayDecideAsync(complaint, "aad-anyone", "19:community-managers@thread.tacv2"));
    }

    [TestMethod]
    public async Task MayDecideAsync_WhereAnEarlierAnswerWent_NotForTheNewOne()
    {
        var complaint = Answered();
        MustSucceed(complaint.RecordRelayDelivered(CarlasChat, "1", Later));
        MustSucceed(complaint.SendBack(Cm, "Shorter.", Later));
        MustSucceed(complaint.Resolve(Ana, "Refunded.", Later));

        Assert.IsFalse(await MayDecideAsync(complaint, "aad-carla", CarlasChat), "the new answer has not reached her yet");
    }

    [TestMethod]
    public void IsAddressee_SeesAsTheRequester_ListedManagersTargetThreadAndLeadsInTheFallbackThread()
    {
        var complaint = Answered();
        MustSucceed(complaint.RecordRelayFailed("Teams refused.", Later, new RelayCard(Thread, "9")));
        var addressees = Addressees();

        Assert.IsTrue(addressees.IsAddressee(complaint, new ComplaintViewer("aad-dario")), "a listed manager, anywhere");
        Assert.IsTrue(addressees.IsAddressee(complaint, new ComplaintViewer("aad-leo", Thread)));
        Assert.IsFalse(addressees.IsAddressee(complaint, new ComplaintViewer("aad-leo", CarlasChat)), "a lead, outside the thread");
        Assert.IsFalse(addressees.IsAddressee(complaint, new ComplaintViewer("aad-luis", Thread)));
        Assert.IsFalse(addressees.IsAddressee(InState(ComplaintState.Answered), new ComplaintViewer("aad-dario")), "a complaint with a requester has no other addressee");
    }

    private async Task<bool> MayDecideAsync(Complaint complaint, string clicker, string conversationId)
    {
        var permissions = new RelayPermissions(new NoDirectory(), Addressees());
        var activity = new Activity
        {
            From = new ChannelAccount { Id = "29:" + clicker, AadObjectId = clicker },
            Conversation = new ConversationAccount { Id = conversationId },
        };
        var may = await permissions.MayDecideAsync(complaint, activity, TestContext.CancellationToken);
        return may.Match(yes => yes, () => false, _ => throw new AssertFailedException("The directory is not asked here."));
    }

    private static RelayAddressees Addressees()
    {
        var options = new RelayOptions();
        options.DefaultTargets["listening-tool"] = new RelayTargetOptions { CommunityManagers = ["aad-carla", "aad-dario"] };
        var billing = new Department
        {
            Id = Billing,
            Name = "Billing",
            TeamId = "19:team@thread.tacv2",
            ChannelId = "19:billing@thread.tacv2",
            EntraGroupId = "group-billing",
            LeadUserIds = ["aad-leo"],
        };
        return new RelayAddressees(Options.Create(options), new ComplaintRouter([billing], Billing));
    }

    /// <summary>Answered by Ana; nobody asked for it by name.</summary>
    private static Complaint Answered()
    {
        var complaint = Received(Submission() with { Requester = null });
        MustSucceed(complaint.RecordCardPosted(Card(Billing), Start.AddMinutes(1)));
        MustSucceed(complaint.Claim(Ana, Start.AddMinutes(2)));
        MustSucceed(complaint.Resolve(Ana, "We are refunding you today.", Start.AddMinutes(3)));
        return complaint;
    }

    private sealed class NoDirectory : IDirectory
    {
        public Task<DirectoryLookup<DirectoryUser>> GetUserAsync(string aadObjectIdOrUpn, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DirectoryLookup<bool>> IsDepartmentMemberAsync(string aadObjectId, Department department, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<DirectoryLookup<bool>> InstallAppForUserAsync(string aadObjectId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
